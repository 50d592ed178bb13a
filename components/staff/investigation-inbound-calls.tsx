import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { Badge, DataTable, TD, TD_NUM } from "./investigation-parts";
import { StaffTime } from "./staff-time";

type Call = inferRouterOutputs<AppRouter>["payments"]["investigate"]["inboundCalls"][number];

function pretty(text: string | null): string {
  if (!text) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The Alipay+ calls naming the payment request, as received (redacted), with their verdicts. */
export function InboundCallsTable({ calls }: { calls: Call[] }) {
  return (
    <DataTable
      caption="Inbound Alipay+ calls naming this payment request, oldest first"
      columns={[
        { label: "Received" },
        { label: "Call" },
        { label: "Signature" },
        { label: "HTTP", numeric: true },
        { label: "Result" },
        { label: "Latency", numeric: true },
        { label: "Raw request and answer" },
      ]}
      empty="No inbound calls recorded for this payment request."
      rowCount={calls.length}
    >
      {calls.map((call) => (
        <tr key={call.id}>
          <th scope="row" className={`${TD} font-normal`}>
            <StaffTime value={call.receivedAt} />
          </th>
          <td className={`${TD} font-mono text-xs`}>
            {call.method} {call.path}
          </td>
          <td className={TD}>
            <Badge tone={call.signatureVerdict === "VALID" ? "good" : "bad"}>
              {call.signatureVerdict}
            </Badge>
          </td>
          <td className={TD_NUM}>{call.httpStatus}</td>
          <td className={TD}>
            {call.resultStatus ?? "—"} {call.resultCode ?? ""}
          </td>
          <td className={TD_NUM}>{call.latencyMs} ms</td>
          <td className={TD}>
            <details>
              <summary className="cursor-pointer text-sky-800 underline">
                Show call {call.id}
              </summary>
              <p className="mt-2 text-xs font-semibold">Request body</p>
              <pre className="max-h-80 max-w-xl overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">
                {pretty(call.rawBody)}
              </pre>
              <p className="mt-2 text-xs font-semibold">Answer</p>
              <pre className="max-h-80 max-w-xl overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">
                {pretty(call.responseBody)}
              </pre>
            </details>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

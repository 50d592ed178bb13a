import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { CallBody, CallResult, SignatureBadge } from "./inbound-call-parts";
import { DataTable, TD, TD_NUM } from "./investigation-parts";
import { StaffTime } from "./staff-time";

type Call = inferRouterOutputs<AppRouter>["payments"]["investigate"]["inboundCalls"][number];

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
            <SignatureBadge verdict={call.signatureVerdict} />
          </td>
          <td className={TD_NUM}>{call.httpStatus}</td>
          <td className={TD}>
            <CallResult resultStatus={call.resultStatus} resultCode={call.resultCode} />
          </td>
          <td className={TD_NUM}>{call.latencyMs} ms</td>
          <td className={TD}>
            <details>
              <summary className="cursor-pointer text-sky-800 underline">
                Show call {call.id}
              </summary>
              <div className="mt-2 grid max-w-xl gap-2">
                <CallBody title="Request body" text={call.rawBody} />
                <CallBody title="Answer" text={call.responseBody} />
              </div>
            </details>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  CallBody,
  CallRequestIds,
  CallResult,
  SignatureBadge,
} from "@/components/staff/inbound-call-parts";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { orNull, staffRead } from "../../../staff-api";
import { ConsoleTable } from "@/components/staff/console-table";

export const metadata: Metadata = { title: "Inbound call" };

/** One inbound call whole: what was received (headers, body) and what was answered. */
export default async function InboundCallPage({ params }: { params: Promise<{ callId: string }> }) {
  const { callId } = await params;
  if (!/^[1-9][0-9]{0,18}$/.test(callId)) notFound();
  const result = await staffRead((api) => orNull(api.inbound.get({ id: callId })));
  if (!result.allowed) return <NotAllowed message={result.message} />;
  const call = result.data;
  if (!call) notFound();

  const facts: [string, React.ReactNode][] = [
    ["Received", <StaffTime key="t" value={call.receivedAt} />],
    ["API", <span key="a" className="font-mono text-xs">{`${call.method} ${call.path}`}</span>],
    ["Request ids", <CallRequestIds key="i" {...call} />],
    ["Signature", <SignatureBadge key="s" verdict={call.signatureVerdict} />],
    [
      "Result",
      <CallResult key="r" resultStatus={call.resultStatus} resultCode={call.resultCode} />,
    ],
    ["HTTP status", call.httpStatus],
    ["Latency", `${call.latencyMs} ms`],
  ];
  if (call.bodyBytes !== null) {
    facts.push(["Request body", `${call.bodyBytes.toLocaleString("en")} bytes as received`]);
  }
  if (call.bodySha256) {
    facts.push([
      "Body SHA-256",
      <span key="h" className="break-all font-mono text-xs">
        {call.bodySha256}
      </span>,
    ]);
  }
  const headers = Object.entries(call.headers);

  return (
    <>
      <PageHeader
        title={`Inbound call ${call.id}`}
        description="As received and answered. Tokens and codes are stored redacted to their last 4 characters; Authorization and Cookie headers are never stored."
        actions={
          <Link href="/staff/inbound" className="text-sm font-medium text-sky-800 underline">
            All inbound calls
          </Link>
        }
      />
      <dl className="mb-6 grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="min-w-0">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="call-headers" className="mb-6">
        <h2 id="call-headers" className="mb-2 text-lg font-semibold text-slate-900">
          Request headers
        </h2>
        <ConsoleTable caption="Request headers as stored" columns={["Name", "Value"]}>
          <tbody className="divide-y divide-slate-100">
            {headers.map(([name, value]) => (
              <tr key={name}>
                <th
                  scope="row"
                  className="whitespace-nowrap px-3 py-1.5 align-top font-mono text-xs font-normal"
                >
                  {name}
                </th>
                <td className="break-all px-3 py-1.5 font-mono text-xs">{value}</td>
              </tr>
            ))}
          </tbody>
        </ConsoleTable>
      </section>
      <section aria-labelledby="call-bodies" className="grid gap-4 lg:grid-cols-2">
        <h2 id="call-bodies" className="sr-only">
          Bodies
        </h2>
        <CallBody
          title={
            call.bodySha256
              ? "Request body (signature not verified: its first 4 KiB)"
              : "Request body"
          }
          text={call.requestBody}
          whole
        />
        <CallBody
          title={`Response body (HTTP ${call.httpStatus})`}
          text={call.responseBody}
          whole
        />
      </section>
    </>
  );
}

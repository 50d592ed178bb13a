import type { Metadata } from "next";
import Link from "next/link";
import { SelectField, TextField } from "@/components/staff/field";
import {
  CallBody,
  CallRequestIds,
  CallResult,
  SignatureBadge,
} from "@/components/staff/inbound-call-parts";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import {
  INBOUND_API_NAMES,
  isInboundCursor,
  RESULT_STATUS_FILTERS,
  SIGNATURE_VERDICTS,
} from "@/server/inbound-log/inbound-calls";
import { staffRead } from "../../staff-api";
import { ConsoleTable } from "@/components/staff/console-table";
import { oneOf } from "../../form-text";

export const metadata: Metadata = { title: "Inbound calls" };

type Search = {
  api?: string;
  verdict?: string;
  status?: string;
  q?: string;
  before?: string;
};

const RESULT_STATUS_LABELS: Record<(typeof RESULT_STATUS_FILTERS)[number], string> = {
  S: "S (success)",
  F: "F (failure)",
  U: "U (unknown)",
  NONE: "No result",
};

const COLUMNS = ["Received (UTC)", "API", "Request ids", "Signature", "Result", "HTTP", "Latency"];

/** Every Alipay+ call as received and answered, newest first, filterable; keyset pages. */
export default async function InboundCallsPage({
  searchParams,
}: {
  searchParams: Promise<Search>;
}) {
  const search = await searchParams;
  const filter = {
    api: oneOf(INBOUND_API_NAMES, search.api),
    verdict: oneOf(SIGNATURE_VERDICTS, search.verdict),
    resultStatus: oneOf(RESULT_STATUS_FILTERS, search.status),
    requestId: search.q?.trim().slice(0, 64) || undefined,
  };
  // A cursor comes from this page's own links; anything else starts from the newest call.
  const before = search.before && isInboundCursor(search.before) ? search.before : undefined;
  const page = await staffRead((api) => api.inbound.list({ ...filter, before }));
  if (!page.allowed) return <NotAllowed message={page.message} />;
  const { rows, nextBefore } = page.data;
  const filterParams = {
    ...(filter.api ? { api: filter.api } : {}),
    ...(filter.verdict ? { verdict: filter.verdict } : {}),
    ...(filter.resultStatus ? { status: filter.resultStatus } : {}),
    ...(filter.requestId ? { q: filter.requestId } : {}),
  };
  const filtered = Object.keys(filterParams).length > 0;

  return (
    <>
      <PageHeader
        title="Inbound calls"
        description="Every call Alipay+ made to Plusdesk, as received and answered: signature verdict, result, HTTP status and latency, with the raw request and response (tokens and codes are stored redacted to their last 4 characters). Newest first."
      />
      <form
        role="search"
        aria-label="Filter inbound calls"
        className="mb-4 grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-5"
      >
        <SelectField
          label="API"
          name="api"
          defaultValue={filter.api ?? ""}
          options={[
            { value: "", label: "All APIs" },
            ...INBOUND_API_NAMES.map((name) => ({ value: name, label: name })),
          ]}
        />
        <SelectField
          label="Signature"
          name="verdict"
          defaultValue={filter.verdict ?? ""}
          options={[
            { value: "", label: "Any verdict" },
            ...SIGNATURE_VERDICTS.map((verdict) => ({ value: verdict, label: verdict })),
          ]}
        />
        <SelectField
          label="Result status"
          name="status"
          defaultValue={filter.resultStatus ?? ""}
          options={[
            { value: "", label: "Any result" },
            ...RESULT_STATUS_FILTERS.map((status) => ({
              value: status,
              label: RESULT_STATUS_LABELS[status],
            })),
          ]}
        />
        <TextField
          label="Request id"
          name="q"
          defaultValue={filter.requestId}
          hint="An exact paymentRequestId or refundRequestId"
          maxLength={64}
        />
        <div className="flex items-center gap-3 sm:pt-6">
          <button
            type="submit"
            className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
          >
            Filter
          </button>
          {filtered && (
            <Link href="/staff/inbound" className="text-sm text-sky-800 underline">
              Clear
            </Link>
          )}
        </div>
      </form>

      <ConsoleTable
        caption="Inbound Alipay+ calls, newest first; each call is followed by a row that expands to its raw request and response"
        columns={COLUMNS}

        empty={rows.length === 0 && <>No calls{filtered ? " match these filters" : " yet"}.</>}
      >
        {rows.map((call) => (
          <tbody
            key={call.id}
            className="border-t border-slate-200 align-top"
            data-testid={`inbound-call-${call.id}`}
          >
            <tr>
              <th scope="row" className="px-3 pt-2 font-normal">
                <StaffTime value={call.receivedAt} />
              </th>
              <td className="px-3 pt-2 font-mono text-xs">
                <span title={`${call.method} ${call.path}`}>{call.api}</span>
              </td>
              <td className="max-w-72 px-3 pt-2">
                <CallRequestIds {...call} />
              </td>
              <td className="px-3 pt-2">
                <SignatureBadge verdict={call.signatureVerdict} />
              </td>
              <td className="px-3 pt-2">
                <CallResult resultStatus={call.resultStatus} resultCode={call.resultCode} />
              </td>
              <td className="px-3 pt-2 tabular-nums">{call.httpStatus}</td>
              <td className="whitespace-nowrap px-3 pt-2 tabular-nums">{call.latencyMs} ms</td>
            </tr>
            <tr>
              <td colSpan={COLUMNS.length} className="px-3 pb-2">
                <details>
                  <summary className="cursor-pointer text-xs font-medium text-sky-800 underline">
                    Raw request and response of call {call.id}
                  </summary>
                  <div className="mt-2 grid gap-3 md:grid-cols-2">
                    <CallBody
                      title={`Request: ${call.method} ${call.path}`}
                      text={call.requestBody}
                      totalChars={call.requestChars}
                      fullHref={`/staff/inbound/${call.id}`}
                    />
                    <CallBody
                      title={`Response: HTTP ${call.httpStatus}`}
                      text={call.responseBody}
                      totalChars={call.responseChars}
                      fullHref={`/staff/inbound/${call.id}`}
                    />
                  </div>
                  <Link
                    href={`/staff/inbound/${call.id}`}
                    className="mt-2 inline-block text-xs text-sky-800 underline"
                  >
                    Open call {call.id} with its headers
                  </Link>
                </details>
              </td>
            </tr>
          </tbody>
        ))}
      </ConsoleTable>
      <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm font-medium">
        {before && (
          <Link
            href={`/staff/inbound?${new URLSearchParams(filterParams)}`}
            className="text-sky-800 underline"
          >
            Newest calls
          </Link>
        )}
        {nextBefore && (
          <Link
            href={`/staff/inbound?${new URLSearchParams({ ...filterParams, before: nextBefore })}`}
            className="text-sky-800 underline"
          >
            Older calls
          </Link>
        )}
      </nav>
    </>
  );
}

/**
 * The inbound call log as staff read it (README "Staff console": searchable, paginated): every
 * Alipay+ call server/call-log/record-inbound-call.ts wrote, newest first by the moment it was
 * received, in keyset pages (never OFFSET). The request id search is an exact match served by
 * indexes: `inbound_calls.payment_request_id` directly, and a refundRequestId through the
 * refund's row (unique `refunds.refund_request_id`), whose paymentRequestId every refund call
 * carries. Bodies are stored redacted; they are redacted again on the way out (idempotent), so a
 * row written by an older build never shows a token either.
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { INBOUND_API_OF_PATH } from "@/db/schema";
import { redactText } from "../alipayplus/redact";
import { DomainError } from "../errors";

export const SIGNATURE_VERDICTS = [
  "VALID",
  "INVALID",
  "MISSING",
  "UNKNOWN_CLIENT",
  "NOT_CHECKED",
] as const;
export type SignatureVerdict = (typeof SIGNATURE_VERDICTS)[number];

/** The APIs Alipay+ calls, by the last segment of their path (a public base path may precede). */
export const INBOUND_API_NAMES = [
  "pay",
  "refund",
  "cancelPayment",
  "inquiryPayment",
  "applyToken",
  "risk-cases",
] as const;

/** `NONE`: an answer without `result` (e.g. 413, a body too large to read). */
export const RESULT_STATUS_FILTERS = ["S", "F", "U", "NONE"] as const;
export type ResultStatusFilter = (typeof RESULT_STATUS_FILTERS)[number];

/** How much of each body a list page carries; the call's own view shows all of it. */
export const BODY_PREVIEW_CHARS = 8192;

export interface InboundCallCursor {
  /** The row's `received_at` to the microsecond, ISO 8601 UTC. */
  receivedAt: string;
  id: bigint;
}

export interface InboundCallFilter {
  api?: string;
  verdict?: SignatureVerdict;
  resultStatus?: ResultStatusFilter;
  /** An exact paymentRequestId or refundRequestId. */
  requestId?: string;
  /** Keyset: calls older than this one. */
  before?: InboundCallCursor;
  limit: number;
}

export interface InboundCallSummary {
  id: bigint;
  receivedAt: Date;
  cursor: InboundCallCursor;
  method: string;
  path: string;
  api: string;
  paymentRequestId: string | null;
  refundRequestId: string | null;
  /** The payment with this paymentRequestId, when Plusdesk holds one. */
  paymentId: string | null;
  signatureVerdict: SignatureVerdict;
  httpStatus: number;
  resultStatus: string | null;
  resultCode: string | null;
  latencyMs: number;
  /** The request body's size in bytes as received (null: not read, or logged before it was). */
  bodyBytes: number | null;
  /**
   * Set when the signature did not verify: the SHA-256 (hex) of the body as received, of which
   * only the first 4 KiB were kept.
   */
  bodySha256: string | null;
  /** The first BODY_PREVIEW_CHARS characters of each body, and its whole length. */
  requestBody: string;
  requestChars: number;
  responseBody: string;
  responseChars: number;
}

export interface InboundCallDetail extends Omit<
  InboundCallSummary,
  "requestChars" | "responseChars" | "cursor"
> {
  headers: Record<string, string>;
}

/** The API a stored path names: its last segment, without the query. */
export function apiOfPath(path: string): string {
  const pathname = path.split("?", 1)[0] ?? "";
  return pathname.slice(pathname.lastIndexOf("/") + 1);
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([1-9]\d{0,18})$/;

export function encodeCursor(cursor: InboundCallCursor): string {
  return `${cursor.receivedAt}_${cursor.id}`;
}

export function isInboundCursor(text: string): boolean {
  return CURSOR_PATTERN.test(text);
}

export function decodeCursor(text: string): InboundCallCursor {
  const match = CURSOR_PATTERN.exec(text);
  if (!match) throw new DomainError("invalid", "not a page cursor of the inbound call log");
  return { receivedAt: match[1]!, id: BigInt(match[2]!) };
}

/** A row as the statements select it (type aliases: db.execute wants an index signature). */
type BaseRow = {
  id: string;
  receivedAt: string;
  method: string;
  path: string;
  paymentRequestId: string | null;
  refundRequestId: string | null;
  paymentId: string | null;
  signatureVerdict: SignatureVerdict;
  httpStatus: number;
  resultStatus: string | null;
  resultCode: string | null;
  latencyMs: number;
  bodyBytes: number | null;
  bodySha256: string | null;
  requestBody: string;
  responseBody: string | null;
};
type SummaryRow = BaseRow & { requestChars: number; responseChars: number | null };

/** Newest first by (received_at, id); `nextBefore` continues after the last row shown. */
export async function listInboundCalls(
  db: DbOrTx,
  filter: InboundCallFilter,
): Promise<{ rows: InboundCallSummary[]; nextBefore: InboundCallCursor | null }> {
  const conditions: SQL[] = [sql`true`];
  if (filter.requestId) {
    const id = filter.requestId;
    // Both branches reach inbound_calls through its payment_request_id index.
    conditions.push(sql`c.payment_request_id in (
        ${id},
        (select r.payment_request_id from refunds r where r.refund_request_id = ${id}))`);
    conditions.push(sql`(c.payment_request_id = ${id} or c.refund_request_id = ${id})`);
  }
  if (filter.api) {
    // The last path segment, spelled as inbound_calls_api_received_at_idx spells it. That index
    // leaves pay calls out (every pay would write to it): an API other than pay is read from it
    // (the predicate repeated as a literal so that the planner matches it), pay calls are most
    // of the log and are found walking received_at.
    conditions.push(sql`${INBOUND_API_OF_PATH} = ${filter.api}`);
    if (filter.api !== "pay") conditions.push(sql`${INBOUND_API_OF_PATH} <> 'pay'`);
  }
  if (filter.verdict) conditions.push(sql`c.signature_verdict = ${filter.verdict}`);
  if (filter.resultStatus === "NONE") conditions.push(sql`c.result_status is null`);
  else if (filter.resultStatus) conditions.push(sql`c.result_status = ${filter.resultStatus}`);
  if (filter.before) {
    conditions.push(
      sql`(c.received_at, c.id) < (${filter.before.receivedAt}::timestamptz, ${filter.before.id.toString()}::bigint)`,
    );
  }

  // The page is chosen first, then joined to its payments: a join never runs for rows not shown.
  const rows = await db.execute<SummaryRow>(sql`
    select ${BASE_COLUMNS},
           left(c.raw_body, ${BODY_PREVIEW_CHARS}) as "requestBody",
           char_length(c.raw_body) as "requestChars",
           left(c.response_body, ${BODY_PREVIEW_CHARS}) as "responseBody",
           char_length(c.response_body) as "responseChars"
      from (select * from inbound_calls c
             where ${sql.join(conditions, sql` and `)}
             order by c.received_at desc, c.id desc
             limit ${filter.limit + 1}) c
      left join payments p on p.payment_request_id = c.payment_request_id
     order by c.received_at desc, c.id desc`);

  const page = rows.slice(0, filter.limit).map(toSummary);
  return {
    rows: page,
    nextBefore: rows.length > filter.limit ? (page.at(-1)?.cursor ?? null) : null,
  };
}

/** The columns of BaseRow, from inbound_calls `c` joined to payments `p`. */
const BASE_COLUMNS = sql.raw(`c.id::text as "id",
           to_char(c.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "receivedAt",
           c.method, c.path,
           c.payment_request_id as "paymentRequestId",
           c.refund_request_id as "refundRequestId",
           p.payment_id as "paymentId",
           c.signature_verdict as "signatureVerdict",
           c.http_status as "httpStatus",
           c.result_status as "resultStatus",
           c.result_code as "resultCode",
           c.latency_ms as "latencyMs",
           c.body_bytes as "bodyBytes",
           c.body_sha256 as "bodySha256"`);

/** The fields a list row and a call's own view share. */
function callOf(row: BaseRow): Omit<InboundCallDetail, "headers"> {
  return {
    id: BigInt(row.id),
    receivedAt: new Date(row.receivedAt),
    method: row.method,
    path: row.path,
    api: apiOfPath(row.path),
    paymentRequestId: row.paymentRequestId,
    refundRequestId: row.refundRequestId,
    paymentId: row.paymentId,
    signatureVerdict: row.signatureVerdict,
    httpStatus: row.httpStatus,
    resultStatus: row.resultStatus,
    resultCode: row.resultCode,
    latencyMs: row.latencyMs,
    bodyBytes: row.bodyBytes,
    bodySha256: row.bodySha256,
    requestBody: redactText(row.requestBody),
    responseBody: redactText(row.responseBody ?? ""),
  };
}

function toSummary(row: SummaryRow): InboundCallSummary {
  const call = callOf(row);
  return {
    ...call,
    cursor: { receivedAt: row.receivedAt, id: call.id },
    requestChars: row.requestChars,
    responseChars: row.responseChars ?? 0,
  };
}

/** One call whole: headers as stored (no Authorization or Cookie) and both bodies in full. */
export async function getInboundCall(db: DbOrTx, id: bigint): Promise<InboundCallDetail> {
  const [row] = await db.execute<BaseRow & { headers: Record<string, string> }>(sql`
    select ${BASE_COLUMNS}, c.headers,
           c.raw_body as "requestBody",
           c.response_body as "responseBody"
      from inbound_calls c
      left join payments p on p.payment_request_id = c.payment_request_id
     where c.id = ${id.toString()}::bigint`);
  if (!row) throw new DomainError("not_found", `inbound call ${id} does not exist`);
  return { ...callOf(row), headers: redactHeaders(row.headers) };
}

/** Headers that could carry a credential are never shown, even if an older row stored them. */
const HIDDEN_HEADERS = new Set(["authorization", "cookie", "proxy-authorization", "x-api-key"]);

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !HIDDEN_HEADERS.has(name.toLowerCase()))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

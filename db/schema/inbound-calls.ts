import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const signatureVerdict = pgEnum("signature_verdict", [
  "VALID",
  "INVALID",
  "MISSING",
  "UNKNOWN_CLIENT",
  "NOT_CHECKED",
]);

/**
 * The API a stored path names: its last segment, without the query. server/inbound-log spells its
 * filter with this same text, so that the planner matches the partial index below.
 */
export const INBOUND_API_OF_PATH = sql.raw(`split_part(split_part(path, '?', 1), '/', -1)`);

/**
 * Every inbound Alipay+ call, written after it was answered (outside the business transaction),
 * with tokens and codes redacted to their last 4 characters.
 *
 * Partitioned by month of `received_at` (migration 0017, written by hand: drizzle-kit does not
 * generate partitioned tables), so that retention drops whole months (server/retention). The
 * primary key includes the partition key, as Postgres requires; ids still come from one sequence.
 */
export const inboundCalls = pgTable(
  "inbound_calls",
  {
    id: bigserial({ mode: "bigint" }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    method: text().notNull(),
    path: text().notNull(),
    headers: jsonb().notNull(),
    /** The body as received, redacted; of a call whose signature did not verify, its first 4 KiB. */
    rawBody: text().notNull(),
    /** The body's size in bytes as received (null: not read, or logged before it was recorded). */
    bodyBytes: integer(),
    /** SHA-256 (hex) of the body's exact bytes, kept for calls whose signature did not verify. */
    bodySha256: text(),
    signatureVerdict: signatureVerdict().notNull(),
    httpStatus: integer().notNull(),
    resultStatus: text(),
    resultCode: text(),
    responseBody: text(),
    latencyMs: integer().notNull(),
    paymentRequestId: text(),
    refundRequestId: text(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.receivedAt] }),
    index().on(t.receivedAt),
    index().on(t.paymentRequestId),
    // The console's call log filters by verdict or result, newest first (rare values stay fast).
    index().on(t.signatureVerdict, t.receivedAt, t.id),
    index().on(t.resultStatus, t.receivedAt, t.id),
    // The call log filtered by API, newest first. Partial: pay calls (most of the log, and the
    // hot path) never enter it; the pay filter walks received_at, where nearly every row is one.
    index("inbound_calls_api_received_at_idx")
      .on(sql`(${INBOUND_API_OF_PATH})`, t.receivedAt, t.id)
      .where(sql`${INBOUND_API_OF_PATH} <> 'pay'`),
  ],
);

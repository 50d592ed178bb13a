import {
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
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
 * Every inbound Alipay+ call, written after it was answered (outside the business transaction),
 * with tokens and codes redacted to their last 4 characters.
 */
export const inboundCalls = pgTable(
  "inbound_calls",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    method: text().notNull(),
    path: text().notNull(),
    headers: jsonb().notNull(),
    rawBody: text().notNull(),
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
    index().on(t.receivedAt),
    index().on(t.paymentRequestId),
    // The console's call log filters by verdict or result, newest first (rare values stay fast).
    index().on(t.signatureVerdict, t.receivedAt, t.id),
    index().on(t.resultStatus, t.receivedAt, t.id),
  ],
);

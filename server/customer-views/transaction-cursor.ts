/**
 * Keyset pagination of the transaction history, newest first: a page starts strictly after the
 * previous page's last row in the order (receivedAt desc, paymentId desc), so rows arriving
 * meanwhile never shift or repeat a page the way an OFFSET would.
 *
 * `receivedAt` travels as Postgres' own microsecond text: a JS Date keeps milliseconds only,
 * which could skip or repeat rows received within the same millisecond.
 */
import { z } from "zod";

export interface TransactionCursor {
  /** UTC, microseconds: `2026-11-26T04:40:03.368123Z`. */
  receivedAt: string;
  paymentId: string;
}

const RECEIVED_AT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Printable ASCII without spaces, at most 64 characters: Alipay+ ids and ours
// (docs/protocol.md#required-fields).
const PAYMENT_ID_PATTERN = /^[\x21-\x7e]{1,64}$/;
const MAX_CURSOR_LENGTH = 200;

/** Opaque to clients (base64url), so that nobody builds one by hand. */
export function encodeTransactionCursor(cursor: TransactionCursor): string {
  return Buffer.from(`${cursor.receivedAt} ${cursor.paymentId}`, "utf8").toString("base64url");
}

/** Null for anything this module did not write: the text comes from a URL or a client. */
export function decodeTransactionCursor(text: string): TransactionCursor | null {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH) return null;
  const [receivedAt = "", paymentId = "", ...rest] = Buffer.from(text, "base64url")
    .toString("utf8")
    .split(" ");
  if (rest.length > 0 || !isCalendarTime(receivedAt) || !PAYMENT_ID_PATTERN.test(paymentId)) {
    return null;
  }
  return { receivedAt, paymentId };
}

/** The tRPC input form: `{cursor}` is an encoded cursor or absent (the newest page). */
export const ZTransactionCursor = z.string().transform((text, ctx) => {
  const cursor = decodeTransactionCursor(text);
  if (!cursor) {
    ctx.addIssue({ code: "custom", message: "not a transaction cursor" });
    return z.NEVER;
  }
  return cursor;
});

/** The pattern alone would let 2026-02-31 through, and Postgres would then fail the query. */
function isCalendarTime(text: string): boolean {
  if (!RECEIVED_AT_PATTERN.test(text)) return false;
  const milliseconds = `${text.slice(0, 23)}Z`;
  const parsed = new Date(milliseconds);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === milliseconds;
}

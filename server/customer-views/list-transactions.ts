import { and, desc, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { payments } from "@/db/schema";
import { visibleToCustomer } from "./payment-subqueries";
import { encodeTransactionCursor, type TransactionCursor } from "./transaction-cursor";
import {
  summarySelection,
  toTransactionSummary,
  type TransactionSummary,
} from "./transaction-summary";

/** Enough rows to fill a phone screen about three times. */
export const TRANSACTIONS_PAGE_SIZE = 20;

export interface TransactionPage {
  transactions: TransactionSummary[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of a customer's transaction history, newest first, in one query. The index
 * payments(customer_id, received_at) yields the rows in order (scanned backwards from the
 * cursor); paymentId only breaks ties between rows received in the same microsecond.
 */
export async function listTransactions(
  db: Db,
  customerId: string,
  after: TransactionCursor | null,
  pageSize = TRANSACTIONS_PAGE_SIZE,
): Promise<TransactionPage> {
  const { promotions, refunded, fields } = summarySelection(db);
  const rows = await db
    .select({
      ...fields,
      // Postgres' microseconds, which a JS Date would round to milliseconds (see the cursor).
      receivedAtText: sql<string>`to_char(${payments.receivedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(payments)
    .leftJoinLateral(promotions, sql`true`)
    .leftJoinLateral(refunded, sql`true`)
    .where(and(visibleToCustomer(customerId), after ? olderThan(after) : undefined))
    .orderBy(desc(payments.receivedAt), desc(payments.paymentId))
    // One row more than shown tells whether a next page exists.
    .limit(pageSize + 1);

  const shown = rows.slice(0, pageSize);
  const last = shown.at(-1);
  return {
    transactions: shown.map(toTransactionSummary),
    nextCursor:
      rows.length > pageSize && last
        ? encodeTransactionCursor({ receivedAt: last.receivedAtText, paymentId: last.paymentId })
        : null,
  };
}

/**
 * (receivedAt, paymentId) < cursor, spelled so that `received_at <= …` is an index condition:
 * a row comparison would not be, as paymentId is not in the index.
 */
function olderThan(cursor: TransactionCursor) {
  const receivedAt = sql`${cursor.receivedAt}::timestamptz`;
  return sql`${payments.receivedAt} <= ${receivedAt} and (${payments.receivedAt} < ${receivedAt} or ${payments.paymentId} < ${cursor.paymentId})`;
}

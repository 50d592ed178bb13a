/**
 * Payment lists of the console, newest first, keyset-paginated on (received_at, payment_id): the
 * payments of one device (its page), and the payments whose promotions were not fully read (the
 * Payments page). Each list is narrowed by something an index holds — the device's (device_token_id,
 * received_at), the customer's (customer_id, received_at), the partial indexes of payments with
 * unclear promotions by time and by status and time — so a page never scans payments; an index
 * over every payment by time alone would cost every pay an index entry, for a list nobody reads
 * unfiltered.
 */
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payments, riskDecisions, unclearPromotions } from "@/db/schema";
import { moneyOrNull, type Money } from "../money/amount";

/** What a list is narrowed to: at least one of these (see the header). */
export type PaymentListScope =
  | { deviceId: string; customerId?: string; unclearPromotions?: boolean }
  | { unclearPromotions: true; customerId?: string };

export type PaymentListFilter = PaymentListScope & {
  status?: "SUCCESS" | "FAILED" | "CLOSED";
  /** received_at in [from, to). */
  receivedFrom?: Date;
  receivedTo?: Date;
  /** Keyset: the last payment id of the previous page. */
  after?: string;
  limit: number;
};

export interface PaymentListRow {
  paymentId: string;
  receivedAt: Date;
  customerId: string | null;
  deviceId: string | null;
  status: string;
  resultCode: string | null;
  merchantName: string | null;
  paymentAmount: Money | null;
  /** How far its promotion information was read; null for a payment without promotions. */
  promotionReading: (typeof payments.$inferSelect)["promotionReading"];
  /** The latest risk decision's outcome for the payment, if it was judged. */
  outcome: string | null;
}

export async function listPayments(
  db: DbOrTx,
  filter: PaymentListFilter,
): Promise<{ rows: PaymentListRow[]; nextAfter: string | null }> {
  const conditions: (SQL | undefined)[] = [
    "deviceId" in filter ? eq(payments.deviceTokenId, filter.deviceId) : undefined,
    filter.customerId ? eq(payments.customerId, filter.customerId) : undefined,
    filter.unclearPromotions ? unclearPromotions : undefined,
    filter.status ? eq(payments.status, filter.status) : undefined,
    filter.receivedFrom ? gte(payments.receivedAt, filter.receivedFrom) : undefined,
    filter.receivedTo ? lt(payments.receivedAt, filter.receivedTo) : undefined,
    filter.after
      ? sql`(${payments.receivedAt}, ${payments.paymentId}) < (select c.received_at, c.payment_id from payments c where c.payment_id = ${filter.after})`
      : undefined,
  ];
  const found = await db
    .select({
      paymentId: payments.paymentId,
      receivedAt: payments.receivedAt,
      customerId: payments.customerId,
      deviceId: payments.deviceTokenId,
      status: payments.status,
      resultCode: payments.resultCode,
      merchantName: sql<
        string | null
      >`coalesce(${payments.merchantDisplayName}, ${payments.merchantName})`,
      paymentAmountMinor: payments.paymentAmountMinor,
      paymentCurrency: payments.paymentCurrency,
      promotionReading: payments.promotionReading,
      outcome: sql<
        string | null
      >`(select d.outcome::text from ${riskDecisions} d where d.payment_id = ${payments.paymentId} order by d.id desc limit 1)`,
    })
    .from(payments)
    .where(and(...conditions))
    .orderBy(desc(payments.receivedAt), desc(payments.paymentId))
    .limit(filter.limit + 1);
  const page = found.slice(0, filter.limit);
  return {
    rows: page.map(({ paymentAmountMinor, paymentCurrency, ...row }) => ({
      ...row,
      paymentAmount: moneyOrNull(paymentAmountMinor, paymentCurrency),
    })),
    nextAfter: found.length > filter.limit ? (page.at(-1)?.paymentId ?? null) : null,
  };
}

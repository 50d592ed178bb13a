/**
 * The payments made from one device (the device page of the console), newest first, optionally
 * those of one account only: the index on payments (device_token_id, received_at) gives the range,
 * keyset-paginated on (received_at, payment_id).
 */
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payments, riskDecisions } from "@/db/schema";
import { moneyOrNull } from "../money/amount";

export interface DevicePaymentRow {
  paymentId: string;
  receivedAt: Date;
  customerId: string | null;
  status: string;
  resultCode: string | null;
  merchantName: string | null;
  paymentAmount: { amountMinor: bigint; currency: string } | null;
  payToAmount: { amountMinor: bigint; currency: string } | null;
  /** The latest risk decision's outcome for the payment, if it was judged. */
  outcome: string | null;
}

export async function listDevicePayments(
  db: DbOrTx,
  filter: { deviceId: string; customerId?: string; after?: string; limit: number },
): Promise<{ rows: DevicePaymentRow[]; nextAfter: string | null }> {
  const conditions: (SQL | undefined)[] = [
    eq(payments.deviceTokenId, filter.deviceId),
    filter.customerId ? eq(payments.customerId, filter.customerId) : undefined,
    filter.after
      ? sql`(${payments.receivedAt}, ${payments.paymentId}) < (select c.received_at, c.payment_id from payments c where c.payment_id = ${filter.after})`
      : undefined,
  ];
  const found = await db
    .select({
      paymentId: payments.paymentId,
      receivedAt: payments.receivedAt,
      customerId: payments.customerId,
      status: payments.status,
      resultCode: payments.resultCode,
      merchantName: sql<
        string | null
      >`coalesce(${payments.merchantDisplayName}, ${payments.merchantName})`,
      paymentAmountMinor: payments.paymentAmountMinor,
      paymentCurrency: payments.paymentCurrency,
      payToAmountMinor: payments.payToAmountMinor,
      payToCurrency: payments.payToCurrency,
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
    rows: page.map(
      ({ paymentAmountMinor, paymentCurrency, payToAmountMinor, payToCurrency, ...row }) => ({
        ...row,
        paymentAmount: moneyOrNull(paymentAmountMinor, paymentCurrency),
        payToAmount: moneyOrNull(payToAmountMinor, payToCurrency),
      }),
    ),
    nextAfter: found.length > filter.limit ? (page.at(-1)?.paymentId ?? null) : null,
  };
}

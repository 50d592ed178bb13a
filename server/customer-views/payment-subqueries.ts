/**
 * The SQL pieces the customer pages share. Each aggregate is a LATERAL subquery over one
 * payment's rows (payment_promotions by its unique (payment_id, position), refunds by payment_id),
 * so a page of payments costs one query, never one per row, and every total has one definition:
 *
 * - saved = the payment's top-level total saved (`paymentPromoInfo.savingsAmount`) in the wallet
 *   currency when it came with one, else Σ wallet-currency amounts of its promotion lines; a line
 *   without an amount, or NOT_CONVERTIBLE, has none and is left out
 *   (docs/protocol.md#promotion-amounts-in-the-wallet-currency);
 * - refunded = Σ what the payment's successful refunds gave back to the wallet (`credit_minor`:
 *   the refund's surcharge amount when Alipay+ sent one, else `refundFromAmount`).
 *
 * Lines travel as json_agg with bigints as text: a JSON number would lose digits beyond 2^53.
 */
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { paymentPromotions, payments, refunds } from "@/db/schema";

/**
 * Which payments a customer sees: their own. Ids closed in advance (cancelPayment before any pay)
 * have no customer, so they never show.
 */
export function visibleToCustomer(customerId: string): SQL {
  return eq(payments.customerId, customerId);
}

export function promotionTotals(db: Db) {
  return db
    .select({
      savedMinor: sql<bigint | null>`sum(${paymentPromotions.walletAmountMinor})`
        .mapWith(BigInt)
        .as("saved_minor"),
      promotionCount: count().as("promotion_count"),
      /** Lines left out of the sum: no amount read, or not convertible. */
      unsummedCount:
        sql<number>`count(*) filter (where ${paymentPromotions.walletAmountMinor} is null)`
          .mapWith(Number)
          .as("unsummed_count"),
    })
    .from(paymentPromotions)
    .where(eq(paymentPromotions.paymentId, payments.paymentId))
    .as("promotion_totals");
}

export function refundTotals(db: Db) {
  return db
    .select({
      refundedMinor: sql<bigint>`coalesce(sum(${refunds.creditMinor}), 0)`
        .mapWith(BigInt)
        .as("refunded_minor"),
      /** Alipay+'s measure of how much was refunded (the status reads it). */
      refundedFromMinor: sql<bigint>`coalesce(sum(${refunds.refundFromAmountMinor}), 0)`
        .mapWith(BigInt)
        .as("refunded_from_minor"),
    })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payments.paymentId), eq(refunds.status, "SUCCESS")))
    .as("refund_totals");
}

/** The payment's promotions in the order received (see stored-lines.ts for the shape). */
export function promotionLines(db: Db) {
  return db
    .select({
      lines: sql<unknown>`coalesce(json_agg(json_build_object(
        'id', ${paymentPromotions.id}::text,
        'promoId', ${paymentPromotions.promoId},
        'name', ${paymentPromotions.promoName},
        'type', ${paymentPromotions.promoType},
        'amountMinor', ${paymentPromotions.amountMinor}::text,
        'currency', ${paymentPromotions.currency},
        'walletAmountMinor', ${paymentPromotions.walletAmountMinor}::text,
        'walletCurrency', ${paymentPromotions.walletCurrency}
      ) order by ${paymentPromotions.position}), '[]'::json)`.as("promotion_lines"),
    })
    .from(paymentPromotions)
    .where(eq(paymentPromotions.paymentId, payments.paymentId))
    .as("promotion_lines");
}

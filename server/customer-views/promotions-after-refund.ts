/**
 * For the refund result page: per promotion of the payment, what this refund took back from it and
 * what is left of it afterwards. Sums of stored rows only (the refund_promotions rows linked to the
 * promotion), never a pro-rata guess: Alipay+ computed the clawbacks (docs/protocol.md#promotions).
 */
import type { Money } from "../money/amount";
import type { ClawbackLine, PromotionLine } from "./stored-lines";

export interface PromotionAfterRefund {
  promotion: PromotionLine;
  /**
   * What the promotion was worth: its wallet amount, else (not convertible) as received; null when
   * Alipay+ sent it without an amount that could be read.
   */
  worth: Money | null;
  /** Taken back by this refund; null when this refund had no amount for the promotion. */
  takenBack: Money | null;
  /** Left after this refund and the successful refunds before it; null when its worth is unknown. */
  remaining: Money | null;
}

/**
 * `clawbacks` are this refund's and the earlier successful refunds' rows of the same payment.
 * Each is counted in the promotion's own terms: its wallet amount when the promotion has one (or
 * has no amount at all: then only what was taken back can be said), else the amount as received
 * when the currency is the promotion's (a clawback in another currency of a not-convertible
 * promotion cannot be set against it, so it is not).
 */
export function promotionsAfterRefund(
  promotions: readonly PromotionLine[],
  clawbacks: readonly ClawbackLine[],
  walletCurrency: string,
): PromotionAfterRefund[] {
  return promotions.map((promotion) => {
    const worth = promotion.saving ?? promotion.received;
    const inWalletTerms = promotion.saving !== null || worth === null;
    const currency = inWalletTerms ? walletCurrency : worth.currency;
    const linked = clawbacks.filter((c) => c.paymentPromotionId === promotion.id);
    const inPromotionTerms = (c: ClawbackLine): bigint | null =>
      inWalletTerms
        ? c.walletAmountMinor
        : c.received?.currency === currency
          ? c.received.amountMinor
          : null;
    const sum = (lines: readonly ClawbackLine[]): bigint | null =>
      lines.reduce<bigint | null>((total, line) => {
        const amount = inPromotionTerms(line);
        return amount === null ? total : (total ?? 0n) + amount;
      }, null);

    const takenBackMinor = sum(linked.filter((c) => c.fromThisRefund));
    const left = worth === null ? null : worth.amountMinor - (sum(linked) ?? 0n);
    return {
      promotion,
      worth,
      takenBack: takenBackMinor === null ? null : { amountMinor: takenBackMinor, currency },
      // A clawback beyond what remained is stored as received and flagged for staff
      // (docs/protocol.md#refunds-and-cancels); the customer is not shown a negative promotion.
      remaining: left === null ? null : { amountMinor: left < 0n ? 0n : left, currency },
    };
  });
}

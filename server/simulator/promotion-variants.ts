/**
 * Promotion information shaped otherwise than the wallet expects (the official child fields of
 * PaymentPromoInfo and RefundPromoInfo are not published: docs/promotions.md). A live Alipay+ may
 * send any of these: each must be paid or refunded as usual, whatever the wallet makes of its
 * promotions. Built on a planned pay, so the money fields stay what a
 * documented request would carry.
 */
import { toWireAmount, type Money } from "../money/amount";
import type { PlannedPay } from "./requests";

/** The details a planned pay carries, as the documented list holds them. */
function detailsOf(plan: PlannedPay) {
  return plan.savings.map(({ promotion, wallet }) => ({
    promoId: promotion.promoId,
    promoName: promotion.promoName,
    promoType: promotion.promoType,
    savingsAmount: toWireAmount(wallet),
  }));
}

function totalOf(plan: PlannedPay): Money {
  return {
    amountMinor: plan.savings.reduce((sum, s) => sum + s.wallet.amountMinor, 0n),
    currency: plan.payToAmount.currency,
  };
}

/** The pay variants; each takes a planned pay with at least one promotion. */
export const PAY_PROMOTION_VARIANTS = {
  "missing amount": (plan: PlannedPay) => ({
    paymentPromoDetails: detailsOf(plan).map((detail, i, all) =>
      i === all.length - 1 ? { ...detail, savingsAmount: undefined } : detail,
    ),
  }),
  "unknown list name": (plan: PlannedPay) => ({ promotionDetailList: detailsOf(plan) }),
  "lone object": (plan: PlannedPay) => ({ paymentPromoDetails: detailsOf(plan)[0] }),
  "top-level total only": (plan: PlannedPay) => ({ savingsAmount: toWireAmount(totalOf(plan)) }),
  "total and entries disagree": (plan: PlannedPay) => {
    const total = totalOf(plan);
    return {
      savingsAmount: toWireAmount({ ...total, amountMinor: total.amountMinor + 1n }),
      paymentPromoDetails: detailsOf(plan),
    };
  },
} satisfies Record<string, (plan: PlannedPay) => unknown>;

export type PayPromotionVariant = keyof typeof PAY_PROMOTION_VARIANTS;

/** The planned pay's body with its paymentPromoInfo shaped as `variant`. */
export function withPromotionVariant(
  plan: PlannedPay,
  variant: PayPromotionVariant,
): Record<string, unknown> {
  if (plan.savings.length === 0) throw new Error("a promotion variant needs a promoted pay");
  return { ...plan.body, paymentPromoInfo: PAY_PROMOTION_VARIANTS[variant](plan) };
}

/**
 * A refund body's refundPromoInfo with one more line, for a promotion the payment does not have
 * (Alipay+ computed it; the wallet keeps it unlinked and shows it apart).
 */
export function withUnlinkedRefundLine(
  refund: Record<string, unknown>,
  line: { promoId: string; promoName: string; amount: Money },
): Record<string, unknown> {
  const info = refund.refundPromoInfo as { paymentPromoDetails?: unknown[] } | undefined;
  return {
    ...refund,
    refundPromoInfo: {
      paymentPromoDetails: [
        ...(info?.paymentPromoDetails ?? []),
        {
          promoId: line.promoId,
          promoName: line.promoName,
          promoType: "DISCOUNT",
          savingsAmount: toWireAmount(line.amount),
        },
      ],
    },
  };
}

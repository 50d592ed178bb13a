import { describe, expect, it } from "vitest";
import { promotionsAfterRefund } from "./promotions-after-refund";
import type { ClawbackLine, PromotionLine } from "./stored-lines";

const krw = (amountMinor: bigint) => ({ amountMinor, currency: "KRW" });
const usd = (amountMinor: bigint) => ({ amountMinor, currency: "USD" });

const autumn: PromotionLine = {
  id: 1n,
  promoId: "PROMO-AUTUMN-300",
  name: "Autumn Japan: 300 JPY off",
  type: "CASHLESS_FIXED_VOUCHER",
  received: krw(2790n),
  saving: krw(2790n),
};
const newUser: PromotionLine = {
  ...autumn,
  id: 2n,
  promoId: "PROMO-NEWUSER-100",
  received: krw(930n),
  saving: krw(930n),
};
/** Received in a currency the payment's quote did not cover: no wallet amount. */
const dollars: PromotionLine = {
  ...autumn,
  id: 3n,
  promoId: "PROMO-USD",
  received: usd(150n),
  saving: null,
};

const clawback = (
  paymentPromotionId: bigint,
  fromThisRefund: boolean,
  received: { amountMinor: bigint; currency: string },
  walletAmountMinor: bigint | null = received.currency === "KRW" ? received.amountMinor : null,
): ClawbackLine => ({ paymentPromotionId, fromThisRefund, received, walletAmountMinor });

describe("promotionsAfterRefund", () => {
  it("takes back this refund's lines and counts earlier refunds in what remains", () => {
    const result = promotionsAfterRefund(
      [autumn, newUser],
      [
        clawback(1n, false, krw(1000n)), // an earlier refund
        clawback(1n, true, krw(395n)),
        clawback(2n, true, krw(465n)),
      ],
      "KRW",
    );
    expect(result.map((r) => [r.promotion.id, r.worth, r.takenBack, r.remaining])).toEqual([
      [1n, krw(2790n), krw(395n), krw(1395n)],
      [2n, krw(930n), krw(465n), krw(465n)],
    ]);
  });

  it("says nothing was taken back when this refund has no line for a promotion", () => {
    const [result] = promotionsAfterRefund([autumn], [clawback(1n, false, krw(1395n))], "KRW");
    expect(result?.takenBack).toBeNull();
    expect(result?.remaining).toEqual(krw(1395n));
  });

  it("keeps a not-convertible promotion in the currency it was received in", () => {
    const [result] = promotionsAfterRefund(
      [dollars],
      [clawback(3n, true, usd(50n)), clawback(3n, true, krw(700n), 700n)],
      "KRW",
    );
    // The KRW line cannot be set against a USD saving: left out rather than mixed in.
    expect(result).toMatchObject({ worth: usd(150n), takenBack: usd(50n), remaining: usd(100n) });
  });

  it("ignores lines linked to other promotions", () => {
    const [result] = promotionsAfterRefund([newUser], [clawback(1n, true, krw(1395n))], "KRW");
    expect(result).toMatchObject({ takenBack: null, remaining: krw(930n) });
  });

  it("never shows a negative remainder for a clawback beyond what was left", () => {
    const [result] = promotionsAfterRefund([newUser], [clawback(2n, true, krw(1000n))], "KRW");
    expect(result).toMatchObject({ takenBack: krw(1000n), remaining: krw(0n) });
  });

  it("a promotion received without an amount: what this refund took back, in the wallet currency, and no remainder", () => {
    const unread: PromotionLine = { ...autumn, id: 4n, name: null, received: null, saving: null };
    const [result] = promotionsAfterRefund(
      [unread],
      [clawback(4n, true, krw(300n)), clawback(4n, false, krw(100n))],
      "KRW",
    );
    expect(result).toMatchObject({ worth: null, takenBack: krw(300n), remaining: null });
  });

  it("a clawback without an amount takes nothing back", () => {
    const [result] = promotionsAfterRefund(
      [autumn],
      [{ paymentPromotionId: 1n, fromThisRefund: true, received: null, walletAmountMinor: null }],
      "KRW",
    );
    expect(result).toMatchObject({ takenBack: null, remaining: krw(2790n) });
  });
});

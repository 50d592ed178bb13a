import { describe, expect, it } from "vitest";
import { readPaymentPromoInfo } from "./promo-info";
import { recordPromotions, savedInWalletCurrency } from "./promotion-record";

const krw = (value: string) => ({ currency: "KRW", value });
const jpy = (value: string) => ({ currency: "JPY", value });
/** 1 JPY = 9.3 KRW. */
const QUOTE = {
  quoteCurrencyPair: "JPY/KRW",
  quotePrice: "9.3",
  quoteId: undefined,
  quoteUnit: undefined,
};

const record = (info: unknown) => recordPromotions(readPaymentPromoInfo(info), "KRW", QUOTE);

describe("recordPromotions", () => {
  it("no information: not promoted", () => {
    expect(record(undefined)).toMatchObject({ lines: [], reading: null, problems: [] });
  });

  it("converts each line to the wallet currency with the payment's quote", () => {
    const recorded = record({
      paymentPromoDetails: [
        { promoId: "P1", savingsAmount: krw("2790") },
        { promoId: "P2", savingsAmount: jpy("100") },
      ],
    });
    expect(recorded.reading).toBe("READ");
    expect(recorded.lines.map((l) => l.wallet)).toEqual([
      { walletAmountMinor: 2790n, conversion: "SAME_CURRENCY", rate: null },
      { walletAmountMinor: 930n, conversion: "CONVERTED", rate: "9.3" },
    ]);
    expect(savedInWalletCurrency(recorded)).toBe(3720n);
  });

  it("a line without an amount has no wallet value and leaves the sum unknown", () => {
    const recorded = record({
      paymentPromoDetails: [{ promoId: "P1" }, { promoId: "P2", savingsAmount: krw("5") }],
    });
    expect(recorded.lines[0]?.wallet).toBeNull();
    expect(recorded.reading).toBe("PARTLY_READ");
    expect(savedInWalletCurrency(recorded)).toBeNull();
  });

  it("a total that is the entries' sum: read, and the total is what was saved", () => {
    const recorded = record({
      savingsAmount: krw("3720"),
      paymentPromoDetails: [
        { promoId: "P1", savingsAmount: krw("2790") },
        { promoId: "P2", savingsAmount: jpy("100") },
      ],
    });
    expect(recorded).toMatchObject({ reading: "READ", problems: [] });
    expect(recorded.totalWallet?.walletAmountMinor).toBe(3720n);
  });

  it("a total that disagrees with the entries: both kept, the payment flagged", () => {
    const recorded = record({
      savingsAmount: krw("4000"),
      paymentPromoDetails: [{ promoId: "P1", savingsAmount: krw("2790") }],
    });
    expect(recorded.reading).toBe("PARTLY_READ");
    expect(recorded.problems).toEqual([
      "the total savingsAmount (₩4,000) is not the sum of the entries (₩2,790)",
    ]);
    expect(recorded.lines.map((l) => l.reading)).toEqual(["READ"]);
    // The customer is shown the total Alipay+ sent.
    expect(savedInWalletCurrency(recorded)).toBe(4000n);
  });

  it("nothing to compare when an entry has no amount: no mismatch is claimed", () => {
    const recorded = record({
      savingsAmount: krw("4000"),
      paymentPromoDetails: [{ promoId: "P1" }],
    });
    expect(recorded.problems).toEqual([]);
    expect(savedInWalletCurrency(recorded)).toBe(4000n);
  });

  it("the info's not-understood line makes the payment not understood, its total still kept", () => {
    const recorded = record({ promotions: [{ id: "P1" }], savingsAmount: krw("10") });
    expect(recorded.reading).toBe("NOT_UNDERSTOOD");
    expect(recorded.total).toEqual({ amountMinor: 10n, currency: "KRW" });
    expect(savedInWalletCurrency(recorded)).toBe(10n);
  });
});

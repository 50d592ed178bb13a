/**
 * Promotion information shaped otherwise than we guessed, through the real signed routes: the
 * fields that move money stay strict, the promotion part is read as far as it can be and never
 * fails a pay or a refund. Every line is stored with its raw JSON and a reading; any promotion
 * information, understood or not, makes the payment promoted for risk control.
 */
import { describe, expect, it } from "vitest";
import { paymentPromotionsOf, paymentRows, refundPromotionsOf, refundRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  createCustomer,
  INITIAL_BALANCE,
  jpy,
  krw,
  paidPayment,
  PAY,
  PAY_TO,
  payRequest,
  REFUND,
  refundRequest,
  uniqueId,
} from "../fixtures/gateway";
import { resultMatching } from "../fixtures/matchers";
import { decisionsOf, listEntry, verdictIn } from "../fixtures/risk";

const autumn = {
  promoId: "PROMO-AUTUMN-300",
  promoName: "Autumn Japan: 300 JPY off",
  promoType: "CASHLESS_FIXED_VOUCHER",
  savingsAmount: krw(2790),
};

/** Pays with this paymentPromoInfo; expects SUCCESS and returns the stored payment and lines. */
async function payWith(paymentPromoInfo: unknown, customerId?: string) {
  const customer = customerId ?? (await createCustomer());
  const body = payRequest(customer, { paymentPromoInfo });
  const answer = await callGateway(PAY, body);
  expect(answer.json).toMatchObject({ result: resultMatching("SUCCESS", "S") });
  const [payment] = await paymentRows(body.paymentRequestId);
  return {
    body,
    customerId: customer,
    payment: payment!,
    lines: await paymentPromotionsOf(payment!.paymentId),
    decisions: await decisionsOf(body.paymentRequestId),
  };
}

describe("pay: promotion information read as far as it can be", () => {
  it("an entry without savingsAmount: S, the money moves, the entry is kept partly read", async () => {
    const missing = { promoId: "PROMO-NO-AMOUNT", promoName: "Mystery deal" };
    const paid = await payWith({ paymentPromoDetails: [autumn, missing] });
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE - PAY_TO);
    expect(paid.payment).toMatchObject({
      status: "SUCCESS",
      promotionReading: "PARTLY_READ",
      promotionProblems: [],
    });
    expect(
      paid.lines.map((l) => [l.promoId, l.amountMinor, l.walletAmountMinor, l.reading]),
    ).toEqual([
      ["PROMO-AUTUMN-300", 2790n, 2790n, "READ"],
      ["PROMO-NO-AMOUNT", null, null, "PARTLY_READ"],
    ]);
    expect(paid.lines[1]).toMatchObject({ problems: ["no savingsAmount"], raw: missing });
    // Promoted: risk control judged it, with both promo ids.
    expect(paid.decisions).toHaveLength(1);
    expect(verdictIn(paid.decisions[0]!, "repeatRedemption")?.values).toMatchObject({
      priorRedemptions: {},
    });
  });

  it.each([
    ["another list name", { promotionList: [autumn] }],
    ["a lone object where the list belongs", { paymentPromoDetails: autumn }],
    ["a string", "PROMO-AUTUMN-300:2790:KRW"],
  ])(
    "%s: S, stored whole as one line not understood, the payment still promoted",
    async (_name, info) => {
      const paid = await payWith(info);
      expect(paid.payment.promotionReading).toBe("NOT_UNDERSTOOD");
      expect(paid.lines).toEqual([
        expect.objectContaining({
          position: 0,
          promoId: null,
          amountMinor: null,
          currency: null,
          walletAmountMinor: null,
          walletCurrency: "KRW",
          conversion: null,
          reading: "NOT_UNDERSTOOD",
          raw: info,
        }),
      ]);
      expect(paid.lines[0]?.problems).toHaveLength(1);
      expect(paid.decisions.map((d) => d.context)).toEqual(["PAY"]);
    },
  );

  it("only a top-level savingsAmount: the total saved, one read line, promoted", async () => {
    const paid = await payWith({ savingsAmount: krw(3720) });
    expect(paid.payment).toMatchObject({
      promotionReading: "READ",
      promoTotalMinor: 3720n,
      promoTotalCurrency: "KRW",
      promoTotalWalletMinor: 3720n,
    });
    expect(paid.lines.map((l) => [l.promoId, l.walletAmountMinor, l.reading])).toEqual([
      [null, 3720n, "READ"],
    ]);
    expect(paid.decisions).toHaveLength(1);
  });

  it("a top-level total that is not the entries' sum: both kept, the payment flagged", async () => {
    const paid = await payWith({ savingsAmount: krw(5000), paymentPromoDetails: [autumn] });
    expect(paid.payment).toMatchObject({
      promotionReading: "PARTLY_READ",
      promotionProblems: [
        "the total savingsAmount (₩5,000) is not the sum of the entries (₩2,790)",
      ],
      promoTotalWalletMinor: 5000n,
    });
    expect(paid.lines.map((l) => [l.walletAmountMinor, l.reading])).toEqual([[2790n, "READ"]]);
  });

  it("the fields that move money stay strict beside an unreadable promotion", async () => {
    const customerId = await createCustomer();
    const body = payRequest(customerId, {
      payToAmount: { currency: "KRW", value: "16740.5" },
      paymentPromoInfo: "whatever",
    });
    const answer = await callGateway(PAY, body);
    expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
    expect(await paymentRows(body.paymentRequestId)).toEqual([]);
  });

  it("a replay of a pay with unreadable promotions answers the first answer", async () => {
    const paid = await payWith({ promotions: "x" });
    const again = await callGateway(PAY, paid.body);
    expect(again.json).toMatchObject({ paymentId: paid.payment.paymentId });
    expect(await paymentPromotionsOf(paid.payment.paymentId)).toHaveLength(1);
  });
});

describe("risk control: any promotion information makes a payment promoted", () => {
  it("a blocked customer paying with promotions nobody could read is rejected; without any, not judged", async () => {
    const customerId = await createCustomer();
    await listEntry("BLOCK", "CUSTOMER", customerId);
    const unread = payRequest(customerId, { paymentPromoInfo: { offers: [{ id: "X" }] } });
    expect((await callGateway(PAY, unread)).json).toEqual({
      result: resultMatching("RISK_REJECT", "F"),
    });
    const [decision] = await decisionsOf(unread.paymentRequestId);
    expect(verdictIn(decision!, "blockList")?.verdict).toBe("HIT");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);

    const plain = payRequest(customerId, { paymentPromoInfo: null });
    expect((await callGateway(PAY, plain)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
    });
    expect(await decisionsOf(plain.paymentRequestId)).toEqual([]);
  });

  it("promo ids that could be read still count: the 4th redemption of a partly read promotion is rejected", async () => {
    const customerId = await createCustomer();
    const promoId = uniqueId("PROMO");
    for (let i = 0; i < 3; i++) {
      await payWith({ paymentPromoDetails: [{ promoId, savingsAmount: "n/a" }] }, customerId);
    }
    const fourth = payRequest(customerId, {
      paymentPromoInfo: { paymentPromoDetails: [{ promoId }] },
    });
    expect((await callGateway(PAY, fourth)).json).toEqual({
      result: resultMatching("RISK_REJECT", "F"),
    });
    const [decision] = await decisionsOf(fourth.paymentRequestId);
    expect(verdictIn(decision!, "repeatRedemption")).toMatchObject({
      verdict: "HIT",
      values: { priorRedemptions: { [promoId]: 3 } },
    });
  });

  it("not-understood payments count as promoted history: a device farm of them rejects the third account", async () => {
    const deviceId = uniqueId("DEV");
    const onDevice = (customerId: string, info: unknown) =>
      payRequest(customerId, {
        order: { ...payRequest(customerId).order, env: { deviceTokenId: deviceId } },
        paymentPromoInfo: info,
      });
    for (let i = 0; i < 2; i++) {
      const body = onDevice(await createCustomer(), "PROMO?");
      expect((await callGateway(PAY, body)).json).toMatchObject({
        result: resultMatching("SUCCESS", "S"),
      });
    }
    const third = onDevice(await createCustomer(), { paymentPromoDetails: [autumn] });
    expect((await callGateway(PAY, third)).json).toEqual({
      result: resultMatching("RISK_REJECT", "F"),
    });
    const [decision] = await decisionsOf(third.paymentRequestId);
    expect(verdictIn(decision!, "deviceFarming")).toMatchObject({
      verdict: "HIT",
      values: { customersWithPromotions: 3 },
    });
  });
});

describe("refund: promotion information never fails a refund", () => {
  it("an entry naming no promotion of the payment is stored unlinked; an unreadable info whole", async () => {
    const paid = await paidPayment();
    const unlinked = {
      promoId: "PROMO-NOT-ON-THIS-PAYMENT",
      promoName: "Weekend bonus",
      refundAmount: krw(100),
    };
    const first = refundRequest(paid.paymentRequestId, {
      refundAmount: jpy(100),
      refundFromAmount: krw(930),
      refundPromoInfo: { refundPromoDetails: [unlinked] },
    });
    const answer = await callGateway(REFUND, first);
    expect(answer.json).toMatchObject({ result: resultMatching("SUCCESS", "S") });
    const [refund] = await refundRows(first.refundRequestId);
    expect(refund?.promotionReading).toBe("READ");
    expect(await refundPromotionsOf(refund!.refundId)).toEqual([
      expect.objectContaining({
        paymentPromotionId: null,
        promoId: "PROMO-NOT-ON-THIS-PAYMENT",
        amountMinor: 100n,
        walletAmountMinor: 100n,
        reading: "READ",
        raw: unlinked,
      }),
    ]);

    const second = refundRequest(paid.paymentRequestId, {
      refundAmount: jpy(100),
      refundFromAmount: krw(930),
      refundPromoInfo: ["PROMO-AUTUMN-300", "-100"],
    });
    expect((await callGateway(REFUND, second)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
    });
    const [secondRefund] = await refundRows(second.refundRequestId);
    expect(secondRefund?.promotionReading).toBe("NOT_UNDERSTOOD");
    expect(await refundPromotionsOf(secondRefund!.refundId)).toEqual([
      expect.objectContaining({
        paymentPromotionId: null,
        amountMinor: null,
        reading: "NOT_UNDERSTOOD",
        problems: ["refundPromoInfo is a list, not an object"],
        raw: ["PROMO-AUTUMN-300", "-100"],
      }),
    ]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE - PAY_TO + 2n * 930n);
  });
});

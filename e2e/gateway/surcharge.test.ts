/**
 * Surcharges through the real signed routes: when `surchargeInfo.surchargeAmount` is present it is
 * what the user actually pays while the wallet still settles payToAmount
 * (docs.alipayplus.com/alipayplus/alipayplus/integration_auto_debit_mpp/understand_amounts). The
 * debit, the ledger, the balance check, the limits, a refund that carries surchargeInfo and a
 * cancel all follow the surcharge amount; both amounts are recorded, nothing is recomputed.
 */
import { describe, expect, it } from "vitest";
import { findRefund } from "@/server/customer-views/find-refund";
import { findTransaction } from "@/server/customer-views/find-transaction";
import { authCodeFor, autoDebitPay, tokensFor } from "../fixtures/auto-debit";
import { ledgerAmountsOf, ledgerOf, paymentRows, refundRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  cancelPayment,
  createCustomer,
  database,
  inquirePayment,
  INITIAL_BALANCE,
  jpy,
  krw,
  PAY,
  PAY_TO,
  payRequest,
  REFUND,
  refundRequest,
  setLimits,
} from "../fixtures/gateway";
import { resultMatching } from "../fixtures/matchers";

/** payRequest's 1800 JPY at a 2 % surcharge quote (9.3 × 1.02 = 9.486): 17,074.8 → 17,075 KRW. */
const SURCHARGE = 17_075n;
const surchargeInfo = (value: bigint, currency = "KRW") => ({
  surchargeAmount: { currency, value: String(value) },
  surchargeQuote: { quoteId: "QS-1", quoteCurrencyPair: "JPY/KRW", quotePrice: "9.486" },
});

async function surchargedPay(customerId: string, overrides: Record<string, unknown> = {}) {
  const body = payRequest(customerId, { surchargeInfo: surchargeInfo(SURCHARGE), ...overrides });
  const answer = await callGateway(PAY, body);
  return { body, answer, paymentId: (answer.json as { paymentId?: string }).paymentId };
}

describe("pay with a surcharge", () => {
  it("debits the surcharge amount, records both amounts, and answers payToAmount to Alipay+", async () => {
    const customerId = await createCustomer();
    const { body, answer, paymentId } = await surchargedPay(customerId);
    expect(answer.json).toMatchObject({ result: resultMatching("SUCCESS", "S") });

    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - SURCHARGE);
    expect(await ledgerAmountsOf(customerId, "PAYMENT")).toEqual([-SURCHARGE]);
    expect((await paymentRows(body.paymentRequestId))[0]).toMatchObject({
      paymentId,
      payToAmountMinor: PAY_TO,
      payToCurrency: "KRW",
      surchargeAmountMinor: SURCHARGE,
      surchargeCurrency: "KRW",
      debitMinor: SURCHARGE,
    });
    // Alipay+ hears the amounts it sent: the surcharge is between the wallet and its customer.
    expect((await inquirePayment(body.paymentRequestId)).json).toMatchObject({
      payToAmount: krw(PAY_TO),
    });
    const detail = await findTransaction(database.db, customerId, paymentId!);
    expect(detail).toMatchObject({
      paid: { amountMinor: SURCHARGE, currency: "KRW" },
      beforeSurcharge: { amountMinor: PAY_TO, currency: "KRW" },
      // The order's wallet equivalent is what was paid for it before the surcharge, plus savings.
      orderInWalletCurrency: { amountMinor: PAY_TO + 2790n + 930n, currency: "KRW" },
    });
  });

  it("a balance that covers payToAmount but not the surcharge is short; nothing moves", async () => {
    const customerId = await createCustomer({ balance: SURCHARGE - 1n });
    const { answer } = await surchargedPay(customerId);
    expect(answer.json).toEqual({ result: resultMatching("USER_BALANCE_NOT_ENOUGH", "F") });
    expect(await balanceOf(customerId)).toBe(SURCHARGE - 1n);
  });

  it("the single-payment limit is held against the surcharge amount", async () => {
    const customerId = await createCustomer();
    await setLimits(customerId, { singlePaymentMax: krw(PAY_TO) });
    const { answer } = await surchargedPay(customerId);
    expect(answer.json).toEqual({ result: resultMatching("PAYMENT_AMOUNT_EXCEED_LIMIT", "F") });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("an Auto Debit evaluation checks the balance against the surcharge amount", async () => {
    const customerId = await createCustomer({ balance: SURCHARGE - 1n });
    const { accessToken } = await tokensFor({ authCode: await authCodeFor(customerId) });
    const evaluation = {
      ...autoDebitPay(accessToken, customerId, true),
      surchargeInfo: surchargeInfo(SURCHARGE),
    };
    expect((await callGateway(PAY, evaluation)).json).toEqual({
      result: resultMatching("USER_BALANCE_NOT_ENOUGH", "F"),
    });
  });

  it.each([
    [
      "in another currency",
      { currency: "JPY", value: "1835" },
      /^surchargeInfo\.surchargeAmount\.currency must be payToAmount's currency, KRW$/,
    ],
    [
      "with a decimal value",
      { currency: "KRW", value: "17075.0" },
      /^surchargeInfo\.surchargeAmount\.value must be 0 or a positive integer/,
    ],
    [
      "below payToAmount",
      { currency: "KRW", value: String(PAY_TO - 1n) },
      /^surchargeInfo\.surchargeAmount\.value must be at least payToAmount's value, 16740$/,
    ],
    [
      "of zero",
      { currency: "KRW", value: "0" },
      /^surchargeInfo\.surchargeAmount\.value must be at least 1 minor unit$/,
    ],
  ])(
    "a surcharge %s is PARAM_ILLEGAL naming the field, nothing stored",
    async (_name, surchargeAmount, says) => {
      const customerId = await createCustomer();
      const body = payRequest(customerId, { surchargeInfo: { surchargeAmount } });
      const answer = await callGateway(PAY, body);
      expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
      const message = (answer.json as { result: { resultMessage: string } }).result.resultMessage;
      expect(message).toMatch(says);
      expect(await paymentRows(body.paymentRequestId)).toEqual([]);
    },
  );

  it("surchargeInfo without an amount changes nothing: payToAmount is debited", async () => {
    const customerId = await createCustomer();
    const body = payRequest(customerId, { surchargeInfo: { surchargeQuote: null } });
    expect((await callGateway(PAY, body)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
    expect((await paymentRows(body.paymentRequestId))[0]).toMatchObject({
      debitMinor: PAY_TO,
      surchargeAmountMinor: null,
    });
  });
});

describe("refunds and cancels of a surcharged payment", () => {
  it("a refund with surchargeInfo credits its surcharge amount; the rest comes back on cancel", async () => {
    const customerId = await createCustomer();
    const { body: pay, paymentId } = await surchargedPay(customerId);
    const half = refundRequest(pay.paymentRequestId, {
      refundAmount: jpy(900),
      refundFromAmount: krw(8370),
      surchargeInfo: { surchargeAmount: krw(8537) },
    });
    expect((await callGateway(REFUND, half)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
    });
    const [refund] = await refundRows(half.refundRequestId);
    expect(refund).toMatchObject({
      refundFromAmountMinor: 8370n,
      surchargeAmountMinor: 8537n,
      creditMinor: 8537n,
    });
    expect(await ledgerAmountsOf(customerId, "REFUND")).toEqual([8537n]);
    expect(await findRefund(database.db, customerId, refund!.refundId)).toMatchObject({
      returned: { amountMinor: 8537n },
      afterRefund: {
        paid: { amountMinor: SURCHARGE },
        refunded: { amountMinor: 8537n },
        remaining: { amountMinor: SURCHARGE - 8537n },
      },
    });

    await cancelPayment(pay.paymentRequestId);
    expect(await ledgerAmountsOf(customerId, "CANCEL")).toEqual([SURCHARGE - 8537n]);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(customerId)).map((e) => e.paymentId ?? e.topUpId)).toContain(paymentId);
  });

  it("partial surcharge refunds rounded up by Alipay+ succeed; the last credit stops at what is left", async () => {
    const customerId = await createCustomer();
    const { body: pay, paymentId } = await surchargedPay(customerId);
    // Three thirds: 600 JPY → 5,580 KRW settled, 600 × 9.486 = 5,691.6 → 5,692 KRW each: 17,076
    // in all, a minor unit over the 17,075 the payment took. Alipay+'s own caps all pass.
    const third = (n: number) =>
      refundRequest(pay.paymentRequestId, {
        refundRequestId: `${pay.paymentRequestId}-R${n}`,
        refundAmount: jpy(600),
        refundFromAmount: krw(5580),
        surchargeInfo: { surchargeAmount: krw(5692) },
      });
    for (const n of [1, 2, 3]) {
      expect((await callGateway(REFUND, third(n))).json).toMatchObject({
        result: resultMatching("SUCCESS", "S"),
      });
    }
    const credits = await Promise.all(
      [1, 2, 3].map(async (n) => (await refundRows(third(n).refundRequestId))[0]),
    );
    expect(credits.map((r) => [r?.surchargeAmountMinor, r?.creditMinor])).toEqual([
      [5692n, 5692n],
      [5692n, 5692n],
      [5692n, 5691n],
    ]);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    // Refunded in full by Alipay+'s measure (Σ refundFromAmount = payToAmount).
    expect((await findTransaction(database.db, customerId, paymentId!))?.status).toBe("refunded");
  });

  it("a refund surcharge for a payment that had none is PARAM_ILLEGAL, nothing moves", async () => {
    const customerId = await createCustomer();
    const pay = payRequest(customerId);
    expect((await callGateway(PAY, pay)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
    });
    const refund = refundRequest(pay.paymentRequestId, {
      surchargeInfo: { surchargeAmount: krw(PAY_TO) },
    });
    const answer = await callGateway(REFUND, refund);
    expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
    expect((answer.json as { result: { resultMessage: string } }).result.resultMessage).toBe(
      "surchargeInfo.surchargeAmount is for a surcharge, and the payment had none",
    );
    expect(await refundRows(refund.refundRequestId)).toEqual([]);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
  });

  it("a refund without surchargeInfo credits refundFromAmount, as before", async () => {
    const customerId = await createCustomer();
    const { body: pay } = await surchargedPay(customerId);
    const refund = refundRequest(pay.paymentRequestId, {
      refundAmount: jpy(1800),
      refundFromAmount: krw(PAY_TO),
    });
    expect((await callGateway(REFUND, refund)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
    });
    // Alipay+ refunded what it settled; the surcharge stays with the wallet unless it says so.
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - (SURCHARGE - PAY_TO));
    const [stored] = await refundRows(refund.refundRequestId);
    expect(stored).toMatchObject({ creditMinor: PAY_TO, surchargeAmountMinor: null });
    // Refunded in full for the customer too: what Alipay+ settled came back.
    const detail = await findTransaction(database.db, customerId, stored!.paymentId!);
    expect(detail).toMatchObject({ status: "refunded", refunded: { amountMinor: PAY_TO } });
  });
});

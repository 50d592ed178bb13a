/**
 * The example requests in server/simulator/examples are accepted as they are, byte for byte (our
 * copy's pay expires in 2099, so that it can be sent any day: e2e/gateway/expiry.test.ts sends it
 * with the original, long-past expiry and is refused). Their
 * ids are fixed, so every step is idempotent: within one `npm test` a second send is a replay (same
 * body, same answer), and assertions are on what the server stored, not on balance deltas.
 * (user-initiated-pay-response.json is an Alipay+ answer to the wallet, not an inbound request.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES as examples } from "@/server/simulator/scenarios";
import { alipay, callGateway, PAY, REFUND, uniqueId, walletApi } from "../fixtures/gateway";
import {
  expectBalanceMatchesLedger,
  ledgerOf,
  paymentPromotionsOf,
  paymentRows,
  refundPromotionsOf,
  refundRows,
} from "../fixtures/db";

const payText = readFileSync(path.join(examples, "pay-upm-two-promotions.json"), "utf8");
const refundTemplate = readFileSync(
  path.join(examples, "refund-partial-with-promotion.json"),
  "utf8",
);
const PLACEHOLDER = "<the paymentId the MPP returned for the pay above>";

const CUSTOMER = "C-000042";
const PAYMENT_REQUEST_ID = "20261126UPM0000000000001";
const REFUND_REQUEST_ID = "20261127RFD0000000000001";

/** Creates (or updates: PUT is an upsert) and funds C-000042 in KRW. */
async function fundCustomer(): Promise<void> {
  const put = await walletApi("PUT", `/api/wallet/v1/customers/${CUSTOMER}`, {
    displayName: "Example Customer",
    currency: "KRW",
    status: "ACTIVE",
    kycStatus: "VERIFIED",
  });
  expect(put.status).toBe(200);
  const topUp = await walletApi("POST", `/api/wallet/v1/customers/${CUSTOMER}/top-ups`, {
    topUpId: uniqueId("T-EXAMPLE"),
    amount: { currency: "KRW", value: "100000" },
  });
  expect(topUp.status).toBe(201);
}

describe("server/simulator/examples", () => {
  it("the files are what the tests assume", () => {
    expect(JSON.parse(payText)).toMatchObject({ paymentExpiryTime: "2099-11-26T12:01:00+09:00" });
    expect(JSON.parse(payText)).toMatchObject({
      paymentRequestId: PAYMENT_REQUEST_ID,
      paymentMethod: { customerId: CUSTOMER },
      payToAmount: { currency: "KRW", value: "16740" },
    });
    expect(refundTemplate).toContain(PLACEHOLDER);
    expect(JSON.parse(refundTemplate)).toMatchObject({
      paymentRequestId: PAYMENT_REQUEST_ID,
      refundRequestId: REFUND_REQUEST_ID,
    });
  });

  it("pay-upm-two-promotions.json, then refund-partial-with-promotion.json, are accepted as they are", async () => {
    await fundCustomer();

    // pay, byte for byte.
    const pay = await callGateway(PAY, payText);
    expect(pay.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      customerId: CUSTOMER,
    });
    const paymentId = (pay.json as { paymentId: string }).paymentId;
    expect(paymentId).toMatch(/^P\d{28}$/);
    // A replay answers the same text.
    expect((await alipay.call(PAY, payText)).text).toBe(pay.text);

    const stored = await paymentRows(PAYMENT_REQUEST_ID);
    expect(stored).toEqual([
      expect.objectContaining({ paymentId, status: "SUCCESS", customerId: CUSTOMER }),
    ]);
    const promotions = await paymentPromotionsOf(paymentId);
    expect(promotions.map((p) => [p.promoId, p.promoName, p.amountMinor, p.currency])).toEqual([
      ["PROMO-AUTUMN-300", "Autumn Japan: 300 JPY off", 2790n, "KRW"],
      ["PROMO-NEWUSER-100", "First Alipay+ payment: 100 JPY off", 930n, "KRW"],
    ]);
    // The Japanese merchant name survives as received (UTF-8 end to end).
    expect(stored[0]?.merchantName).toBe("宇治茶房 銀座店");

    // refund, with only the paymentId placeholder replaced.
    const refundText = refundTemplate.replace(PLACEHOLDER, paymentId);
    expect(refundText).not.toBe(refundTemplate);
    const refund = await callGateway(REFUND, refundText);
    expect(refund.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
    const refundId = (refund.json as { refundId: string }).refundId;
    expect((await alipay.call(REFUND, refundText)).text).toBe(refund.text);

    expect(await refundRows(REFUND_REQUEST_ID)).toEqual([
      expect.objectContaining({
        refundId,
        paymentId,
        status: "SUCCESS",
        refundAmountMinor: 900n,
        refundFromAmountMinor: 8370n,
      }),
    ]);
    const refundPromotions = await refundPromotionsOf(refundId);
    expect(
      refundPromotions.map((r) => [
        r.promoId,
        r.amountMinor,
        r.paymentPromotionId,
        r.exceedsRemaining,
      ]),
    ).toEqual([
      ["PROMO-AUTUMN-300", 1395n, promotions[0]?.id, false],
      ["PROMO-NEWUSER-100", 465n, promotions[1]?.id, false],
    ]);
    expect(refundPromotions.every((r) => r.paymentPromotionId !== null)).toBe(true);

    // Money moved once each, however often the examples were sent.
    const ledger = await ledgerOf(CUSTOMER);
    expect(
      ledger.filter((e) => e.paymentId === paymentId).map((e) => [e.kind, e.amountMinor]),
    ).toEqual([
      ["PAYMENT", -16740n],
      ["REFUND", 8370n],
    ]);
    await expectBalanceMatchesLedger(CUSTOMER);
  });
});

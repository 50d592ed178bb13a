/**
 * Risk control through the real signed `pay` (docs/protocol.md#risk-rules): rules that need no
 * device signals — repeat redemption, gambling, block list, the allow list — with a hit, a near
 * miss and what is stored: the payment FAILED/RISK_REJECT, inquiry reporting it, no money moved,
 * and the decision with the rule-set version, each rule's verdict and the signal values seen.
 */
import { describe, expect, it } from "vitest";
import { paymentRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  createCustomer,
  inquirePayment,
  INITIAL_BALANCE,
  PAY,
  PAY_TO,
  payRequest,
  uniqueId,
} from "../fixtures/gateway";
import { resultMatching } from "../fixtures/matchers";
import { decisionsOf, listEntry, verdictIn } from "../fixtures/risk";

/** A promoted pay with one promotion under a promo id of the test's own. */
function promotedPay(customerId: string, promoId: string, overrides: Record<string, unknown> = {}) {
  const base = payRequest(customerId);
  return {
    ...base,
    paymentPromoInfo: {
      paymentPromoDetails: [{ ...base.paymentPromoInfo.paymentPromoDetails[0], promoId }],
    },
    ...overrides,
  };
}

async function payResult(body: object): Promise<string> {
  const answer = await callGateway(PAY, body);
  return String((answer.json?.result as { resultCode?: string } | undefined)?.resultCode);
}

describe("repeat redemption", () => {
  it("pays the 3rd redemption of a promotion in 30 days and rejects the 4th", async () => {
    const customerId = await createCustomer();
    const promoId = uniqueId("PROMO");
    for (let i = 0; i < 3; i++)
      expect(await payResult(promotedPay(customerId, promoId))).toBe("SUCCESS");

    const fourth = promotedPay(customerId, promoId);
    expect(await payResult(fourth)).toBe("RISK_REJECT");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - 3n * PAY_TO);

    const [payment] = await paymentRows(fourth.paymentRequestId);
    expect(payment).toMatchObject({
      status: "FAILED",
      resultCode: "RISK_REJECT",
      paymentTime: null,
    });
    const inquiry = await inquirePayment(fourth.paymentRequestId);
    expect(inquiry.json?.paymentResult).toEqual(resultMatching("RISK_REJECT", "F"));

    const [decision] = await decisionsOf(fourth.paymentRequestId);
    expect(decision).toMatchObject({
      paymentId: payment!.paymentId,
      context: "PAY",
      customerId,
      outcome: "REJECT",
      ruleSetVersion: expect.any(Number) as unknown,
    });
    expect(verdictIn(decision!, "repeatRedemption")).toMatchObject({
      verdict: "HIT",
      action: "REJECT",
      values: { priorRedemptions: { [promoId]: 3 }, minPriorRedemptions: 3, windowDays: 30 },
    });
    // A device rule without a device says so instead of guessing.
    expect(verdictIn(decision!, "sharedDevice")?.verdict).toBe("UNAVAILABLE");
  });

  it("replays a rejected pay's answer and does not count a rejection as a redemption", async () => {
    const customerId = await createCustomer();
    const promoId = uniqueId("PROMO");
    for (let i = 0; i < 3; i++) await payResult(promotedPay(customerId, promoId));
    const rejected = promotedPay(customerId, promoId);
    const first = await callGateway(PAY, rejected);
    const replay = await callGateway(PAY, rejected);
    expect(replay.text).toBe(first.text);
    expect(await decisionsOf(rejected.paymentRequestId)).toHaveLength(1);
  });

  it("counts redemptions per customer: another customer's are not this one's", async () => {
    const promoId = uniqueId("PROMO");
    const first = await createCustomer();
    for (let i = 0; i < 3; i++) await payResult(promotedPay(first, promoId));
    const second = await createCustomer();
    expect(await payResult(promotedPay(second, promoId))).toBe("SUCCESS");
  });
});

describe("gambling, block list, allow list", () => {
  it("rejects a store with a gambling MCC and pays MCC 5814", async () => {
    const customerId = await createCustomer();
    const base = promotedPay(customerId, uniqueId("PROMO"));
    const casino = {
      ...base,
      order: {
        ...base.order,
        merchant: {
          ...base.order.merchant,
          store: { ...base.order.merchant.store, storeMCC: "7995" },
        },
      },
    };
    expect(await payResult(casino)).toBe("RISK_REJECT");
    const [decision] = await decisionsOf(casino.paymentRequestId);
    expect(verdictIn(decision!, "gambling")).toMatchObject({
      verdict: "HIT",
      values: { merchantMcc: "5814", storeMcc: "7995", merchantBlocked: false },
    });
    expect(await payResult(promotedPay(customerId, uniqueId("PROMO")))).toBe("SUCCESS");
  });

  it("rejects a merchant on the merchant block list (a known gambling merchant)", async () => {
    const customerId = await createCustomer();
    const merchantId = uniqueId("M");
    const base = promotedPay(customerId, uniqueId("PROMO"));
    await listEntry("BLOCK", "MERCHANT", merchantId);
    const body = {
      ...base,
      order: {
        ...base.order,
        merchant: { ...base.order.merchant, referenceMerchantId: merchantId },
      },
    };
    expect(await payResult(body)).toBe("RISK_REJECT");
  });

  it("rejects a blocked customer, but not once the entry expired", async () => {
    const blocked = await createCustomer();
    await listEntry("BLOCK", "CUSTOMER", blocked);
    expect(await payResult(promotedPay(blocked, uniqueId("PROMO")))).toBe("RISK_REJECT");
    const expired = await createCustomer();
    await listEntry("BLOCK", "CUSTOMER", expired, new Date(Date.now() - 1000));
    expect(await payResult(promotedPay(expired, uniqueId("PROMO")))).toBe("SUCCESS");
  });

  it("lets an allow-listed customer redeem again, but still stops gambling", async () => {
    const customerId = await createCustomer();
    await listEntry("ALLOW", "CUSTOMER", customerId);
    const promoId = uniqueId("PROMO");
    for (let i = 0; i < 4; i++)
      expect(await payResult(promotedPay(customerId, promoId))).toBe("SUCCESS");
    const base = promotedPay(customerId, uniqueId("PROMO"));
    const casino = {
      ...base,
      order: { ...base.order, merchant: { ...base.order.merchant, merchantMCC: "7801" } },
    };
    expect(await payResult(casino)).toBe("RISK_REJECT");
  });

  it("does not judge a payment without promotions (every rule is scoped to promoted ones)", async () => {
    const customerId = await createCustomer();
    await listEntry("BLOCK", "CUSTOMER", customerId);
    const { paymentPromoInfo: _none, ...plain } = payRequest(customerId);
    expect(await payResult(plain)).toBe("SUCCESS");
    expect(await decisionsOf(plain.paymentRequestId)).toEqual([]);
  });
});

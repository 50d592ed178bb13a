/**
 * The rules that read device and customer signals, through the real device-events and customers
 * APIs and a real signed `pay` (docs/protocol.md#risk-rules): for each a hit, a near miss and a
 * missing signal; the 24 h shared-device window at its edges; concurrent logins; a REVIEW that lets
 * the payment through; a payment evaluation and a cashier Pay rejected by risk.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mpmOrders, paymentNotifications } from "@/db/schema";
import { upsertStores } from "@/server/stores/stores";
import { payOrder } from "@/server/mpm-orders/cashier";
import { DEMO_MERCHANTS, DEMO_STORES } from "@/server/simulator/demo-data";
import { encodeSimulatorQr } from "@/server/simulator/qr-codes";
import { authCodeFor, autoDebitPay, tokensFor } from "../fixtures/auto-debit";
import {
  balanceOf,
  callGateway,
  createCustomer,
  database,
  INITIAL_BALANCE,
  PAY,
  payRequest,
  REFUND,
  refundRequest,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { decisionsOf, verdictIn } from "../fixtures/risk";
import {
  integrityEvent,
  isoFromNow,
  locationEvent,
  loginEvent,
  sendDeviceEvents,
} from "../fixtures/signals";

const HOUR = 3_600_000;
/** The Ginza store of payRequest's merchant (registered below). */
const GINZA = { lat: 35.6714, lng: 139.7658 };
const OSAKA = { lat: 34.7036, lng: 135.4992 };

beforeAll(async () => {
  await upsertStores(database.db, DEMO_STORES);
});

/** A promoted, in-store pay from `deviceId` (order.env.deviceTokenId), with a fresh promo id. */
function payFrom(customerId: string, deviceId: string | undefined) {
  const base = payRequest(customerId);
  return {
    ...base,
    order: { ...base.order, ...(deviceId ? { env: { deviceTokenId: deviceId } } : {}) },
    paymentPromoInfo: {
      paymentPromoDetails: [
        {
          promoId: uniqueId("PROMO"),
          promoName: "Test promotion",
          promoType: "DISCOUNT",
          savingsAmount: { currency: "KRW", value: "930" },
        },
      ],
    },
  };
}

async function judged(body: { paymentRequestId: string }) {
  const answer = await callGateway(PAY, body);
  const [decision] = await decisionsOf(body.paymentRequestId);
  return { resultCode: answer.resultCode, decision: decision! };
}

async function events(list: unknown[]) {
  const { status, json } = await sendDeviceEvents(list);
  expect(status, JSON.stringify(json)).toBe(200);
  expect(json.rejected).toEqual([]);
}

describe("shared device", () => {
  it("rejects a third account on a device within 24 h, counting the payer", async () => {
    const device = uniqueId("DEV");
    const payer = await createCustomer();
    await events([loginEvent({ deviceId: device }), loginEvent({ deviceId: device })]);
    const { resultCode, decision } = await judged(payFrom(payer, device));
    expect(resultCode).toBe("RISK_REJECT");
    expect(verdictIn(decision, "sharedDevice")).toMatchObject({
      verdict: "HIT",
      values: { accountsOnDevice: 3, minCustomers: 3, windowHours: 24 },
    });
  });

  it("pays with one other account on the device (near miss) and without a device (unavailable)", async () => {
    const device = uniqueId("DEV");
    await events([loginEvent({ deviceId: device })]);
    const near = await judged(payFrom(await createCustomer(), device));
    expect(near.resultCode).toBe("SUCCESS");
    expect(verdictIn(near.decision, "sharedDevice")?.verdict).toBe("MISS");
    const none = await judged(payFrom(await createCustomer(), undefined));
    expect(none.resultCode).toBe("SUCCESS");
    expect(verdictIn(none.decision, "sharedDevice")?.verdict).toBe("UNAVAILABLE");
  });

  it("counts a login 23h59m before the payment and not one 24h01m before", async () => {
    const inside = uniqueId("DEV");
    const outside = uniqueId("DEV");
    await events([
      loginEvent({ deviceId: inside, at: isoFromNow(-(24 * HOUR - 60_000)) }),
      loginEvent({ deviceId: inside, at: isoFromNow(-(24 * HOUR - 60_000)) }),
      loginEvent({ deviceId: outside, at: isoFromNow(-(24 * HOUR + 60_000)) }),
      loginEvent({ deviceId: outside, at: isoFromNow(-(24 * HOUR + 60_000)) }),
    ]);
    expect((await judged(payFrom(await createCustomer(), inside))).resultCode).toBe("RISK_REJECT");
    expect((await judged(payFrom(await createCustomer(), outside))).resultCode).toBe("SUCCESS");
  });

  it("counts logins sent concurrently, each account once", async () => {
    const device = uniqueId("DEV");
    const accounts = [uniqueId("C"), uniqueId("C")];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        events([loginEvent({ deviceId: device, customerId: accounts[i % 2] })]),
      ),
    );
    const { resultCode, decision } = await judged(payFrom(await createCustomer(), device));
    expect(resultCode).toBe("RISK_REJECT");
    expect(verdictIn(decision, "sharedDevice")?.values.accountsOnDevice).toBe(3);
  });
});

describe("tampered app or device", () => {
  it.each([
    ["an emulator", { emulator: true }, "RISK_REJECT", "HIT"],
    ["a rooted device", { rooted: true }, "RISK_REJECT", "HIT"],
    ["a modified app", { appSignatureValid: false }, "RISK_REJECT", "HIT"],
    ["a clean device", {}, "SUCCESS", "MISS"],
  ])("%s → %s", async (_case, fields, expected, verdict) => {
    const device = uniqueId("DEV");
    await events([integrityEvent({ deviceId: device, ...fields })]);
    const { resultCode, decision } = await judged(payFrom(await createCustomer(), device));
    expect(resultCode).toBe(expected);
    expect(verdictIn(decision, "tamperedDevice")?.verdict).toBe(verdict);
  });

  it("takes the latest result by `at`: a clean check after a rooted one pays", async () => {
    const device = uniqueId("DEV");
    await events([
      integrityEvent({ deviceId: device, at: isoFromNow(-60_000) }),
      integrityEvent({ deviceId: device, rooted: true, at: isoFromNow(-120_000) }),
    ]);
    expect((await judged(payFrom(await createCustomer(), device))).resultCode).toBe("SUCCESS");
  });

  it("says unavailable for a device without an integrity result", async () => {
    const { resultCode, decision } = await judged(payFrom(await createCustomer(), uniqueId("DEV")));
    expect(resultCode).toBe("SUCCESS");
    expect(verdictIn(decision, "tamperedDevice")?.verdict).toBe("UNAVAILABLE");
  });
});

describe("location mismatch (in-store)", () => {
  it.each([
    ["a fix in Osaka for the Ginza store", { ...OSAKA }, "RISK_REJECT", "HIT"],
    ["a fix next to the store", { ...GINZA, lat: GINZA.lat + 0.001 }, "SUCCESS", "MISS"],
    ["a fix 31 minutes old", { ...OSAKA, at: isoFromNow(-31 * 60_000) }, "SUCCESS", "UNAVAILABLE"],
    ["a fix 1,001 m accurate", { ...OSAKA, accuracyM: 1001 }, "SUCCESS", "UNAVAILABLE"],
  ])("%s → %s", async (_case, fields, expected, verdict) => {
    const device = uniqueId("DEV");
    const customerId = await createCustomer();
    await events([locationEvent({ deviceId: device, customerId, ...fields })]);
    const { resultCode, decision } = await judged(payFrom(customerId, device));
    expect(resultCode).toBe(expected);
    expect(verdictIn(decision, "locationMismatch")?.verdict).toBe(verdict);
  });

  it("skips a payment that is not in store", async () => {
    const device = uniqueId("DEV");
    const customerId = await createCustomer();
    await events([locationEvent({ deviceId: device, customerId, ...OSAKA })]);
    const body = { ...payFrom(customerId, device), paymentFactor: { isInStorePayment: "false" } };
    const { resultCode, decision } = await judged(body);
    expect(resultCode).toBe("SUCCESS");
    expect(verdictIn(decision, "locationMismatch")?.verdict).toBe("SKIPPED");
  });
});

describe("device farming", () => {
  it("rejects the third customer paying with promotions from one device in 7 days", async () => {
    const device = uniqueId("DEV");
    for (let i = 0; i < 2; i++) {
      expect((await judged(payFrom(await createCustomer(), device))).resultCode).toBe("SUCCESS");
    }
    const third = await judged(payFrom(await createCustomer(), device));
    expect(third.resultCode).toBe("RISK_REJECT");
    expect(verdictIn(third.decision, "deviceFarming")?.values.customersWithPromotions).toBe(3);
  });
});

describe("customer signals", () => {
  async function withRiskFields(fields: Record<string, unknown>) {
    const customerId = await createCustomer();
    const { status } = await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, fields);
    expect(status).toBe(200);
    return customerId;
  }

  it.each([
    ["rating BAD", { creditRating: "BAD", creditScore: 700 }, "RISK_REJECT", "HIT"],
    ["score 299", { creditRating: "FAIR", creditScore: 299 }, "RISK_REJECT", "HIT"],
    ["score 300", { creditRating: "FAIR", creditScore: 300 }, "SUCCESS", "MISS"],
    ["nothing known", {}, "SUCCESS", "UNAVAILABLE"],
  ])("bad credit: %s → %s", async (_case, fields, expected, verdict) => {
    const { resultCode, decision } = await judged(payFrom(await withRiskFields(fields), undefined));
    expect(resultCode).toBe(expected);
    expect(verdictIn(decision, "badCredit")?.verdict).toBe(verdict);
  });

  it("sends a new account's promoted payment to review, and lets it through", async () => {
    const customerId = await withRiskFields({ accountCreatedAt: isoFromNow(-2 * HOUR) });
    const { resultCode, decision } = await judged(payFrom(customerId, undefined));
    expect(resultCode).toBe("SUCCESS");
    expect(decision.outcome).toBe("REVIEW");
    expect(verdictIn(decision, "newAccount")).toMatchObject({ verdict: "HIT", action: "REVIEW" });
    expect(await balanceOf(customerId)).toBeLessThan(INITIAL_BALANCE);
    const older = await withRiskFields({ accountCreatedAt: isoFromNow(-25 * HOUR) });
    expect((await judged(payFrom(older, undefined))).decision.outcome).toBe("ALLOW");
  });

  it("reviews the next promoted payment after three refunded promoted payments", async () => {
    const customerId = await createCustomer();
    for (let i = 0; i < 3; i++) {
      const body = payFrom(customerId, undefined);
      expect((await judged(body)).resultCode).toBe("SUCCESS");
      const refund = await callGateway(REFUND, refundRequest(body.paymentRequestId));
      expect(refund.resultCode).toBe("SUCCESS");
    }
    const { resultCode, decision } = await judged(payFrom(customerId, undefined));
    expect(resultCode).toBe("SUCCESS");
    expect(verdictIn(decision, "promoThenRefund")).toMatchObject({
      verdict: "HIT",
      values: { refundedPromotedPayments: 3 },
    });
    expect(decision.outcome).toBe("REVIEW");
  });
});

describe("payment evaluation and cashier Pay", () => {
  it("answers an Auto Debit evaluation RISK_REJECT and records the decision without a payment", async () => {
    const customerId = await createCustomer();
    await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, { creditRating: "BAD" });
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });
    const body = autoDebitPay(tokens.accessToken, customerId, true);
    const answer = await callGateway(PAY, body);
    expect(answer.resultCode).toBe("RISK_REJECT");
    const [decision] = await decisionsOf(body.paymentRequestId);
    expect(decision).toMatchObject({ context: "EVALUATION", paymentId: null, outcome: "REJECT" });
  });

  it("refuses a cashier Pay for good, notifying Alipay+ of RISK_REJECT", async () => {
    const customerId = await createCustomer();
    const device = uniqueId("DEV");
    await events([integrityEvent({ deviceId: device, emulator: true })]);
    const { status, json } = await walletApi("POST", "/api/wallet/v1/mpm/orders", {
      codeValue: encodeSimulatorQr({
        merchant: DEMO_MERCHANTS[0]!,
        orderMinor: 2200n,
        promotions: [],
        walletCurrency: "KRW",
      }),
      customerId,
      deviceId: device,
    });
    expect(status).toBe(201);
    // Without promotions no rule applies (all are scoped to promoted payments): pays.
    expect((await payOrder(database.db, customerId, json.orderId as unknown as string)).kind).toBe(
      "paid",
    );

    const promoted = await walletApi("POST", "/api/wallet/v1/mpm/orders", {
      codeValue: encodeSimulatorQr({
        merchant: DEMO_MERCHANTS[0]!,
        orderMinor: 2200n,
        promotions: [
          {
            promoId: "PROMO-AUTUMN-300",
            promoName: "Autumn Japan: 300 JPY off",
            promoType: "CASHLESS_FIXED_VOUCHER",
            offMinor: 300n,
          },
        ],
        walletCurrency: "KRW",
      }),
      customerId,
      deviceId: device,
    });
    const orderId = promoted.json.orderId as unknown as string;
    expect(await payOrder(database.db, customerId, orderId)).toEqual({
      kind: "failed",
      resultCode: "RISK_REJECT",
    });
    const [order] = await database.db
      .select()
      .from(mpmOrders)
      .where(eq(mpmOrders.orderId, orderId));
    expect(order).toMatchObject({ status: "FAILED", resultCode: "RISK_REJECT" });
    const [decision] = await decisionsOf(order!.paymentRequestId);
    expect(decision).toMatchObject({ context: "CASHIER", outcome: "REJECT", deviceId: device });
    const [notification] = await database.db
      .select()
      .from(paymentNotifications)
      .where(eq(paymentNotifications.paymentRequestId, order!.paymentRequestId));
    expect(JSON.parse(notification!.body)).toMatchObject({
      paymentResult: { resultStatus: "F", resultCode: "RISK_REJECT" },
    });
  });
});

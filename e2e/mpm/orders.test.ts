/**
 * MPM / Cashier over real HTTP and the real database (README "MPM / Cashier"): the wallet API
 * forwards the scanned code to the suite's simulated Alipay+ (userInitiatedPay) and stores the
 * order it answers; the cashier's Pay and Return (domain functions the page's form actions call)
 * debit once, record the payment and its promotions like a UPM pay, and write the notifyPayment.
 */
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mpmOrders, paymentNotifications } from "@/db/schema";
import { closeExpiredOrders, payOrder, returnOrder } from "@/server/mpm-orders/cashier";
import { NO_DEFAULT_LIMITS } from "@/server/payments/limits";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS } from "@/server/simulator/demo-data";
import { encodeSimulatorQr, type SimulatorQrOrder } from "@/server/simulator/qr-codes";
import { expectBalanceMatchesLedger, paymentPromotionsOf, paymentRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  cancelPayment,
  createCustomer,
  database,
  inquirePayment,
  INITIAL_BALANCE,
  krw,
  PAY,
  plainPayRequest,
  REFUND,
  setLimits,
  storedHash,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { eventually } from "../fixtures/http";
import { ANY_TEXT, resultMatching } from "../fixtures/matchers";

const ORDERS = "/api/wallet/v1/mpm/orders";
const { db } = database;

const UJI_SABO = DEMO_MERCHANTS[0]!;
const JPY_PROMOTIONS = DEMO_PROMOTIONS.JPY!;
/** 2,200 JPY − 300 − 100 = 1,800 JPY; at 9.3 KRW per JPY: 16,740 KRW, savings 2,790 and 930 KRW. */
const TO_PAY = 16_740n;

function qr(overrides: Partial<SimulatorQrOrder> = {}): string {
  return encodeSimulatorQr({
    merchant: UJI_SABO,
    orderMinor: 2200n,
    promotions: JPY_PROMOTIONS,
    walletCurrency: "KRW",
    ...overrides,
  });
}

/** Each scan from its own device unless told: the device-farming rule counts customers per device. */
async function scan(customerId: string, codeValue = qr(), deviceId = uniqueId("DEV")) {
  return walletApi("POST", ORDERS, { codeValue, customerId, deviceId });
}

async function openOrder(customerId: string, codeValue = qr()): Promise<string> {
  const { status, json } = await scan(customerId, codeValue);
  expect(status, JSON.stringify(json)).toBe(201);
  return json.orderId as unknown as string;
}

async function orderRow(orderId: string) {
  const [row] = await db.select().from(mpmOrders).where(eq(mpmOrders.orderId, orderId));
  if (!row) throw new Error(`order ${orderId} not stored`);
  return row;
}

async function notificationsOf(paymentRequestId: string) {
  return db
    .select()
    .from(paymentNotifications)
    .where(eq(paymentNotifications.paymentRequestId, paymentRequestId))
    .orderBy(asc(paymentNotifications.id));
}

describe("POST /api/wallet/v1/mpm/orders", () => {
  it("stores the order Alipay+ answered, with every promotion, and answers its cashier page", async () => {
    const customerId = await createCustomer();
    const code = qr();
    const { status, json } = await scan(customerId, code);
    expect(status).toBe(201);
    const orderId = json.orderId as unknown as string;
    expect(json).toEqual({ kind: "order", orderId, cashierUrl: `/pay/${orderId}` });

    const row = await orderRow(orderId);
    expect(row).toMatchObject({
      customerId,
      deviceId: expect.stringMatching(/^DEV/) as unknown,
      status: "OPEN",
      payToAmountMinor: TO_PAY,
      payToCurrency: "KRW",
      paymentId: null,
    });
    expect(row.paymentRequestId).toMatch(/^SIM-MPM-/);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    const answer = row.answer as { paymentPromoInfo: { paymentPromoDetails: unknown[] } };
    expect(answer.paymentPromoInfo.paymentPromoDetails).toEqual([
      expect.objectContaining({
        promoId: "PROMO-AUTUMN-300",
        savingsAmount: { currency: "KRW", value: "2790" },
      }),
      expect.objectContaining({
        promoId: "PROMO-NEWUSER-100",
        savingsAmount: { currency: "KRW", value: "930" },
      }),
    ]);
    // Promotions are redemptions only once paid: no payment, no payment promotions yet.
    expect(await paymentRows(row.paymentRequestId)).toEqual([]);
    // The scanned text is kept only as a hash.
    const [stored] = await db
      .select({ text: sql<string>`row_to_json(${mpmOrders})::text` })
      .from(mpmOrders)
      .where(eq(mpmOrders.orderId, orderId));
    expect(stored?.text).not.toContain("SIMQR1.");
    expect(row.codeValueHash).toBe(storedHash(code));
  });

  it("answers the same order when the same code is scanned again", async () => {
    const customerId = await createCustomer();
    const code = qr();
    const orderId = await openOrder(customerId, code);
    const again = await scan(customerId, code);
    expect(again.status).toBe(200);
    expect(again.json.orderId).toBe(orderId);
  });

  it("passes on Alipay+'s refusals as 502 with its resultCode", async () => {
    const first = await createCustomer();
    const second = await createCustomer();
    const code = qr();
    await openOrder(first, code);
    // The simulator, like Alipay+, refuses a code already scanned by someone else.
    const taken = await scan(second, code);
    expect(taken.status).toBe(502);
    expect(taken.json.error).toMatchObject({ code: "REPEAT_REQ_INCONSISTENT" });

    const unknown = await scan(first, "https://example.invalid/not-a-code");
    expect(unknown.status).toBe(502);
    expect(unknown.json.error).toMatchObject({ code: "INVALID_CODE" });
  });

  it("refuses a static store code (no amount) with 422 STORE_CODE_NOT_SUPPORTED", async () => {
    const customerId = await createCustomer();
    const { status, json } = await scan(customerId, qr({ storeCode: true }));
    expect(status).toBe(422);
    expect(json.error).toMatchObject({ code: "STORE_CODE_NOT_SUPPORTED", field: "codeValue" });
  });

  it.each([
    ["codeValue missing", { customerId: "C-1", deviceId: "d" }, "codeValue"],
    [
      "codeValue over 512",
      { codeValue: "x".repeat(513), customerId: "C-1", deviceId: "d" },
      "codeValue",
    ],
    ["deviceId missing", { codeValue: "x", customerId: "C-1" }, "deviceId"],
    ["customerId with spaces", { codeValue: "x", customerId: "C 1", deviceId: "d" }, "customerId"],
  ])("answers 400 naming the field: %s", async (_case, body, field) => {
    const { status, json } = await walletApi("POST", ORDERS, body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "INVALID_REQUEST", field });
  });

  it("answers 404 for an unknown customer and 401 without the key, calling nobody", async () => {
    const unknown = await scan(uniqueId("C"));
    expect(unknown.status).toBe(404);
    const { status } = await walletApi("POST", ORDERS, { codeValue: qr() }, "wrong-key-wrong-key");
    expect(status).toBe(401);
  });
});

describe("the cashier: Pay", () => {
  it("debits payToAmount, records the payment with every promotion, and writes notifyPayment S", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId);
    const outcome = await payOrder(db, customerId, orderId);
    expect(outcome.kind).toBe("paid");
    const paymentId = outcome.kind === "paid" ? outcome.paymentId : "";

    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - TO_PAY);
    await expectBalanceMatchesLedger(customerId);
    const order = await orderRow(orderId);
    expect(order).toMatchObject({ status: "PAID", paymentId, resultCode: "SUCCESS" });
    const [payment] = await paymentRows(order.paymentRequestId);
    expect(payment).toMatchObject({
      paymentId,
      status: "SUCCESS",
      customerId,
      payToAmountMinor: TO_PAY,
      paymentAmountMinor: 1800n,
      orderAmountMinor: 2200n,
      deviceTokenId: order.deviceId,
      merchantName: UJI_SABO.merchantName,
      quoteCurrencyPair: "JPY/KRW",
    });
    const promotions = await paymentPromotionsOf(paymentId);
    expect(promotions.map((p) => [p.promoId, p.walletAmountMinor])).toEqual([
      ["PROMO-AUTUMN-300", 2790n],
      ["PROMO-NEWUSER-100", 930n],
    ]);

    const [notification] = await notificationsOf(order.paymentRequestId);
    expect(JSON.parse(notification!.body)).toEqual({
      paymentResult: resultMatching("SUCCESS", "S"),
      paymentRequestId: order.paymentRequestId,
      paymentId,
      paymentTime: ANY_TEXT,
      paymentAmount: { currency: "JPY", value: "1800" },
      payToAmount: { currency: "KRW", value: "16740" },
      customerId,
    });

    // Alipay+ sees the payment like any other: inquiry S with the customer, refund credits back.
    const inquiry = await inquirePayment(order.paymentRequestId);
    expect(inquiry.json).toMatchObject({
      paymentResult: resultMatching("SUCCESS", "S"),
      paymentId,
      customerId,
    });
    const refund = await callGateway(REFUND, {
      acquirerId: "1020000000000000001",
      pspId: "1022000000000000001",
      paymentRequestId: order.paymentRequestId,
      paymentId,
      refundRequestId: uniqueId("RFD"),
      refundAmount: { currency: "JPY", value: "1800" },
      refundFromAmount: { currency: "KRW", value: "16740" },
    });
    expect(refund.json?.result).toMatchObject({ resultStatus: "S" });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("pays once when Pay arrives many times at once (double taps, two tabs)", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => payOrder(db, customerId, orderId)),
    );
    const paymentIds = new Set(outcomes.map((o) => (o.kind === "paid" ? o.paymentId : o.kind)));
    expect(paymentIds.size).toBe(1);
    expect([...paymentIds][0]).toMatch(/^P/);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - TO_PAY);
    const order = await orderRow(orderId);
    expect(await notificationsOf(order.paymentRequestId)).toHaveLength(1);
  });

  it("leaves the order open on a short balance, then pays after a top-up", async () => {
    const customerId = await createCustomer({ balance: TO_PAY - 1n });
    const orderId = await openOrder(customerId);
    expect(await payOrder(db, customerId, orderId)).toEqual({ kind: "balance-short" });
    const order = await orderRow(orderId);
    expect(order).toMatchObject({ status: "OPEN", resultCode: "USER_BALANCE_NOT_ENOUGH" });
    expect(await paymentRows(order.paymentRequestId)).toEqual([]);
    expect(await notificationsOf(order.paymentRequestId)).toEqual([]);
    expect(await balanceOf(customerId)).toBe(TO_PAY - 1n);

    const topUp = await walletApi("POST", `/api/wallet/v1/customers/${customerId}/top-ups`, {
      topUpId: uniqueId("T"),
      amount: { currency: "KRW", value: "1" },
    });
    expect(topUp.status).toBe(201);
    expect((await payOrder(db, customerId, orderId)).kind).toBe("paid");
    expect(await balanceOf(customerId)).toBe(0n);
  });

  it("refuses for good when the account cannot pay (KYC), and says so to Alipay+", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId);
    await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, { kycStatus: "PENDING" });
    expect(await payOrder(db, customerId, orderId)).toEqual({
      kind: "failed",
      resultCode: "USER_KYC_NOT_QUALIFIED",
    });
    const order = await orderRow(orderId);
    expect(order.status).toBe("FAILED");
    const [notification] = await notificationsOf(order.paymentRequestId);
    expect(JSON.parse(notification!.body)).toMatchObject({
      paymentResult: resultMatching("USER_KYC_NOT_QUALIFIED", "F"),
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    // Final: a later Pay does not try again.
    expect((await payOrder(db, customerId, orderId)).kind).toBe("failed");
  });

  it("refuses for good over a wallet limit: recorded, notified, nothing taken; raising the limit does not reopen it", async () => {
    const customerId = await createCustomer({ limits: { singlePaymentMax: krw(TO_PAY - 1n) } });
    const orderId = await openOrder(customerId);
    expect(await payOrder(db, customerId, orderId)).toEqual({
      kind: "failed",
      resultCode: "PAYMENT_AMOUNT_EXCEED_LIMIT",
    });
    const order = await orderRow(orderId);
    expect(order).toMatchObject({ status: "FAILED", resultCode: "PAYMENT_AMOUNT_EXCEED_LIMIT" });
    const [payment] = await paymentRows(order.paymentRequestId);
    expect(payment).toMatchObject({
      paymentId: order.paymentId,
      status: "FAILED",
      resultCode: "PAYMENT_AMOUNT_EXCEED_LIMIT",
      customerId,
    });
    const [notification] = await notificationsOf(order.paymentRequestId);
    expect(JSON.parse(notification!.body)).toMatchObject({
      paymentResult: resultMatching("PAYMENT_AMOUNT_EXCEED_LIMIT", "F"),
      customerId,
    });
    expect((await inquirePayment(order.paymentRequestId)).json?.paymentResult).toEqual(
      resultMatching("PAYMENT_AMOUNT_EXCEED_LIMIT", "F"),
    );
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);

    await setLimits(customerId, null);
    expect((await payOrder(db, customerId, orderId)).kind).toBe("failed");
    expect(await notificationsOf(order.paymentRequestId)).toHaveLength(1);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("counts the customer's pays through Alipay+ against the 24-hour limits, and applies the defaults it is given", async () => {
    const customerId = await createCustomer({ limits: { dailyAmountMax: krw(TO_PAY + 1n) } });
    expect(
      (await callGateway(PAY, plainPayRequest(customerId, { payToAmount: krw(2) }))).resultCode,
    ).toBe("SUCCESS");
    expect(await payOrder(db, customerId, await openOrder(customerId))).toEqual({
      kind: "failed",
      resultCode: "USER_AMOUNT_EXCEED_LIMIT",
    });

    const other = await createCustomer();
    const defaults = { ...NO_DEFAULT_LIMITS, dailyCountMax: 0 };
    expect(await payOrder(db, other, await openOrder(other), new Date(), defaults)).toEqual({
      kind: "failed",
      resultCode: "PAYMENT_COUNT_EXCEED_LIMIT",
    });
    expect(await balanceOf(other)).toBe(INITIAL_BALANCE);
  });

  it("treats another customer's order as not found", async () => {
    const owner = await createCustomer();
    const other = await createCustomer();
    const orderId = await openOrder(owner);
    expect(await payOrder(db, other, orderId)).toEqual({ kind: "not-found" });
    expect(await returnOrder(db, other, orderId)).toEqual({ kind: "not-found" });
    expect((await orderRow(orderId)).status).toBe("OPEN");
  });
});

describe("the cashier: Return, expiry and Alipay+'s cancel close the order", () => {
  it("Return closes it: nothing moves, inquiry says ORDER_IS_CLOSED, notifyPayment F", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId);
    expect(await returnOrder(db, customerId, orderId)).toEqual({ kind: "closed" });
    const order = await orderRow(orderId);
    expect(order.status).toBe("CLOSED");
    const inquiry = await inquirePayment(order.paymentRequestId);
    expect(inquiry.json?.paymentResult).toEqual(resultMatching("ORDER_IS_CLOSED", "F"));
    const [notification] = await notificationsOf(order.paymentRequestId);
    expect(JSON.parse(notification!.body)).toMatchObject({
      paymentResult: resultMatching("ORDER_IS_CLOSED", "F"),
      customerId,
    });
    expect(await payOrder(db, customerId, orderId)).toEqual({ kind: "closed" });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("an expired order cannot be paid, and the sweep closes expired orders", async () => {
    const customerId = await createCustomer();
    const payLate = await openOrder(customerId, qr({ expiresInSeconds: 1 }));
    const swept = await openOrder(customerId, qr({ expiresInSeconds: 1 }));
    const later = new Date(Date.now() + 2000);
    expect(await payOrder(db, customerId, payLate, later)).toEqual({ kind: "closed" });
    expect(await closeExpiredOrders(db, later)).toBeGreaterThanOrEqual(1);
    for (const orderId of [payLate, swept]) {
      const order = await orderRow(orderId);
      expect(order.status).toBe("CLOSED");
      expect(await notificationsOf(order.paymentRequestId)).toHaveLength(1);
    }
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("closes at paymentExpiryTime itself: no clock-skew grace at the wallet's own cashier", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId, qr({ expiresInSeconds: 60 }));
    const { expiresAt } = await orderRow(orderId);
    expect(await payOrder(db, customerId, orderId, expiresAt!)).toEqual({ kind: "closed" });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    const onTime = await openOrder(customerId, qr({ expiresInSeconds: 60 }));
    const justBefore = new Date((await orderRow(onTime)).expiresAt!.getTime() - 1);
    expect((await payOrder(db, customerId, onTime, justBefore)).kind).toBe("paid");
  });

  it("the running server closes an order left to expire, and notifies Alipay+", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId, qr({ expiresInSeconds: 1 }));
    const closed = await eventually(async () => {
      const order = await orderRow(orderId);
      return order.status === "CLOSED" ? order : undefined;
    }, 15_000);
    expect(closed.resultCode).toBe("ORDER_IS_CLOSED");
    expect(await notificationsOf(closed.paymentRequestId)).toHaveLength(1);
  });

  it("Alipay+'s cancelPayment closes an open order without a notification of ours", async () => {
    const customerId = await createCustomer();
    const orderId = await openOrder(customerId);
    const order = await orderRow(orderId);
    const cancelled = await cancelPayment(order.paymentRequestId);
    expect(cancelled.json?.result).toMatchObject({ resultStatus: "S" });
    expect((await orderRow(orderId)).status).toBe("CLOSED");
    expect(await payOrder(db, customerId, orderId)).toEqual({ kind: "closed" });
    expect(await notificationsOf(order.paymentRequestId)).toEqual([]);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });
});

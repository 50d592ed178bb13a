/**
 * MPM / Cashier, second half (README "MPM / Cashier"): the customer taps Pay or Return on the
 * cashier page, or the order expires. Pay runs the checks of a UPM pay and debits `payToAmount`
 * exactly once: double clicks, two tabs and retries all meet the same locks and find the order
 * already paid. Every final outcome is recorded like a pay (the payment row answers later inquiries
 * and refunds) and written to the notifyPayment outbox in the same transaction
 * (docs/protocol.md#notifications).
 *
 * Lock order, shared with cancelPayment: the payment request's advisory lock, then the order row,
 * then the wallet row.
 */
import { and, eq, lte } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { mpmOrders, payments } from "@/db/schema";
import { newId } from "../alipayplus/answers";
import type { ResultCode } from "../alipayplus/result-codes";
import type { JsonValue } from "../alipayplus/strict-json";
import type { PayRequest } from "../alipayplus/wire";
import { logEvent } from "../log";
import { enqueuePaymentNotification } from "../notifications/enqueue";
import { lockPaymentRequest } from "../payments/payment-lock";
import {
  checkPayer,
  debitPayer,
  findPayer,
  insertPayment,
  notificationOf,
  screenPayment,
  type PaymentSource,
} from "../payments/pay";
import { NO_DEFAULT_LIMITS, type DefaultLimits } from "../payments/limits";
import { recordDecision } from "../risk/decide";
import { readOrderAnswer } from "./order-answer";

export type PayOrderOutcome =
  | { kind: "paid"; paymentId: string }
  /** Nothing moved; the order stays open for a retry after a top-up. */
  | { kind: "balance-short" }
  /**
   * Final refusal (a wallet limit, risk, account status, KYC, currency): recorded and notified. A
   * limit refusal is final too: the order's amount cannot change, and the room a daily limit
   * frees comes back hours later, long after the order has expired.
   */
  | { kind: "failed"; resultCode: string }
  /** Returned, expired, or cancelled by Alipay+. */
  | { kind: "closed" }
  | { kind: "not-found" };

type OrderRow = typeof mpmOrders.$inferSelect;

export async function payOrder(
  db: Db,
  customerId: string,
  orderId: string,
  now = new Date(),
  defaultLimits: DefaultLimits = NO_DEFAULT_LIMITS,
): Promise<PayOrderOutcome> {
  return withLockedOrder(db, customerId, orderId, async (tx, order) => {
    const settled = await settledOutcome(tx, order);
    if (settled) return settled;
    const request = orderRequest(order);
    // No clock-skew grace here, unlike an inbound pay (README "Expiry"): this clock is the only
    // one involved, and an order Alipay+ may already count as closed must not be paid.
    if (order.expiresAt && order.expiresAt <= now) {
      await closeOrder(tx, order, request);
      return { kind: "closed" };
    }

    const payer = await findPayer(tx, customerId, defaultLimits);
    const refusal: ResultCode | null = payer ? checkPayer(payer, request) : "USER_NOT_EXIST";
    const source = orderCall(order, request, now);
    const screened = await screenPayment(tx, "CASHIER", source, payer, refusal, order.deviceId);
    const paymentId = newId("P");
    const resultCode = screened.code;
    if (resultCode === "SUCCESS" && !(await debitPayer(tx, customerId, request, paymentId))) {
      await tx
        .update(mpmOrders)
        .set({ resultCode: "USER_BALANCE_NOT_ENOUGH" })
        .where(eq(mpmOrders.orderId, order.orderId));
      return { kind: "balance-short" };
    }
    const written = await insertPayment(tx, source, {
      paymentId,
      customerId: payer ? customerId : null,
      resultCode,
      deviceId: order.deviceId,
      // The order answer's payment names the customer, never a payment code or token.
      paymentMethodIdHash: null,
    });
    if (screened.decision) await recordDecision(tx, screened.decision, paymentId);
    const refused = resultCode !== "SUCCESS";
    await tx
      .update(mpmOrders)
      .set({ status: refused ? "FAILED" : "PAID", resultCode, paymentId })
      .where(eq(mpmOrders.orderId, order.orderId));
    await enqueuePaymentNotification(tx, notificationOf(request, written));
    return refused ? { kind: "failed", resultCode } : { kind: "paid", paymentId };
  });
}

/** Return on the cashier page: the order closes and Alipay+ hears ORDER_IS_CLOSED. */
export async function returnOrder(
  db: Db,
  customerId: string,
  orderId: string,
): Promise<PayOrderOutcome> {
  return withLockedOrder(db, customerId, orderId, async (tx, order) => {
    const settled = await settledOutcome(tx, order);
    if (settled) return settled;
    await closeOrder(tx, order, orderRequest(order));
    return { kind: "closed" };
  });
}

/**
 * Closes open orders whose `paymentExpiryTime` has passed (each under its locks, so a concurrent
 * Pay either wins or finds the order closed). Safe to run on every app instance at once.
 */
export async function closeExpiredOrders(db: Db, now = new Date(), limit = 100): Promise<number> {
  const due = await db
    .select({ orderId: mpmOrders.orderId, customerId: mpmOrders.customerId })
    .from(mpmOrders)
    .where(and(eq(mpmOrders.status, "OPEN"), lte(mpmOrders.expiresAt, now)))
    .orderBy(mpmOrders.expiresAt)
    .limit(limit);
  let closed = 0;
  for (const { orderId, customerId } of due) {
    try {
      if (await closeIfExpired(db, customerId, orderId, now)) closed++;
    } catch (error) {
      // One order that cannot be closed (e.g. an answer stored before a stricter reading of it)
      // must not stop the sweep of every order after it; it stays open and is logged each sweep.
      logEvent(
        "mpm.order_close_failed",
        { orderId, error: error instanceof Error ? error.message.slice(0, 200) : String(error) },
        "error",
      );
    }
  }
  return closed;
}

async function closeIfExpired(
  db: Db,
  customerId: string,
  orderId: string,
  now: Date,
): Promise<boolean> {
  const outcome = await withLockedOrder(db, customerId, orderId, async (tx, order) => {
    if (order.status !== "OPEN" || !order.expiresAt || order.expiresAt > now) return null;
    if (await settledOutcome(tx, order)) return null;
    await closeOrder(tx, order, orderRequest(order));
    return { kind: "closed" } as const;
  });
  return outcome?.kind === "closed";
}

async function withLockedOrder<T>(
  db: Db,
  customerId: string,
  orderId: string,
  work: (tx: Tx, order: OrderRow) => Promise<T>,
): Promise<T | { kind: "not-found" }> {
  return db.transaction(async (tx) => {
    // Someone else's order id reads exactly like an unknown one.
    const [located] = await tx
      .select({ paymentRequestId: mpmOrders.paymentRequestId })
      .from(mpmOrders)
      .where(and(eq(mpmOrders.orderId, orderId), eq(mpmOrders.customerId, customerId)));
    if (!located) return { kind: "not-found" as const };
    await lockPaymentRequest(tx, located.paymentRequestId);
    const [order] = await tx
      .select()
      .from(mpmOrders)
      .where(eq(mpmOrders.orderId, orderId))
      .for("update");
    if (!order) return { kind: "not-found" as const };
    return work(tx, order);
  });
}

/**
 * The outcome of an order that is no longer payable: already paid, refused or closed. An Alipay+
 * cancelPayment closes the order itself (server/payments/cancel.ts); the payment-row check guards
 * the one case left, a row under this paymentRequestId that the order did not write (an inbound
 * pay with an MPM id), which would otherwise make Pay fail on the unique key.
 */
async function settledOutcome(tx: Tx, order: OrderRow): Promise<PayOrderOutcome | null> {
  if (order.status === "PAID" && order.paymentId)
    return { kind: "paid", paymentId: order.paymentId };
  if (order.status === "FAILED") return { kind: "failed", resultCode: order.resultCode ?? "" };
  if (order.status === "CLOSED") return { kind: "closed" };
  const [payment] = await tx
    .select({ status: payments.status })
    .from(payments)
    .where(eq(payments.paymentRequestId, order.paymentRequestId));
  if (!payment) return null;
  await tx
    .update(mpmOrders)
    .set({ status: "CLOSED", closedAt: new Date() })
    .where(eq(mpmOrders.orderId, order.orderId));
  return { kind: "closed" };
}

/**
 * Closes an open order the way cancelPayment closes an unseen payment request: a CLOSED payment
 * row, so a late inquiry or pay for it answers ORDER_IS_CLOSED, and a notifyPayment saying so.
 */
async function closeOrder(tx: Tx, order: OrderRow, request: PayRequest): Promise<void> {
  const paymentId = newId("P");
  const closedAt = new Date();
  await tx.insert(payments).values({
    paymentId,
    paymentRequestId: order.paymentRequestId,
    status: "CLOSED",
    resultCode: "ORDER_IS_CLOSED",
    acquirerId: request.acquirerId,
    pspId: request.pspId,
    closedAt,
  });
  await tx
    .update(mpmOrders)
    .set({ status: "CLOSED", resultCode: "ORDER_IS_CLOSED", closedAt })
    .where(eq(mpmOrders.orderId, order.orderId));
  await enqueuePaymentNotification(tx, {
    paymentRequestId: order.paymentRequestId,
    paymentId,
    resultCode: "ORDER_IS_CLOSED",
    paymentTime: null,
    paymentAmount: request.paymentAmount,
    payToAmount: request.payToAmount,
    customerId: order.customerId,
    paymentNotifyUrl: request.paymentNotifyUrl,
  });
}

/** The stored answer as a pay request; it was validated when the order was created. */
function orderRequest(order: OrderRow): PayRequest {
  const read = readOrderAnswer(order.answer as JsonValue, order.customerId);
  if (read.kind !== "order") throw new Error(`order ${order.orderId} holds an unusable answer`);
  return read.request;
}

/** The confirmation as the payment's record: the answer stands in for the pay request. */
function orderCall(order: OrderRow, request: PayRequest, now: Date): PaymentSource {
  return { request, redacted: order.answer as JsonValue, requestHash: null, receivedAt: now };
}

/**
 * Writing a notifyPayment (docs/protocol.md#notifypayment, #notifications): called inside the
 * transaction that decides the payment's final outcome, so the message exists exactly when the
 * outcome does. The delivery worker (./delivery.ts) sends it after commit and until Alipay+
 * acknowledges it.
 */
import type { Tx } from "@/db";
import { paymentNotifications } from "@/db/schema";
import { formatAlipayTime } from "../alipayplus/answers";
import { result, type ResultCode } from "../alipayplus/result-codes";
import { toWireAmount, type Money } from "../money/amount";

/** Delivery is retried for this long after writing (or after a retry by hand), then marked failed. */
export const DELIVERY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface PaymentOutcome {
  paymentRequestId: string;
  paymentId: string;
  /** `SUCCESS`, or the final failure (`RISK_REJECT`, `ORDER_IS_CLOSED`, …). */
  resultCode: ResultCode;
  paymentTime: Date | null;
  paymentAmount: Money | null;
  payToAmount: Money | null;
  customerId: string | null;
  /** The payment's `paymentNotifyUrl`; absent: the configured default at delivery time. */
  paymentNotifyUrl: string | null | undefined;
}

export async function enqueuePaymentNotification(tx: Tx, outcome: PaymentOutcome): Promise<void> {
  const now = new Date();
  await tx.insert(paymentNotifications).values({
    paymentRequestId: outcome.paymentRequestId,
    paymentId: outcome.paymentId,
    targetUrl: outcome.paymentNotifyUrl ?? null,
    body: notifyPaymentBody(outcome),
    nextAttemptAt: now,
    giveUpAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
  });
}

/** The body of docs/protocol.md#notifypayment; fields without a value are left out. */
export function notifyPaymentBody(outcome: PaymentOutcome): string {
  const paymentResult = result(outcome.resultCode);
  // docs/protocol.md#notifypayment: a notification reports a final outcome, never U; writing one
  // would be a bug here.
  if (paymentResult.resultStatus === "U") {
    throw new RangeError(`notifyPayment cannot report ${outcome.resultCode}`);
  }
  return JSON.stringify({
    paymentResult,
    paymentRequestId: outcome.paymentRequestId,
    paymentId: outcome.paymentId,
    paymentTime: outcome.paymentTime ? formatAlipayTime(outcome.paymentTime) : undefined,
    paymentAmount: outcome.paymentAmount ? toWireAmount(outcome.paymentAmount) : undefined,
    payToAmount: outcome.payToAmount ? toWireAmount(outcome.payToAmount) : undefined,
    customerId: outcome.customerId ?? undefined,
  });
}

import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { postgresErrorOf, SQLSTATE } from "@/db/postgres-error";
import { payments } from "@/db/schema";
import { formatAlipayTime, resultOnlyBody } from "../alipayplus/answers";
import { toWireAmount } from "../money/amount";
import { result, type ResultCode } from "../alipayplus/result-codes";
import type { PaymentReference } from "../alipayplus/wire";
import { lockPaymentRequestShared } from "./payment-lock";

/** Inquiry must answer within 5 s: wait at most this long for an in-flight pay of the same id. */
const IN_FLIGHT_WAIT = "4s";

type Payment = typeof payments.$inferSelect;

/** Alipay+ `inquiryPayment` (docs/protocol.md#inquirypayment, #idempotency). */
export async function inquirePayment(db: Db, request: PaymentReference): Promise<string> {
  let payment: Payment | undefined;
  try {
    payment = await db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = ${sql.raw(`'${IN_FLIGHT_WAIT}'`)}`);
      await lockPaymentRequestShared(tx, request.paymentRequestId);
      const [row] = await tx
        .select()
        .from(payments)
        .where(eq(payments.paymentRequestId, request.paymentRequestId));
      return row;
    });
  } catch (error) {
    if (isLockTimeout(error)) return inquiryBody(undefined, "PAYMENT_IN_PROCESS");
    throw error;
  }
  if (!payment) return resultOnlyBody("ORDER_NOT_EXIST");
  return inquiryBody(payment, paymentResultOf(payment));
}

function paymentResultOf(payment: Payment): ResultCode {
  switch (payment.status) {
    case "SUCCESS":
      return "SUCCESS";
    case "CLOSED":
      return "ORDER_IS_CLOSED";
    case "FAILED":
      return (payment.resultCode as ResultCode | null) ?? "UNKNOWN_EXCEPTION";
  }
}

function inquiryBody(payment: Payment | undefined, paymentResult: ResultCode): string {
  return JSON.stringify({
    result: result("SUCCESS"),
    paymentResult: result(paymentResult),
    paymentId: payment?.paymentTime ? payment.paymentId : undefined,
    paymentTime: payment?.paymentTime ? formatAlipayTime(payment.paymentTime) : undefined,
    paymentAmount:
      payment?.paymentAmountMinor != null && payment.paymentCurrency
        ? toWireAmount({
            amountMinor: payment.paymentAmountMinor,
            currency: payment.paymentCurrency,
          })
        : undefined,
    payToAmount:
      payment?.payToAmountMinor != null && payment.payToCurrency
        ? toWireAmount({ amountMinor: payment.payToAmountMinor, currency: payment.payToCurrency })
        : undefined,
    customerId: payment?.customerId ?? undefined,
  });
}

function isLockTimeout(error: unknown): boolean {
  return postgresErrorOf(error)?.code === SQLSTATE.lockNotAvailable;
}

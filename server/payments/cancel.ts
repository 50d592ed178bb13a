import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { mpmOrders, payments, refunds } from "@/db/schema";
import { newId, resultOnlyBody } from "../alipayplus/answers";
import type { PaymentReference } from "../alipayplus/wire";
import { postLedgerEntry } from "../ledger/post-entry";
import { lockPaymentRequest } from "./payment-lock";

/**
 * Alipay+ `cancelPayment` (docs/protocol.md#cancelpayment, #refunds-and-cancels): succeeds in every
 * state. A paid payment gives back what refunds have not already returned; an id never seen is
 * closed in advance so that a late pay answers ORDER_IS_CLOSED. Repeats are harmless: a closed
 * payment stays closed.
 */
export async function cancelPayment(db: Db, request: PaymentReference): Promise<string> {
  await db.transaction(async (tx) => {
    await lockPaymentRequest(tx, request.paymentRequestId);
    // An MPM order still open at the cashier closes with it (Alipay+ already knows: no notify).
    await tx
      .update(mpmOrders)
      .set({ status: "CLOSED", resultCode: "ORDER_IS_CLOSED", closedAt: new Date() })
      .where(
        and(eq(mpmOrders.paymentRequestId, request.paymentRequestId), eq(mpmOrders.status, "OPEN")),
      );
    const [payment] = await tx
      .select()
      .from(payments)
      .where(eq(payments.paymentRequestId, request.paymentRequestId))
      .for("update");
    if (!payment) {
      await tx.insert(payments).values({
        paymentId: newId("P"),
        paymentRequestId: request.paymentRequestId,
        status: "CLOSED",
        acquirerId: request.acquirerId,
        pspId: request.pspId,
        closedAt: new Date(),
      });
      return;
    }
    if (payment.status === "CLOSED") return;

    if (payment.status === "SUCCESS" && payment.customerId && payment.debitMinor !== null) {
      // What the payment took (a surcharge included) less what its refunds gave back.
      const [refunded] = await tx
        .select({ creditMinor: sql<string>`coalesce(sum(${refunds.creditMinor}), 0)` })
        .from(refunds)
        .where(and(eq(refunds.paymentId, payment.paymentId), eq(refunds.status, "SUCCESS")));
      const giveBack = payment.debitMinor - BigInt(refunded?.creditMinor ?? 0);
      if (giveBack > 0n) {
        const credited = await postLedgerEntry(tx, {
          customerId: payment.customerId,
          kind: "CANCEL",
          amountMinor: giveBack,
          currency: payment.payToCurrency ?? "",
          paymentId: payment.paymentId,
        });
        if (!credited) throw new Error(`wallet account of payment ${payment.paymentId} missing`);
      }
    }
    await tx
      .update(payments)
      .set({ status: "CLOSED", closedAt: new Date() })
      .where(eq(payments.paymentId, payment.paymentId));
  });
  return resultOnlyBody("SUCCESS");
}

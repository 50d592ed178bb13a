import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { paymentPromotions, payments, refundPromotions, refunds } from "@/db/schema";
import { formatAlipayTime, newId, resultOnlyBody } from "../alipayplus/answers";
import type { InboundCall } from "../alipayplus/inbound-call";
import { result, type ResultCode } from "../alipayplus/result-codes";
import type { RefundRequest } from "../alipayplus/wire";
import { ParamIllegalError } from "../errors";
import type { Money } from "../money/amount";
import { postLedgerEntry } from "../ledger/post-entry";
import { lockPaymentRequestShared } from "../payments/payment-lock";
import {
  lineColumns,
  recordPromotions,
  type PromotionRecord,
} from "../promotions/promotion-record";

/** Refunds are accepted for at least 366 days after the payment (docs/protocol.md#refund). */
const REFUND_WINDOW_MS = 366 * 24 * 60 * 60 * 1000;

type Payment = typeof payments.$inferSelect;

/**
 * Alipay+ `refund` (docs/protocol.md#refund, #refunds-and-cancels): idempotent on
 * `refundRequestId`; both caps checked under the payment's row lock, so concurrent partial refunds
 * are serialised and never exceed the payment. Alipay+ computed the amounts: they are stored and
 * credited as given, never recomputed.
 */
export async function refund(db: Db, call: InboundCall<RefundRequest>): Promise<string> {
  const { request } = call;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${"refund:" + request.refundRequestId}, 0))`,
    );
    const [existing] = await tx
      .select({ requestHash: refunds.requestHash, responseBody: refunds.responseBody })
      .from(refunds)
      .where(eq(refunds.refundRequestId, request.refundRequestId));
    if (existing) {
      return existing.requestHash === call.requestHash
        ? existing.responseBody
        : resultOnlyBody("REPEAT_REQ_INCONSISTENT");
    }

    // Wait for an in-flight pay or cancel of this payment: its row is not visible before commit.
    // Lock order everywhere: refund key, payment key, payment row, wallet account.
    await lockPaymentRequestShared(tx, request.paymentRequestId);
    const [payment] = await tx
      .select()
      .from(payments)
      .where(eq(payments.paymentRequestId, request.paymentRequestId))
      .for("update");
    // Only a payment that was paid ever handed out its paymentId.
    if (payment?.paymentTime && request.paymentId && request.paymentId !== payment.paymentId) {
      throw new ParamIllegalError("paymentId", "is not the id of this paymentRequestId's payment");
    }
    const checked = await checkRefundable(tx, payment, request);
    return recordRefund(tx, call, payment, checked);
  });
}

/** A refund's outcome: refused with a business code, or accepted with what the wallet credits. */
type RefundCheck =
  | { code: Exclude<ResultCode, "SUCCESS"> }
  | { code: "SUCCESS"; payment: Payment; creditMinor: bigint };

async function checkRefundable(
  tx: Tx,
  payment: Payment | undefined,
  request: RefundRequest,
): Promise<RefundCheck> {
  if (!payment || payment.status === "FAILED") return { code: "ORDER_NOT_EXIST" };
  if (payment.status === "CLOSED") return { code: "ORDER_IS_CLOSED" };
  if (request.refundFromAmount.currency !== payment.payToCurrency) {
    throw new ParamIllegalError(
      "refundFromAmount.currency",
      `must be the payment's ${payment.payToCurrency}`,
    );
  }
  if (request.refundAmount.currency !== payment.paymentCurrency) {
    throw new ParamIllegalError(
      "refundAmount.currency",
      `must be the payment's ${payment.paymentCurrency}`,
    );
  }
  if (request.surchargeInfo?.surchargeAmount && payment.surchargeAmountMinor === null) {
    throw new ParamIllegalError(
      "surchargeInfo.surchargeAmount",
      "is for a surcharge, and the payment had none",
    );
  }
  if (payment.paymentTime && Date.now() - payment.paymentTime.getTime() > REFUND_WINDOW_MS) {
    return { code: "REFUND_WINDOW_EXCEED" };
  }
  const [refunded] = await tx
    .select({
      fromMinor: sql<string>`coalesce(sum(${refunds.refundFromAmountMinor}), 0)`,
      amountMinor: sql<string>`coalesce(sum(${refunds.refundAmountMinor}), 0)`,
      creditMinor: sql<string>`coalesce(sum(${refunds.creditMinor}), 0)`,
    })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.paymentId), eq(refunds.status, "SUCCESS")));
  const fromAfter = BigInt(refunded?.fromMinor ?? 0) + request.refundFromAmount.amountMinor;
  const amountAfter = BigInt(refunded?.amountMinor ?? 0) + request.refundAmount.amountMinor;
  if (
    fromAfter > (payment.payToAmountMinor ?? 0n) ||
    amountAfter > (payment.paymentAmountMinor ?? 0n)
  ) {
    return { code: "REFUND_AMOUNT_EXCEED" };
  }
  // Alipay+'s caps passed: the refund must succeed. The wallet never gives back more than the
  // payment took, though: each refund's surcharge is rounded on its own, so partial surcharge
  // refunds may add up to a minor unit or two over the surcharge paid. The credit stops at what
  // is left; the surcharge amount is stored as received, so staff see the difference.
  const left = (payment.debitMinor ?? 0n) - BigInt(refunded?.creditMinor ?? 0);
  const asked = creditAmountOf(request).amountMinor;
  return { code: "SUCCESS", payment, creditMinor: asked < left ? asked : left > 0n ? left : 0n };
}

/**
 * What a refund gives back to the customer's wallet, as Alipay+ gives it: the refund's surcharge
 * amount when `surchargeInfo` carries one (the customer paid the surcharge), else
 * `refundFromAmount` ("the refund amount that the user receives eventually":
 * docs.alipayplus.com/alipayplus/alipayplus/integration_auto_debit_mpp/understand_amounts).
 */
export function creditAmountOf(request: RefundRequest): Money {
  return request.surchargeInfo?.surchargeAmount ?? request.refundFromAmount;
}

async function recordRefund(
  tx: Tx,
  call: InboundCall<RefundRequest>,
  payment: Payment | undefined,
  checked: RefundCheck,
): Promise<string> {
  const { request } = call;
  const refundId = newId("R");
  const refundTime = new Date();
  const outcome = checked.code;
  const succeeded = checked.code === "SUCCESS";
  const responseBody = succeeded
    ? JSON.stringify({
        result: result("SUCCESS"),
        refundId,
        refundTime: formatAlipayTime(refundTime),
      })
    : resultOnlyBody(outcome);
  // refundFromAmount is in the wallet currency (checkRefundable); refunds use the payment's
  // exchange rate (docs/protocol.md#refund), the refund's quote only when the payment has none.
  const walletCurrency = request.refundFromAmount.currency;
  const promotions = recordPromotions(
    request.refundPromoInfo,
    walletCurrency,
    (payment && paymentQuote(payment)) ?? request.refundQuote ?? undefined,
  );

  await tx.insert(refunds).values({
    refundId,
    refundRequestId: request.refundRequestId,
    paymentRequestId: request.paymentRequestId,
    paymentId: payment?.paymentId ?? null,
    customerId: payment?.customerId ?? null,
    status: succeeded ? "SUCCESS" : "FAILED",
    resultCode: outcome,
    refundAmountMinor: request.refundAmount.amountMinor,
    refundCurrency: request.refundAmount.currency,
    refundFromAmountMinor: request.refundFromAmount.amountMinor,
    refundFromCurrency: request.refundFromAmount.currency,
    // A refused refund gives nothing back; its row records what it asked for.
    creditMinor:
      checked.code === "SUCCESS" ? checked.creditMinor : creditAmountOf(request).amountMinor,
    surchargeAmountMinor: request.surchargeInfo?.surchargeAmount?.amountMinor,
    surchargeCurrency: request.surchargeInfo?.surchargeAmount?.currency,
    quoteId: request.refundQuote?.quoteId,
    quoteCurrencyPair: request.refundQuote?.quoteCurrencyPair,
    quotePrice: request.refundQuote?.quotePrice,
    refundTime,
    promotionReading: promotions.reading,
    promotionProblems: promotions.problems,
    requestHash: call.requestHash,
    responseBody,
    request: call.redacted,
  });
  if (checked.code !== "SUCCESS" || !checked.payment.customerId) return responseBody;

  const credited = await postLedgerEntry(tx, {
    customerId: checked.payment.customerId,
    kind: "REFUND",
    amountMinor: checked.creditMinor,
    currency: walletCurrency,
    paymentId: checked.payment.paymentId,
    refundId,
  });
  if (!credited) {
    throw new Error(`wallet account of payment ${checked.payment.paymentId} missing`);
  }
  await recordRefundPromotions(tx, refundId, checked.payment, promotions, walletCurrency);
  return responseBody;
}

/**
 * Each refundPromoInfo line becomes a row linked to the payment's promotion with that promoId
 * (unlinked when there is none, or when the line has no promoId). A clawback larger than what
 * remains of that saving is stored as received and flagged for the console; the refund still
 * succeeds (Alipay+ computed it).
 */
async function recordRefundPromotions(
  tx: Tx,
  refundId: string,
  payment: Payment,
  record: PromotionRecord,
  walletCurrency: string,
): Promise<void> {
  if (record.lines.length === 0) return;
  const promotions = await tx
    .select({
      id: paymentPromotions.id,
      promoId: paymentPromotions.promoId,
      walletAmountMinor: paymentPromotions.walletAmountMinor,
      // Qualified by hand: in a single-table select Drizzle renders column references unqualified,
      // and an unqualified "id" inside the subquery would be refund_promotions.id.
      clawedBackMinor: sql<string>`coalesce((
        select sum(rp.wallet_amount_minor) from refund_promotions rp
        where rp.payment_promotion_id = payment_promotions.id), 0)`,
    })
    .from(paymentPromotions)
    .where(eq(paymentPromotions.paymentId, payment.paymentId))
    .orderBy(paymentPromotions.position);
  const remaining = new Map(
    promotions.map((p) => [
      p.id,
      p.walletAmountMinor === null ? null : p.walletAmountMinor - BigInt(p.clawedBackMinor),
    ]),
  );

  const rows = record.lines.map((line, position) => {
    const linked = line.promoId
      ? promotions.find((p) => p.promoId !== null && p.promoId === line.promoId)
      : undefined;
    const clawback = line.wallet?.walletAmountMinor ?? null;
    const left = linked ? remaining.get(linked.id) : null;
    const known = left !== null && left !== undefined && clawback !== null;
    if (linked && known) remaining.set(linked.id, left - clawback);
    return {
      refundId,
      paymentPromotionId: linked?.id ?? null,
      position,
      ...lineColumns(line, walletCurrency),
      exceedsRemaining: known && clawback > left,
    };
  });
  await tx.insert(refundPromotions).values(rows);
}

function paymentQuote(payment: Payment) {
  if (!payment.quoteCurrencyPair || !payment.quotePrice) return undefined;
  return {
    quoteId: payment.quoteId ?? undefined,
    quoteCurrencyPair: payment.quoteCurrencyPair,
    quotePrice: payment.quotePrice,
    quoteUnit: payment.quoteUnit ?? undefined,
  };
}

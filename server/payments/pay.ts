import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { customers, paymentPromotions, payments, walletAccounts } from "@/db/schema";
import { formatAlipayTime, newId, resultOnlyBody } from "../alipayplus/answers";
import type { InboundCall } from "../alipayplus/inbound-call";
import { hashSecret } from "../alipayplus/redact";
import { result, type ResultCode } from "../alipayplus/result-codes";
import type { JsonValue } from "../alipayplus/strict-json";
import type { PayRequest } from "../alipayplus/wire";
import { findAccessToken, type AccessTokenLookup } from "../auth-tokens/auth-tokens";
import { ParamIllegalError } from "../errors";
import { postLedgerEntry } from "../ledger/post-entry";
import { enqueuePaymentNotification, type PaymentOutcome } from "../notifications/enqueue";
import { decideRisk, recordDecision, type RiskContext, type RiskDecision } from "../risk/decide";
import { entryCodeDevice } from "../mpm-orders/entry-codes";
import { findPaymentCode } from "../payment-codes/payment-codes";
import { toWalletAmount } from "../promotions/wallet-amount";
import { lockPaymentRequest } from "./payment-lock";

export type Payer = {
  customerId: string;
  walletCurrency: string;
  status: string;
  kycStatus: string;
};

/**
 * Alipay+ `pay` (API.md §3, §7): one transaction holding the idempotency record (the payment row),
 * the debit, the promotions and the stored answer; the answer leaves only after commit.
 */
export async function pay(db: Db, call: InboundCall<PayRequest>): Promise<string> {
  const { request } = call;
  return db.transaction(async (tx) => {
    await lockPaymentRequest(tx, request.paymentRequestId);
    const [existing] = await tx
      .select({
        status: payments.status,
        requestHash: payments.requestHash,
        responseBody: payments.responseBody,
      })
      .from(payments)
      .where(eq(payments.paymentRequestId, request.paymentRequestId));
    if (existing) {
      if (existing.requestHash !== null && existing.requestHash !== call.requestHash) {
        return resultOnlyBody("REPEAT_REQ_INCONSISTENT");
      }
      // The one replay that differs from the first answer: the payment was cancelled since.
      if (existing.status === "CLOSED" || existing.responseBody === null)
        return resultOnlyBody("ORDER_IS_CLOSED");
      return existing.responseBody;
    }

    const factor = request.paymentFactor;
    if (factor?.isAgreementPayment) return autoDebit(tx, call, factor.isPaymentEvaluation);
    // UPM (API.md §7 "Who pays"): a code Plusdesk obtained through getPaymentCode names the
    // payer and the device; a code it does not know leaves paymentMethod.customerId to do it.
    const { paymentMethodId, customerId: claimed } = request.paymentMethod;
    const code = paymentMethodId ? await findPaymentCode(tx, paymentMethodId) : null;
    if (code && claimed && claimed !== code.customerId) {
      throw new ParamIllegalError(
        "paymentMethod.customerId",
        "contradicts the customer the payment code was issued to",
      );
    }
    const customerId = code?.customerId ?? claimed;
    if (!customerId)
      throw new ParamIllegalError("paymentMethod.customerId", "is required to identify the payer");
    // API.md §7 "Devices", first match wins: the code's device, else the device that scanned the
    // entry code this pay follows, else the pay's order.env.
    const deviceId =
      code?.deviceId ??
      (await entryCodeDevice(tx, request, customerId, call.receivedAt)) ??
      request.order.env?.deviceTokenId;

    const payer = await findPayer(tx, customerId);
    const refusal = payer ? checkPayer(payer, request) : "USER_NOT_EXIST";
    const screened = await screenPayment(tx, "PAY", call, payer, refusal, deviceId);
    return recordPayment(tx, call, payer, screened, deviceId);
  });
}

export interface Screening {
  /** SUCCESS so far (the balance comes last), or the refusal. */
  code: ResultCode;
  /** The risk decision, recorded with the payment; null when risk control did not run. */
  decision: RiskDecision | null;
}

/**
 * Risk control (API.md §6, PRODUCT.md M7) in its place in the order of checks: after the payer's
 * status, KYC and currency, before the balance (API.md §7 "Who pays").
 */
export async function screenPayment(
  tx: Tx,
  context: RiskContext,
  call: PaymentSource,
  payer: Payer | null,
  refusal: ResultCode | null,
  deviceId: string | undefined,
): Promise<Screening> {
  if (refusal || !payer) return { code: refusal ?? "USER_NOT_EXIST", decision: null };
  const decision = await decideRisk(tx, {
    context,
    request: call.request,
    customerId: payer.customerId,
    deviceId,
    receivedAt: call.receivedAt,
  });
  return { code: decision?.outcome === "REJECT" ? "RISK_REJECT" : "SUCCESS", decision };
}

/**
 * Auto Debit (API.md §7 "Who pays"): the access token in paymentMethodId names the payer; a
 * paymentMethod.customerId naming someone else is INVALID_TOKEN. A payment evaluation runs the
 * same checks including the balance but moves no money and records no payment (an inquiry then
 * says ORDER_NOT_EXIST).
 */
async function autoDebit(
  tx: Tx,
  call: InboundCall<PayRequest>,
  evaluation: boolean,
): Promise<string> {
  const { request } = call;
  const deviceId = request.order.env?.deviceTokenId;
  const { paymentMethodId, customerId: claimed } = request.paymentMethod;
  const token = await findAccessToken(tx, paymentMethodId);
  const tokenRefusal = refuseToken(token, claimed);
  const payer =
    token.kind === "valid" && !tokenRefusal ? await findPayer(tx, token.customerId) : null;
  const refusal = tokenRefusal ?? (payer ? checkPayer(payer, request) : "USER_NOT_EXIST");
  const context = evaluation ? "EVALUATION" : "PAY";
  const screened = await screenPayment(tx, context, call, payer, refusal, deviceId);

  if (!evaluation) return recordPayment(tx, call, payer, screened, deviceId);
  // An evaluation's decision is recorded without a payment: it is risk-checked and logged (§7).
  if (screened.decision) await recordDecision(tx, screened.decision, null);
  if (screened.code !== "SUCCESS" || !payer) return resultOnlyBody(screened.code);
  const [account] = await tx
    .select({ balanceMinor: walletAccounts.balanceMinor })
    .from(walletAccounts)
    .where(eq(walletAccounts.customerId, payer.customerId));
  const enough = account !== undefined && account.balanceMinor >= request.payToAmount.amountMinor;
  return resultOnlyBody(enough ? "SUCCESS" : "USER_BALANCE_NOT_ENOUGH");
}

function refuseToken(token: AccessTokenLookup, claimed: string | undefined): ResultCode | null {
  switch (token.kind) {
    case "expired":
      return "EXPIRED_ACCESS_TOKEN";
    case "invalid":
      return "INVALID_TOKEN";
    case "valid":
      return claimed && claimed !== token.customerId ? "INVALID_TOKEN" : null;
  }
}

export async function findPayer(tx: Tx, customerId: string): Promise<Payer | null> {
  const [payer] = await tx
    .select({
      customerId: customers.customerId,
      walletCurrency: walletAccounts.currency,
      status: customers.status,
      kycStatus: customers.kycStatus,
    })
    .from(customers)
    .innerJoin(walletAccounts, eq(walletAccounts.customerId, customers.customerId))
    .where(eq(customers.customerId, customerId));
  return payer ?? null;
}

/** The order of checks is binding (API.md §7 "Who pays"); balance comes last, at the debit. */
export function checkPayer(payer: Payer, request: PayRequest): ResultCode | null {
  if (payer.status !== "ACTIVE") return "USER_STATUS_ABNORMAL";
  if (payer.kycStatus !== "VERIFIED") return "USER_KYC_NOT_QUALIFIED";
  if (request.payToAmount.currency !== payer.walletCurrency) return "CURRENCY_NOT_SUPPORT";
  return null;
}

/**
 * The pay answer for a decided outcome: a SUCCESS debits `payToAmount` (balance short turns it
 * into USER_BALANCE_NOT_ENOUGH), then the payment row and its promotions are written. A successful
 * UPM pay also writes its notifyPayment (API.md §7 "Notifications": recommended for UPM).
 */
async function recordPayment(
  tx: Tx,
  call: InboundCall<PayRequest>,
  payer: Payer | null,
  screened: Screening,
  deviceId: string | undefined,
): Promise<string> {
  const outcome = screened.code;
  const paymentId = newId("P");
  const debited =
    outcome === "SUCCESS" && payer
      ? await debitPayer(tx, payer.customerId, call.request, paymentId)
      : false;
  const code = outcome === "SUCCESS" && !debited ? "USER_BALANCE_NOT_ENOUGH" : outcome;
  const written = await insertPayment(tx, call, {
    paymentId,
    customerId: payer?.customerId ?? null,
    resultCode: code,
    deviceId,
  });
  if (screened.decision) await recordDecision(tx, screened.decision, paymentId);
  if (code === "SUCCESS" && !call.request.paymentFactor?.isAgreementPayment) {
    await enqueuePaymentNotification(tx, notificationOf(call.request, written));
  }
  return written.responseBody;
}

/** Takes `payToAmount` from the payer's wallet; false when the balance is short (nothing moved). */
export async function debitPayer(
  tx: Tx,
  customerId: string,
  request: PayRequest,
  paymentId: string,
): Promise<boolean> {
  const debited = await postLedgerEntry(tx, {
    customerId,
    kind: "PAYMENT",
    amountMinor: -request.payToAmount.amountMinor,
    currency: request.payToAmount.currency,
    paymentId,
  });
  return debited !== null;
}

/**
 * What a payment is recorded from: an inbound pay, or an MPM order's stored answer (no request
 * hash: no inbound pay ever carried it).
 */
export type PaymentSource = Omit<InboundCall<PayRequest>, "requestHash"> & {
  requestHash: string | null;
};

export interface PaymentRecord {
  paymentId: string;
  customerId: string | null;
  /** SUCCESS (the debit is already posted) or the business failure code. */
  resultCode: ResultCode;
  deviceId: string | undefined;
}

/**
 * Writes the payment row (also the idempotency record, with the answer replayed to duplicates)
 * and one row per promotion. Shared by the inbound pay and the MPM cashier, whose order carries
 * the same fields as a pay request.
 */
export async function insertPayment(
  tx: Tx,
  call: PaymentSource,
  record: PaymentRecord,
): Promise<PaymentRecord & { paymentTime: Date; responseBody: string }> {
  const { request } = call;
  const { paymentId } = record;
  const paymentTime = new Date();
  const succeeded = record.resultCode === "SUCCESS";
  const responseBody = succeeded
    ? JSON.stringify({
        result: result("SUCCESS"),
        paymentId,
        paymentTime: formatAlipayTime(paymentTime),
        customerId: record.customerId ?? undefined,
      })
    : resultOnlyBody(record.resultCode);

  const order = request.order;
  const merchant = order.merchant;
  const store = merchant?.store;
  const methodId = request.paymentMethod.paymentMethodId;
  await tx.insert(payments).values({
    paymentId,
    paymentRequestId: request.paymentRequestId,
    status: succeeded ? "SUCCESS" : "FAILED",
    resultCode: record.resultCode,
    customerId: record.customerId,
    acquirerId: request.acquirerId,
    pspId: request.pspId,
    paymentAmountMinor: request.paymentAmount.amountMinor,
    paymentCurrency: request.paymentAmount.currency,
    payToAmountMinor: request.payToAmount.amountMinor,
    payToCurrency: request.payToAmount.currency,
    orderAmountMinor: order.orderAmount?.amountMinor,
    orderCurrency: order.orderAmount?.currency,
    quoteId: request.paymentQuote?.quoteId,
    quoteCurrencyPair: request.paymentQuote?.quoteCurrencyPair,
    quotePrice: request.paymentQuote?.quotePrice,
    quoteUnit: request.paymentQuote?.quoteUnit,
    referenceOrderId: order.referenceOrderId,
    orderDescription: order.orderDescription,
    referenceMerchantId: merchant?.referenceMerchantId,
    merchantName: merchant?.merchantName,
    merchantDisplayName: merchant?.merchantDisplayName,
    merchantMcc: merchant?.merchantMCC,
    merchantRegion: merchant?.merchantAddress?.region ?? store?.storeAddress?.region,
    referenceStoreId: store?.referenceStoreId,
    storeName: store?.storeName,
    storeMcc: store?.storeMCC,
    isInStorePayment: request.paymentFactor?.isInStorePayment ?? null,
    paymentMethodIdHash: methodId ? hashSecret(methodId) : null,
    paymentMethodIdLast4: methodId ? methodId.slice(-4) : null,
    deviceTokenId: record.deviceId,
    paymentNotifyUrl: request.paymentNotifyUrl,
    paymentTime: succeeded ? paymentTime : null,
    receivedAt: call.receivedAt,
    requestHash: call.requestHash,
    responseBody,
    request: call.redacted,
  });

  const details = request.paymentPromoInfo?.paymentPromoDetails ?? [];
  if (details.length > 0) {
    await tx.insert(paymentPromotions).values(
      details.map((detail, position) => ({
        paymentId,
        position,
        promoId: detail.promoId,
        promoName: detail.promoName,
        promoType: detail.promoType,
        amountMinor: detail.savingsAmount.amountMinor,
        currency: detail.savingsAmount.currency,
        walletCurrency: request.payToAmount.currency,
        ...toWalletAmount(
          detail.savingsAmount,
          request.payToAmount.currency,
          request.paymentQuote ?? undefined,
        ),
        quoteId: request.paymentQuote?.quoteId,
        raw: rawDetail(call.redacted, position),
      })),
    );
  }
  return { ...record, paymentTime, responseBody };
}

/** The notifyPayment of a payment that reached its final state. */
export function notificationOf(
  request: PayRequest,
  written: PaymentRecord & { paymentTime: Date },
): PaymentOutcome {
  const succeeded = written.resultCode === "SUCCESS";
  return {
    paymentRequestId: request.paymentRequestId,
    paymentId: written.paymentId,
    resultCode: written.resultCode,
    paymentTime: succeeded ? written.paymentTime : null,
    paymentAmount: request.paymentAmount,
    payToAmount: request.payToAmount,
    customerId: written.customerId,
    paymentNotifyUrl: request.paymentNotifyUrl,
  };
}

function rawDetail(redacted: JsonValue, position: number): JsonValue {
  const info = (redacted as { paymentPromoInfo?: { paymentPromoDetails?: JsonValue[] } })
    .paymentPromoInfo;
  return info?.paymentPromoDetails?.[position] ?? null;
}

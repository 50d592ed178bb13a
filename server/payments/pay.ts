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
import { findPaymentCode } from "../payment-codes/payment-codes";
import { toWalletAmount } from "../promotions/wallet-amount";
import { lockPaymentRequest } from "./payment-lock";

type Payer = { customerId: string; walletCurrency: string; status: string; kycStatus: string };

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
    // API.md §7 "Devices", first match wins: the code's device, else the pay's order.env.
    const deviceId = code?.deviceId ?? request.order.env?.deviceTokenId;

    const payer = await findPayer(tx, customerId);
    const refusal = payer ? checkPayer(payer, request) : "USER_NOT_EXIST";
    return recordPayment(tx, call, payer, refusal ?? "SUCCESS", deviceId);
  });
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

  if (!evaluation) return recordPayment(tx, call, payer, refusal ?? "SUCCESS", deviceId);
  if (refusal || !payer) return resultOnlyBody(refusal ?? "USER_NOT_EXIST");
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

async function findPayer(tx: Tx, customerId: string): Promise<Payer | null> {
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
function checkPayer(payer: Payer, request: PayRequest): ResultCode | null {
  if (payer.status !== "ACTIVE") return "USER_STATUS_ABNORMAL";
  if (payer.kycStatus !== "VERIFIED") return "USER_KYC_NOT_QUALIFIED";
  if (request.payToAmount.currency !== payer.walletCurrency) return "CURRENCY_NOT_SUPPORT";
  return null;
}

async function recordPayment(
  tx: Tx,
  call: InboundCall<PayRequest>,
  payer: Payer | null,
  outcome: ResultCode,
  deviceId: string | undefined,
): Promise<string> {
  const { request } = call;
  const paymentId = newId("P");
  const paymentTime = new Date();
  let code = outcome;
  if (code === "SUCCESS" && payer) {
    const debited = await postLedgerEntry(tx, {
      customerId: payer.customerId,
      kind: "PAYMENT",
      amountMinor: -request.payToAmount.amountMinor,
      currency: request.payToAmount.currency,
      paymentId,
    });
    if (!debited) code = "USER_BALANCE_NOT_ENOUGH";
  }
  const succeeded = code === "SUCCESS";
  const responseBody = succeeded
    ? JSON.stringify({
        result: result("SUCCESS"),
        paymentId,
        paymentTime: formatAlipayTime(paymentTime),
        customerId: payer?.customerId,
      })
    : resultOnlyBody(code);

  const order = request.order;
  const merchant = order.merchant;
  const store = merchant?.store;
  const methodId = request.paymentMethod.paymentMethodId;
  await tx.insert(payments).values({
    paymentId,
    paymentRequestId: request.paymentRequestId,
    status: succeeded ? "SUCCESS" : "FAILED",
    resultCode: code,
    customerId: payer?.customerId ?? null,
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
    deviceTokenId: deviceId,
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
  return responseBody;
}

function rawDetail(redacted: JsonValue, position: number): JsonValue {
  const info = (redacted as { paymentPromoInfo?: { paymentPromoDetails?: JsonValue[] } })
    .paymentPromoInfo;
  return info?.paymentPromoDetails?.[position] ?? null;
}

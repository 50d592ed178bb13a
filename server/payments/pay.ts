import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { customers, paymentPromotions, payments, walletAccounts } from "@/db/schema";
import { formatAlipayTime, newId, resultOnlyBody } from "../alipayplus/answers";
import type { InboundCall } from "../alipayplus/inbound-call";
import { keyedHash } from "../alipayplus/secret-hash";
import { result, type ResultCode } from "../alipayplus/result-codes";
import type { PayRequest } from "../alipayplus/wire";
import { findAccessToken, type AccessTokenLookup } from "../auth-tokens/auth-tokens";
import { ParamIllegalError } from "../errors";
import { postLedgerEntry } from "../ledger/post-entry";
import { enqueuePaymentNotification, type PaymentOutcome } from "../notifications/enqueue";
import { decideRisk, recordDecision, type RiskContext, type RiskDecision } from "../risk/decide";
import { entryCodeDevice } from "../mpm-orders/entry-codes";
import { findPaymentCode } from "../payment-codes/payment-codes";
import { lineColumns, recordPromotions } from "../promotions/promotion-record";
import type { Money } from "../money/amount";
import { exceededLimit, limitsInForce, type DefaultLimits, type WalletLimits } from "./limits";
import { lockPaymentRequest } from "./payment-lock";

export type Payer = {
  customerId: string;
  walletCurrency: string;
  status: string;
  kycStatus: string;
  /** The limits in force: the customer's own, else the configured defaults. */
  limits: WalletLimits;
};

/** What a pay is configured with (README "Configuration"). */
export interface PaySettings {
  /** PAYMENT_EXPIRY_GRACE_MS: clock skew allowed on `paymentExpiryTime`. */
  expiryGraceMs: number;
  /** DEFAULT_SINGLE_PAYMENT_MAX, DEFAULT_DAILY_AMOUNT_MAX, DEFAULT_DAILY_COUNT_MAX. */
  defaultLimits: DefaultLimits;
  /** HASH_SECRET: payment codes and access tokens are looked up, paymentMethodId stored, by it. */
  hashSecret: string;
}

/**
 * Alipay+ `pay` (docs/protocol.md#pay, #idempotency, #who-pays): one transaction holding the
 * idempotency record (the payment row), the debit, the promotions and the stored answer; the answer
 * leaves only after commit.
 */
export async function pay(
  db: Db,
  call: InboundCall<PayRequest>,
  settings: PaySettings,
): Promise<string> {
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
    const evaluation = Boolean(factor?.isAgreementPayment && factor.isPaymentEvaluation);
    const refusal = refuseBeforePayer(request, call.receivedAt, settings.expiryGraceMs);
    if (refusal) {
      if (evaluation) return resultOnlyBody(refusal);
      const screened = { code: refusal, decision: null };
      return recordPayment(tx, call, settings, null, screened, undefined);
    }
    if (factor?.isAgreementPayment) return autoDebit(tx, call, evaluation, settings);
    // UPM (docs/protocol.md#who-pays): a code Plusdesk obtained through getPaymentCode names the
    // payer and the device; a code it does not know leaves paymentMethod.customerId to do it.
    const { paymentMethodId, customerId: claimed } = request.paymentMethod;
    const code = paymentMethodId
      ? await findPaymentCode(tx, paymentMethodId, settings.hashSecret)
      : null;
    if (code && claimed && claimed !== code.customerId) {
      throw new ParamIllegalError(
        "paymentMethod.customerId",
        "contradicts the customer the payment code was issued to",
      );
    }
    const customerId = code?.customerId ?? claimed;
    if (!customerId)
      throw new ParamIllegalError("paymentMethod.customerId", "is required to identify the payer");
    // docs/protocol.md#devices, first match wins: the code's device, else the device that scanned
    // the entry code this pay follows, else the pay's order.env.
    const deviceId =
      code?.deviceId ??
      (await entryCodeDevice(tx, request, customerId, call.receivedAt)) ??
      request.order.env?.deviceTokenId;

    const payer = await findPayer(tx, customerId, settings.defaultLimits);
    const payerRefusal = payer ? checkPayer(payer, request) : "USER_NOT_EXIST";
    const screened = await screenPayment(tx, "PAY", call, payer, payerRefusal, deviceId);
    return recordPayment(tx, call, settings, payer, screened, deviceId);
  });
}

/**
 * What is refused before anyone is asked to pay, stored like any business outcome (nothing moves,
 * no risk decision): a pay first seen after its `paymentExpiryTime` plus the clock-skew grace is
 * closed (the Auto Debit result table: a timed-out payment answers ORDER_IS_CLOSED,
 * docs.alipayplus.com/alipayplus/alipayplus/integration_auto_debit_mpp/make_payment); a payment
 * method other than the wallet's own balance (`CONNECT_WALLET`, api_mpp/pay) is unavailable.
 */
function refuseBeforePayer(
  request: PayRequest,
  receivedAt: Date,
  expiryGraceMs: number,
): ResultCode | null {
  const expiry = request.paymentExpiryTime;
  if (expiry && receivedAt.getTime() > expiry.getTime() + expiryGraceMs) return "ORDER_IS_CLOSED";
  const method = request.paymentMethod.paymentMethodType;
  if (method !== undefined && method !== "CONNECT_WALLET") return "UNAVAILABLE_PAYMENT_METHOD";
  return null;
}

export interface Screening {
  /** SUCCESS so far (the balance comes last), or the refusal. */
  code: ResultCode;
  /** The risk decision, recorded with the payment; null when risk control did not run. */
  decision: RiskDecision | null;
}

/**
 * The wallet limits, then risk control (docs/protocol.md#risk, #risk-rules), in their place in the
 * order of checks: after the payer's status, KYC and currency, before the balance
 * (docs/protocol.md#who-pays). A limit refusal needs no risk decision.
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
  const limited = await exceededLimit(tx, payer, debitAmountOf(call.request), call.receivedAt);
  if (limited) return { code: limited, decision: null };
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
 * Auto Debit (docs/protocol.md#who-pays): the access token in paymentMethodId names the payer; a
 * paymentMethod.customerId naming someone else is INVALID_TOKEN. A payment evaluation runs the
 * same checks including the balance but moves no money and records no payment (an inquiry then
 * says ORDER_NOT_EXIST).
 */
async function autoDebit(
  tx: Tx,
  call: InboundCall<PayRequest>,
  evaluation: boolean,
  settings: PaySettings,
): Promise<string> {
  const { request } = call;
  const deviceId = request.order.env?.deviceTokenId;
  const { paymentMethodId, customerId: claimed } = request.paymentMethod;
  const token = await findAccessToken(tx, paymentMethodId, settings.hashSecret);
  const tokenRefusal = refuseToken(token, claimed);
  const payer =
    token.kind === "valid" && !tokenRefusal
      ? await findPayer(tx, token.customerId, settings.defaultLimits)
      : null;
  const refusal = tokenRefusal ?? (payer ? checkPayer(payer, request) : "USER_NOT_EXIST");
  const context = evaluation ? "EVALUATION" : "PAY";
  const screened = await screenPayment(tx, context, call, payer, refusal, deviceId);

  if (!evaluation) return recordPayment(tx, call, settings, payer, screened, deviceId);
  // An evaluation's decision is recorded without a payment: it is risk-checked and logged
  // (docs/protocol.md#idempotency).
  if (screened.decision) await recordDecision(tx, screened.decision, null);
  if (screened.code !== "SUCCESS" || !payer) return resultOnlyBody(screened.code);
  const [account] = await tx
    .select({ balanceMinor: walletAccounts.balanceMinor })
    .from(walletAccounts)
    .where(eq(walletAccounts.customerId, payer.customerId));
  const enough =
    account !== undefined && account.balanceMinor >= debitAmountOf(request).amountMinor;
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

/**
 * The payer, with the wallet row locked until the transaction ends: the limits are judged and the
 * debit posted under this one lock, so concurrent payments of one customer cannot both pass a
 * limit. Lock order everywhere: the payment request's advisory lock, the payment or order row,
 * then this row.
 */
export async function findPayer(
  tx: Tx,
  customerId: string,
  defaultLimits: DefaultLimits,
): Promise<Payer | null> {
  const [row] = await tx
    .select({
      customerId: customers.customerId,
      walletCurrency: walletAccounts.currency,
      status: customers.status,
      kycStatus: customers.kycStatus,
      singlePaymentMax: walletAccounts.singlePaymentMaxMinor,
      dailyAmountMax: walletAccounts.dailyAmountMaxMinor,
      dailyCountMax: walletAccounts.dailyCountMax,
    })
    .from(customers)
    .innerJoin(walletAccounts, eq(walletAccounts.customerId, customers.customerId))
    .where(eq(customers.customerId, customerId))
    .for("update", { of: walletAccounts });
  if (!row) return null;
  const { singlePaymentMax, dailyAmountMax, dailyCountMax, ...payer } = row;
  const own = { singlePaymentMax, dailyAmountMax, dailyCountMax };
  return { ...payer, limits: limitsInForce(own, payer.walletCurrency, defaultLimits) };
}

/** The order of checks is binding (docs/protocol.md#who-pays); balance comes last, at the debit. */
export function checkPayer(payer: Payer, request: PayRequest): ResultCode | null {
  if (payer.status !== "ACTIVE") return "USER_STATUS_ABNORMAL";
  if (payer.kycStatus !== "VERIFIED") return "USER_KYC_NOT_QUALIFIED";
  // A surcharge is in payToAmount's currency (the wire schema checks it).
  if (request.payToAmount.currency !== payer.walletCurrency) return "CURRENCY_NOT_SUPPORT";
  return null;
}

/**
 * The pay answer for a decided outcome: a SUCCESS debits the payment (balance short turns it
 * into USER_BALANCE_NOT_ENOUGH), then the payment row and its promotions are written. A successful
 * UPM pay also writes its notifyPayment (docs/protocol.md#notifications: recommended for UPM).
 */
async function recordPayment(
  tx: Tx,
  call: InboundCall<PayRequest>,
  { hashSecret }: PaySettings,
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
  const methodId = call.request.paymentMethod.paymentMethodId;
  const written = await insertPayment(tx, call, {
    paymentId,
    customerId: payer?.customerId ?? null,
    resultCode: code,
    deviceId,
    paymentMethodIdHash: methodId ? keyedHash(hashSecret, methodId) : null,
  });
  if (screened.decision) await recordDecision(tx, screened.decision, paymentId);
  if (code === "SUCCESS" && !call.request.paymentFactor?.isAgreementPayment) {
    await enqueuePaymentNotification(tx, notificationOf(call.request, written));
  }
  return written.responseBody;
}

/**
 * What a payment takes from the customer's wallet, as Alipay+ gives it: the surcharge amount when
 * `surchargeInfo` carries one ("the actual amount that the user pays"; the wallet still settles
 * payToAmount with Alipay+: docs.alipayplus.com/alipayplus/alipayplus/integration_auto_debit_mpp/
 * understand_amounts), else `payToAmount`. The debit, the balance an evaluation checks and the
 * wallet limits all read it from here; the payment's generated `debit_minor` column states the
 * same rule in SQL (db/schema/payments.ts).
 */
export function debitAmountOf(request: PayRequest): Money {
  return request.surchargeInfo?.surchargeAmount ?? request.payToAmount;
}

/** Takes the payment's debit from the payer's wallet; false when the balance is short (nothing moved). */
export async function debitPayer(
  tx: Tx,
  customerId: string,
  request: PayRequest,
  paymentId: string,
): Promise<boolean> {
  const debit = debitAmountOf(request);
  const debited = await postLedgerEntry(tx, {
    customerId,
    kind: "PAYMENT",
    amountMinor: -debit.amountMinor,
    currency: debit.currency,
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
  /** The request's `paymentMethodId` as stored (a payment code or access token: keyed hash). */
  paymentMethodIdHash: string | null;
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
  const promotions = recordPromotions(
    request.paymentPromoInfo,
    request.payToAmount.currency,
    request.paymentQuote ?? undefined,
  );
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
    surchargeAmountMinor: request.surchargeInfo?.surchargeAmount?.amountMinor,
    surchargeCurrency: request.surchargeInfo?.surchargeAmount?.currency,
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
    paymentMethodIdHash: record.paymentMethodIdHash,
    paymentMethodIdLast4: methodId ? methodId.slice(-4) : null,
    deviceTokenId: record.deviceId,
    paymentNotifyUrl: request.paymentNotifyUrl,
    paymentTime: succeeded ? paymentTime : null,
    receivedAt: call.receivedAt,
    promotionReading: promotions.reading,
    promotionProblems: promotions.problems,
    promoTotalMinor: promotions.total?.amountMinor,
    promoTotalCurrency: promotions.total?.currency,
    promoTotalWalletMinor: promotions.totalWallet?.walletAmountMinor,
    requestHash: call.requestHash,
    responseBody,
    request: call.redacted,
  });

  if (promotions.lines.length > 0) {
    await tx.insert(paymentPromotions).values(
      promotions.lines.map((line, position) => ({
        paymentId,
        position,
        ...lineColumns(line, request.payToAmount.currency),
        quoteId: request.paymentQuote?.quoteId,
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

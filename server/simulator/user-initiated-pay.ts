/**
 * The simulated Alipay+ answer to userInitiatedPay (docs/protocol.md#userinitiatedpay): decodes a
 * simulator QR code into the order with its promotions and amounts, computed as Alipay+ computes
 * them (./requests.ts). Idempotent per code: a repeat answers the same order and
 * `paymentRequestId`; a repeat with another `customerId` is REPEAT_REQ_INCONSISTENT. An entry code
 * is static, scanned by many customers: each gets `actionForm` with the merchant's ordering page of
 * their own (./merchant-pages.ts), the same one again on a repeat.
 */
import { createHash } from "node:crypto";
import { formatAlipayTime } from "../alipayplus/answers";
import type { MerchantPages } from "./merchant-pages";
import { decodeSimulatorQr, type SimulatorQrOrder } from "./qr-codes";
import { planPay } from "./requests";

type SimResult = { resultStatus: "S" | "F" | "U"; resultCode: string; resultMessage: string };
export type SimAnswer = { status: number; body: { result: SimResult; [key: string]: unknown } };

const DEFAULT_EXPIRY_S = 600;

/** Per simulator: one answer per code (the first scan fixes the order, its expiry and who scanned it). */
export type ScannedCodes = Map<string, { customerId: string; answer: SimAnswer }>;

export function userInitiatedPay(
  body: Record<string, unknown>,
  now: Date,
  scanned: ScannedCodes,
  merchantPages: MerchantPages,
): SimAnswer {
  const { codeValue, customerId } = body;
  if (typeof codeValue !== "string" || codeValue === "" || codeValue.length > 512) {
    return failure("PARAM_ILLEGAL", "codeValue is required (at most 512 characters)");
  }
  if (typeof customerId !== "string" || customerId === "" || customerId.length > 64) {
    return failure("PARAM_ILLEGAL", "customerId is required (at most 64 characters)");
  }
  const earlier = scanned.get(codeValue);
  if (earlier) {
    return earlier.customerId === customerId
      ? earlier.answer
      : failure("REPEAT_REQ_INCONSISTENT", "this code was scanned by another customer");
  }
  const order = decodeSimulatorQr(codeValue);
  if (!order) return failure("INVALID_CODE", "not a code of this simulator");
  const result: SimResult = { resultStatus: "S", resultCode: "SUCCESS", resultMessage: "success" };
  if ("entryCode" in order) {
    const actionForm = order.actionForm ?? {
      actionFormType: "REDIRECTION",
      redirectionUrl: merchantPages.entryPageFor(codeValue, customerId, order),
    };
    return { status: 200, body: { result, actionForm } };
  }

  const paymentRequestId = simulatorPaymentRequestId(codeValue);
  const answer: SimAnswer = order.storeCode
    ? { status: 200, body: { result, codeType: "STORE_CODE", paymentRequestId } }
    : { status: 200, body: orderAnswer(order, customerId, paymentRequestId, result, now) };
  scanned.set(codeValue, { customerId, answer });
  return answer;
}

function orderAnswer(
  order: SimulatorQrOrder,
  customerId: string,
  paymentRequestId: string,
  result: SimResult,
  now: Date,
): SimAnswer["body"] {
  const planned = planPay({
    customerId,
    walletCurrency: order.walletCurrency,
    merchant: order.merchant,
    orderMinor: order.orderMinor,
    promotions: order.promotions,
    paymentRequestId,
  }).body;
  const expiresInMs = (order.expiresInSeconds ?? DEFAULT_EXPIRY_S) * 1000;
  return {
    result,
    acquirerId: planned.acquirerId,
    pspId: planned.pspId,
    codeType: "ORDER_CODE",
    paymentRequestId,
    order: planned.order,
    paymentAmount: planned.paymentAmount,
    payToAmount: planned.payToAmount,
    ...(planned.paymentQuote ? { paymentQuote: planned.paymentQuote } : {}),
    paymentFactor: { isInStorePayment: "true", inStorePaymentScenario: "OrderCode" },
    ...(planned.paymentPromoInfo ? { paymentPromoInfo: planned.paymentPromoInfo } : {}),
    paymentExpiryTime: formatAlipayTime(new Date(now.getTime() + expiresInMs)),
    ...(order.paymentRedirectUrl ? { paymentRedirectUrl: order.paymentRedirectUrl } : {}),
  };
}

/** The paymentRequestId the simulator gives the order of a code (stable per code). */
export function simulatorPaymentRequestId(codeValue: string): string {
  return `SIM-MPM-${createHash("sha256").update(codeValue).digest("hex").slice(0, 24)}`;
}

function failure(resultCode: string, resultMessage: string): SimAnswer {
  return { status: 200, body: { result: { resultStatus: "F", resultCode, resultMessage } } };
}

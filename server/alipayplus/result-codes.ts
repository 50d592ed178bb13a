/**
 * Every result code Plusdesk answers with, its `resultStatus` and default message: the one place
 * where outcomes become Alipay+ results (docs/protocol.md#result-codes).
 */
export const RESULT_CODES = {
  SUCCESS: { status: "S", message: "success" },
  PARAM_ILLEGAL: { status: "F", message: "illegal parameters" },
  INVALID_SIGNATURE: { status: "F", message: "the signature is invalid" },
  REPEAT_REQ_INCONSISTENT: {
    status: "F",
    message: "a request with this id and a different body was already received",
  },
  USER_NOT_EXIST: { status: "F", message: "the user does not exist" },
  USER_STATUS_ABNORMAL: { status: "F", message: "the user's account is not active" },
  USER_KYC_NOT_QUALIFIED: { status: "F", message: "the user's KYC is not verified" },
  CURRENCY_NOT_SUPPORT: { status: "F", message: "the currency is not the user's wallet currency" },
  USER_BALANCE_NOT_ENOUGH: { status: "F", message: "the user's balance is not enough" },
  /** Wallet limits (README "Wallet limits"): one payment, 24 h amount, 24 h count. */
  PAYMENT_AMOUNT_EXCEED_LIMIT: {
    status: "F",
    message: "the payment exceeds the user's single-payment limit",
  },
  USER_AMOUNT_EXCEED_LIMIT: {
    status: "F",
    message: "the payment exceeds the user's 24-hour amount limit",
  },
  PAYMENT_COUNT_EXCEED_LIMIT: {
    status: "F",
    message: "the user has reached the 24-hour payment count limit",
  },
  UNAVAILABLE_PAYMENT_METHOD: {
    status: "F",
    message: "the wallet only pays with paymentMethodType CONNECT_WALLET",
  },
  /** The wallet's own risk control rejected the payment (docs/protocol.md#risk). */
  RISK_REJECT: { status: "F", message: "the payment was rejected by risk control" },
  INVALID_TOKEN: { status: "F", message: "the access token is invalid" },
  EXPIRED_ACCESS_TOKEN: { status: "F", message: "the access token has expired" },
  /** applyToken: names the project decided (docs/protocol.md#applytoken). */
  INVALID_CODE: { status: "F", message: "the auth code is unknown or expired" },
  INVALID_REFRESH_TOKEN: {
    status: "F",
    message: "the refresh token is unknown, expired or revoked",
  },
  ORDER_NOT_EXIST: { status: "F", message: "the order does not exist" },
  ORDER_IS_CLOSED: { status: "F", message: "the order is closed" },
  REFUND_AMOUNT_EXCEED: { status: "F", message: "the refund exceeds what is left of the payment" },
  REFUND_WINDOW_EXCEED: { status: "F", message: "the refund window of 366 days has passed" },
  PAYMENT_IN_PROCESS: { status: "U", message: "the payment is in process" },
  UNKNOWN_EXCEPTION: { status: "U", message: "unknown exception, please retry or inquire" },
} as const satisfies Record<string, { status: "S" | "F" | "U"; message: string }>;

export type ResultCode = keyof typeof RESULT_CODES;
export type ResultStatus = "S" | "F" | "U";

export interface AlipayResult {
  resultCode: ResultCode;
  resultStatus: ResultStatus;
  resultMessage: string;
}

export function result(code: ResultCode, message?: string): AlipayResult {
  const entry = RESULT_CODES[code];
  return { resultCode: code, resultStatus: entry.status, resultMessage: message ?? entry.message };
}

/**
 * HTTP status per docs/protocol.md#order-of-checks: 401 for a bad signature, 413 for an oversized
 * body, else 200.
 */
export function httpStatusFor(code: ResultCode, bodyTooLarge = false): number {
  if (bodyTooLarge) return 413;
  return code === "INVALID_SIGNATURE" ? 401 : 200;
}

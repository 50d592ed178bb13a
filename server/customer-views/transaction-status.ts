/**
 * What a customer is told about a payment: one status word and, for a failed payment, why in
 * plain terms. Derived from stored facts only (the payment's status and the successful refunds'
 * `refundFromAmount` total), never from amounts the gateway did not store.
 */

export type PaymentRowStatus = "SUCCESS" | "FAILED" | "CLOSED";

export type TransactionStatus = "paid" | "partlyRefunded" | "refunded" | "cancelled" | "failed";

/** Why a payment failed, grouped the way the customer can act on it (message keys). */
export type FailureReason =
  | "riskDeclined"
  | "balanceNotEnough"
  | "accountRestricted"
  | "verificationNeeded"
  | "currencyNotSupported"
  | "singlePaymentLimit"
  | "dailyAmountLimit"
  | "dailyCountLimit"
  | "other";

export interface StatusFacts {
  status: PaymentRowStatus;
  /** `payToAmount` in wallet minor units (null only on rows that never reached a pay outcome). */
  payToAmountMinor: bigint | null;
  /** Σ `refundFromAmount` of the payment's successful refunds, wallet minor units. */
  refundedFromMinor: bigint;
  /** Whether the pay succeeded at some point (it has a paymentTime). */
  wasPaid: boolean;
}

export function deriveTransactionStatus(facts: StatusFacts): TransactionStatus {
  switch (facts.status) {
    case "FAILED":
      return "failed";
    // A cancelled payment gave back everything refunds had not: it reads as cancelled whatever
    // was refunded before (docs/protocol.md#refunds-and-cancels). A failed pay that Alipay+ then
    // cancelled moved no money: it stays failed.
    case "CLOSED":
      return facts.wasPaid ? "cancelled" : "failed";
    case "SUCCESS":
      if (facts.refundedFromMinor <= 0n) return "paid";
      // Refunded in full is Alipay+'s measure: its caps keep Σ refundFromAmount ≤ payToAmount, so
      // "equal" is the full refund — also of a surcharged payment whose refunds gave back less
      // than the surcharge amount it took (Alipay+ refunds what it settled).
      return facts.payToAmountMinor !== null && facts.refundedFromMinor >= facts.payToAmountMinor
        ? "refunded"
        : "partlyRefunded";
  }
}

/** Pay result codes a customer's own failed payment can carry (docs/protocol.md#who-pays). */
const FAILURE_REASONS = new Map<string, FailureReason>([
  ["RISK_REJECT", "riskDeclined"],
  ["USER_BALANCE_NOT_ENOUGH", "balanceNotEnough"],
  ["USER_STATUS_ABNORMAL", "accountRestricted"],
  ["USER_KYC_NOT_QUALIFIED", "verificationNeeded"],
  ["CURRENCY_NOT_SUPPORT", "currencyNotSupported"],
  ["PAYMENT_AMOUNT_EXCEED_LIMIT", "singlePaymentLimit"],
  ["USER_AMOUNT_EXCEED_LIMIT", "dailyAmountLimit"],
  ["PAYMENT_COUNT_EXCEED_LIMIT", "dailyCountLimit"],
]);

/** The explanation for a failed payment; codes added later fall back to a plain general one. */
export function failureReasonOf(resultCode: string | null): FailureReason {
  return FAILURE_REASONS.get(resultCode ?? "") ?? "other";
}

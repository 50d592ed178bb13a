import { describe, expect, it } from "vitest";
import {
  deriveTransactionStatus,
  failureReasonOf,
  type StatusFacts,
  type TransactionStatus,
} from "./transaction-status";

describe("deriveTransactionStatus", () => {
  // status, payToAmount, Σ successful refunds' refundFromAmount (wallet minor units) → shown as
  it.each<[StatusFacts["status"], bigint, bigint, TransactionStatus]>([
    ["SUCCESS", 16740n, 0n, "paid"],
    ["SUCCESS", 16740n, 8370n, "partlyRefunded"],
    ["SUCCESS", 16740n, 16739n, "partlyRefunded"], // 1 minor unit left
    ["SUCCESS", 16740n, 16740n, "refunded"],
    ["SUCCESS", 9007199254740993n, 9007199254740992n, "partlyRefunded"], // exact beyond 2^53
    ["FAILED", 16740n, 0n, "failed"],
    ["CLOSED", 16740n, 0n, "cancelled"],
    ["CLOSED", 16740n, 8370n, "cancelled"], // cancelled after a partial refund
  ])("%s, paid %s, refunded %s → %s", (status, payToAmountMinor, refundedFromMinor, expected) => {
    const wasPaid = status !== "FAILED";
    expect(deriveTransactionStatus({ status, payToAmountMinor, refundedFromMinor, wasPaid })).toBe(
      expected,
    );
  });

  it("keeps a failed payment that Alipay+ cancelled afterwards as failed", () => {
    expect(
      deriveTransactionStatus({
        status: "CLOSED",
        payToAmountMinor: 16740n,
        refundedFromMinor: 0n,
        wasPaid: false,
      }),
    ).toBe("failed");
  });
});

describe("failureReasonOf", () => {
  it.each([
    ["RISK_REJECT", "riskDeclined"],
    ["USER_BALANCE_NOT_ENOUGH", "balanceNotEnough"],
    ["USER_STATUS_ABNORMAL", "accountRestricted"],
    ["USER_KYC_NOT_QUALIFIED", "verificationNeeded"],
    ["CURRENCY_NOT_SUPPORT", "currencyNotSupported"],
    ["PAYMENT_AMOUNT_EXCEED_LIMIT", "singlePaymentLimit"],
    ["USER_AMOUNT_EXCEED_LIMIT", "dailyAmountLimit"],
    ["PAYMENT_COUNT_EXCEED_LIMIT", "dailyCountLimit"],
    ["SOMETHING_NEW", "other"],
    ["toString", "other"],
    [null, "other"],
  ])("%s → %s", (code, expected) => {
    expect(failureReasonOf(code)).toBe(expected);
  });
});

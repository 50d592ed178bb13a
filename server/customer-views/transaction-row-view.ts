/**
 * A history row as it crosses to the browser (the infinite-scroll loader renders later pages
 * itself): JSON-safe, so amounts are decimal text of minor units (a bigint cannot be serialised)
 * and times ISO strings. The first page goes through the same mapping, so every row is alike.
 */
import type { Money } from "../money/amount";
import type { TransactionSummary } from "./transaction-summary";
import type { FailureReason, TransactionStatus } from "./transaction-status";

export interface MoneyText {
  /** Minor units, e.g. "16740" for ₩16,740 or "1250" for S$12.50. */
  amountMinor: string;
  currency: string;
}

export interface TransactionRowView {
  paymentId: string;
  merchantName: string | null;
  /** ISO 8601, UTC. */
  time: string;
  paid: MoneyText | null;
  saved: MoneyText | null;
  promotionCount: number;
  status: TransactionStatus;
  failureReason: FailureReason | null;
}

export function toMoneyText(money: Money): MoneyText {
  return { amountMinor: money.amountMinor.toString(), currency: money.currency };
}

export function toTransactionRowView(summary: TransactionSummary): TransactionRowView {
  return {
    paymentId: summary.paymentId,
    merchantName: summary.merchantName,
    time: summary.time.toISOString(),
    paid: summary.paid && toMoneyText(summary.paid),
    saved: summary.saved && toMoneyText(summary.saved),
    promotionCount: summary.promotionCount,
    status: summary.status,
    failureReason: summary.failureReason,
  };
}

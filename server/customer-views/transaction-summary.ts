/**
 * What every customer page says about a payment (the history row, and the head of the detail and
 * result pages): selected with the shared totals of payment-subqueries.ts, mapped in one place.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { payments } from "@/db/schema";
import type { Money } from "../money/amount";
import { promotionTotals, refundTotals } from "./payment-subqueries";
import {
  deriveTransactionStatus,
  failureReasonOf,
  type FailureReason,
  type TransactionStatus,
} from "./transaction-status";

export interface TransactionSummary {
  paymentId: string;
  /** `merchantDisplayName`, else `merchantName`; null when Alipay+ sent neither. */
  merchantName: string | null;
  /** When it was paid; for a payment that never was, when Alipay+ asked. */
  time: Date;
  /**
   * What the payment takes from the wallet, in the wallet currency: the surcharge amount when
   * Alipay+ sent one (what the customer actually pays), else `payToAmount`.
   */
  paid: Money | null;
  /**
   * The total saved in the wallet currency: the top-level total Alipay+ sent, else Σ the
   * promotion lines' wallet amounts; null when there is neither, and for a failed payment, whose
   * promotions were never applied.
   */
  saved: Money | null;
  /** Promotions applied (none for a failed payment). */
  promotionCount: number;
  /** Σ what successful refunds gave back to the wallet (zero in the wallet currency when none). */
  refunded: Money | null;
  status: TransactionStatus;
  /** Set for failed payments only. */
  failureReason: FailureReason | null;
}

/**
 * The subqueries to LEFT JOIN LATERAL (… ON true) and the columns to select from them. A function,
 * not constants: the subqueries are built on the caller's `db`.
 */
export function summarySelection(db: Db) {
  const promotions = promotionTotals(db);
  const refunded = refundTotals(db);
  return {
    promotions,
    refunded,
    fields: {
      paymentId: payments.paymentId,
      status: payments.status,
      resultCode: payments.resultCode,
      merchantName: payments.merchantName,
      merchantDisplayName: payments.merchantDisplayName,
      debitMinor: payments.debitMinor,
      payToAmountMinor: payments.payToAmountMinor,
      payToCurrency: payments.payToCurrency,
      paymentTime: payments.paymentTime,
      receivedAt: payments.receivedAt,
      // The top-level total wins when it converts (see payment-subqueries.ts).
      savedMinor: sql<
        bigint | null
      >`coalesce(${payments.promoTotalWalletMinor}, ${promotions.savedMinor})`.mapWith(BigInt),
      promotionCount: promotions.promotionCount,
      refundedMinor: refunded.refundedMinor,
      refundedFromMinor: refunded.refundedFromMinor,
    },
  };
}

export interface SummaryRow {
  paymentId: string;
  status: "SUCCESS" | "FAILED" | "CLOSED";
  resultCode: string | null;
  merchantName: string | null;
  merchantDisplayName: string | null;
  debitMinor: bigint | null;
  payToAmountMinor: bigint | null;
  payToCurrency: string | null;
  paymentTime: Date | null;
  receivedAt: Date;
  savedMinor: bigint | null;
  /** Null only if the lateral join found no row, which an aggregate without GROUP BY never does. */
  promotionCount: number | null;
  refundedMinor: bigint | null;
  refundedFromMinor: bigint | null;
}

export function toTransactionSummary(row: SummaryRow): TransactionSummary {
  const refundedMinor = row.refundedMinor ?? 0n;
  const status = deriveTransactionStatus({
    status: row.status,
    payToAmountMinor: row.payToAmountMinor,
    refundedFromMinor: row.refundedFromMinor ?? 0n,
    wasPaid: row.paymentTime !== null,
  });
  // A pay request carries its promotions whatever the outcome; a failed one consumed none.
  const applied = status !== "failed";
  return {
    paymentId: row.paymentId,
    merchantName: row.merchantDisplayName ?? row.merchantName,
    time: row.paymentTime ?? row.receivedAt,
    paid: walletMoney(row.debitMinor, row.payToCurrency),
    saved: applied ? walletMoney(row.savedMinor, row.payToCurrency) : null,
    promotionCount: applied ? (row.promotionCount ?? 0) : 0,
    refunded: walletMoney(refundedMinor, row.payToCurrency),
    status,
    failureReason: status === "failed" ? failureReasonOf(row.resultCode) : null,
  };
}

/** Promotion savings and refunds are in the payment's wallet currency, `payToAmount.currency`. */
function walletMoney(amountMinor: bigint | null, currency: string | null): Money | null {
  return amountMinor === null || currency === null ? null : { amountMinor, currency };
}

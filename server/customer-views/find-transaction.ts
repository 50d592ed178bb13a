import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { payments, refunds } from "@/db/schema";
import { moneyOrNull, type Money } from "../money/amount";
import { readExchangeRate, type ExchangeRate } from "./exchange-rate";
import { promotionLines, visibleToCustomer } from "./payment-subqueries";
import {
  parseLines,
  ZPromotionLine,
  ZRefundLine,
  type PromotionLine,
  type RefundLine,
} from "./stored-lines";
import {
  summarySelection,
  toTransactionSummary,
  type TransactionSummary,
} from "./transaction-summary";

export interface TransactionDetail extends TransactionSummary {
  paymentRequestId: string;
  merchant: {
    /** `merchantName`, in the merchant's own language (e.g. 宇治茶房 銀座店). */
    originalName: string | null;
    displayName: string | null;
  };
  storeName: string | null;
  orderDescription: string | null;
  /** `orderAmount`, in the order currency. */
  order: Money | null;
  /**
   * The order amount in the wallet currency = paid + saved, both as stored. Only for a payment that
   * went through, when the total saved is known in the wallet currency (a total from Alipay+, or
   * every promotion line with a wallet amount) and the order was in another currency.
   */
  orderInWalletCurrency: Money | null;
  exchangeRate: ExchangeRate | null;
  /**
   * With a surcharge, `paid` is the surcharge amount (what the customer pays) and this is
   * `payToAmount`, what the merchant's side was paid; null without a surcharge.
   */
  beforeSurcharge: Money | null;
  /** In the order received; none for a failed payment (its promotions were never applied). */
  promotions: PromotionLine[];
  /** Successful refunds, oldest first. */
  refunds: RefundLine[];
}

/**
 * A payment of this customer with its promotions and refunds, in one query; null when there is no
 * such payment for this customer (someone else's id reads exactly like an unknown one).
 */
export async function findTransaction(
  db: Db,
  customerId: string,
  paymentId: string,
): Promise<TransactionDetail | null> {
  const { promotions, refunded, fields } = summarySelection(db);
  const lines = promotionLines(db);
  const refundList = successfulRefundLines(db);
  const [row] = await db
    .select({
      ...fields,
      paymentRequestId: payments.paymentRequestId,
      storeName: payments.storeName,
      orderDescription: payments.orderDescription,
      orderAmountMinor: payments.orderAmountMinor,
      orderCurrency: payments.orderCurrency,
      quoteCurrencyPair: payments.quoteCurrencyPair,
      quotePrice: payments.quotePrice,
      quoteUnit: payments.quoteUnit,
      unsummedCount: promotions.unsummedCount,
      surchargeAmountMinor: payments.surchargeAmountMinor,
      promoTotalWalletMinor: payments.promoTotalWalletMinor,
      promotionLines: lines.lines,
      refundLines: refundList.lines,
    })
    .from(payments)
    .leftJoinLateral(promotions, sql`true`)
    .leftJoinLateral(refunded, sql`true`)
    .leftJoinLateral(lines, sql`true`)
    .leftJoinLateral(refundList, sql`true`)
    .where(and(visibleToCustomer(customerId), eq(payments.paymentId, paymentId)));
  if (!row) return null;

  const summary = toTransactionSummary(row);
  const beforeSurcharge =
    row.surchargeAmountMinor === null ? null : moneyOrNull(row.payToAmountMinor, row.payToCurrency);
  const order =
    row.orderAmountMinor === null || row.orderCurrency === null
      ? null
      : { amountMinor: row.orderAmountMinor, currency: row.orderCurrency };
  return {
    ...summary,
    paymentRequestId: row.paymentRequestId,
    merchant: { originalName: row.merchantName, displayName: row.merchantDisplayName },
    storeName: row.storeName,
    orderDescription: row.orderDescription,
    order,
    orderInWalletCurrency:
      order &&
      summary.status !== "failed" &&
      (row.promoTotalWalletMinor !== null || (row.unsummedCount ?? 0) === 0)
        ? paidPlusSaved(beforeSurcharge ?? summary.paid, summary.saved, order)
        : null,
    exchangeRate: readExchangeRate(row),
    beforeSurcharge,
    promotions: summary.status === "failed" ? [] : parseLines(ZPromotionLine, row.promotionLines),
    refunds: parseLines(ZRefundLine, row.refundLines),
  };
}

/**
 * What the order cost before its discounts, in the wallet currency, from stored amounts only:
 * what was paid for it (before any surcharge) plus what was saved.
 */
function paidPlusSaved(paid: Money | null, saved: Money | null, order: Money): Money | null {
  if (!paid || paid.currency === order.currency) return null;
  return { amountMinor: paid.amountMinor + (saved?.amountMinor ?? 0n), currency: paid.currency };
}

function successfulRefundLines(db: Db) {
  return db
    .select({
      lines: sql<unknown>`coalesce(json_agg(json_build_object(
        'refundId', ${refunds.refundId},
        'refundTime', ${refunds.refundTime},
        'creditMinor', ${refunds.creditMinor}::text,
        'refundFromCurrency', ${refunds.refundFromCurrency}
      ) order by ${refunds.refundTime}, ${refunds.refundId}), '[]'::json)`.as("refund_lines"),
    })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payments.paymentId), eq(refunds.status, "SUCCESS")))
    .as("refund_lines");
}

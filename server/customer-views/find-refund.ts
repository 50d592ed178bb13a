import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { payments, refundPromotions, refunds } from "@/db/schema";
import type { Money } from "../money/amount";
import { promotionLines, visibleToCustomer } from "./payment-subqueries";
import { promotionsAfterRefund, type PromotionAfterRefund } from "./promotions-after-refund";
import {
  parseLines,
  ZClawbackLine,
  ZPromotionLine,
  ZUnlinkedRefundLine,
  type UnlinkedRefundLine,
} from "./stored-lines";

export interface RefundResult {
  refundId: string;
  paymentId: string;
  /** `merchantDisplayName`, else `merchantName`. */
  merchantName: string | null;
  time: Date;
  /**
   * What went back to the wallet, in the wallet currency: the refund's surcharge amount when
   * Alipay+ sent one, else `refundFromAmount`.
   */
  returned: Money;
  /** `refundAmount`: the same refund in the order currency. */
  refundAmount: Money;
  promotions: PromotionAfterRefund[];
  /** This refund's promotion lines that name none of the payment's promotions (or unreadable). */
  otherPromotionLines: UnlinkedRefundLine[];
  /** The payment's totals once this refund (and the successful ones before it) went through. */
  afterRefund: { paid: Money | null; refunded: Money; remaining: Money | null };
}

/** The refunds table again, for "this refund and the successful ones before it". */
const earlier = alias(refunds, "earlier");

/**
 * A successful refund of one of this customer's payments, in one query; null when there is none
 * for this customer (someone else's refund reads exactly like an unknown id). A failed refund moved
 * no money, so there is no result to show for it.
 */
export async function findRefund(
  db: Db,
  customerId: string,
  refundId: string,
): Promise<RefundResult | null> {
  const promotions = promotionLines(db);
  const refundedThrough = refundedThroughThisRefund(db);
  const clawbacks = clawbacksThroughThisRefund(db);
  const unlinked = unlinkedLinesOfThisRefund(db);
  const [row] = await db
    .select({
      refundId: refunds.refundId,
      paymentId: payments.paymentId,
      merchantName: payments.merchantName,
      merchantDisplayName: payments.merchantDisplayName,
      refundTime: refunds.refundTime,
      creditMinor: refunds.creditMinor,
      refundFromCurrency: refunds.refundFromCurrency,
      refundAmountMinor: refunds.refundAmountMinor,
      refundCurrency: refunds.refundCurrency,
      debitMinor: payments.debitMinor,
      refundedMinor: refundedThrough.refundedMinor,
      promotionLines: promotions.lines,
      clawbackLines: clawbacks.lines,
      unlinkedLines: unlinked.lines,
    })
    .from(refunds)
    .innerJoin(payments, eq(payments.paymentId, refunds.paymentId))
    .leftJoinLateral(refundedThrough, sql`true`)
    .leftJoinLateral(promotions, sql`true`)
    .leftJoinLateral(clawbacks, sql`true`)
    .leftJoinLateral(unlinked, sql`true`)
    .where(
      and(
        eq(refunds.refundId, refundId),
        eq(refunds.status, "SUCCESS"),
        visibleToCustomer(customerId),
      ),
    );
  if (!row) return null;

  // refundFromAmount (and a surcharge) is in the payment's wallet currency (the refund checks
  // it), so are the totals.
  const walletCurrency = row.refundFromCurrency;
  const refunded = { amountMinor: row.refundedMinor ?? 0n, currency: walletCurrency };
  const paid =
    row.debitMinor === null ? null : { amountMinor: row.debitMinor, currency: walletCurrency };
  return {
    refundId: row.refundId,
    paymentId: row.paymentId,
    merchantName: row.merchantDisplayName ?? row.merchantName,
    time: row.refundTime,
    returned: { amountMinor: row.creditMinor, currency: walletCurrency },
    refundAmount: { amountMinor: row.refundAmountMinor, currency: row.refundCurrency },
    promotions: promotionsAfterRefund(
      parseLines(ZPromotionLine, row.promotionLines),
      parseLines(ZClawbackLine, row.clawbackLines),
      walletCurrency,
    ),
    otherPromotionLines: parseLines(ZUnlinkedRefundLine, row.unlinkedLines),
    afterRefund: {
      paid,
      refunded,
      remaining: paid && {
        amountMinor: paid.amountMinor - refunded.amountMinor,
        currency: walletCurrency,
      },
    },
  };
}

/**
 * The payment's successful refunds up to and including the outer row's (`refunds`), in the order
 * they happened; ties in refundTime are broken by refundId so that the order is total.
 */
const isThisOrEarlierRefund = and(
  eq(earlier.paymentId, refunds.paymentId),
  eq(earlier.status, "SUCCESS"),
  sql`(${earlier.refundTime}, ${earlier.refundId}) <= (${refunds.refundTime}, ${refunds.refundId})`,
);

function refundedThroughThisRefund(db: Db) {
  return db
    .select({
      refundedMinor: sql<bigint>`coalesce(sum(${earlier.creditMinor}), 0)`
        .mapWith(BigInt)
        .as("refunded_minor"),
    })
    .from(earlier)
    .where(isThisOrEarlierRefund)
    .as("refunded_through");
}

/** The refund_promotions rows of those refunds that are linked to one of the payment's promotions. */
function clawbacksThroughThisRefund(db: Db) {
  return db
    .select({
      lines: sql<unknown>`coalesce(json_agg(json_build_object(
        'paymentPromotionId', ${refundPromotions.paymentPromotionId}::text,
        'fromThisRefund', ${earlier.refundId} = ${refunds.refundId},
        'amountMinor', ${refundPromotions.amountMinor}::text,
        'currency', ${refundPromotions.currency},
        'walletAmountMinor', ${refundPromotions.walletAmountMinor}::text
      )), '[]'::json)`.as("clawback_lines"),
    })
    .from(refundPromotions)
    .innerJoin(earlier, eq(earlier.refundId, refundPromotions.refundId))
    .where(and(isThisOrEarlierRefund, isNotNull(refundPromotions.paymentPromotionId)))
    .as("clawback_lines");
}

/** The outer refund's own refund_promotions rows linked to no promotion, in the order received. */
function unlinkedLinesOfThisRefund(db: Db) {
  return db
    .select({
      lines: sql<unknown>`coalesce(json_agg(json_build_object(
        'name', ${refundPromotions.promoName},
        'type', ${refundPromotions.promoType},
        'amountMinor', ${refundPromotions.amountMinor}::text,
        'currency', ${refundPromotions.currency},
        'walletAmountMinor', ${refundPromotions.walletAmountMinor}::text,
        'walletCurrency', ${refundPromotions.walletCurrency}
      ) order by ${refundPromotions.position}), '[]'::json)`.as("unlinked_lines"),
    })
    .from(refundPromotions)
    .where(
      and(
        eq(refundPromotions.refundId, refunds.refundId),
        isNull(refundPromotions.paymentPromotionId),
      ),
    )
    .as("unlinked_lines");
}

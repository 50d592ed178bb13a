import { bigint, char, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { payments } from "./payments";
import { promotionReading } from "./promotion-reading";

export const refundStatus = pgEnum("refund_status", ["SUCCESS", "FAILED"]);

/** One row per `refundRequestId` with a business outcome: also its idempotency record. */
export const refunds = pgTable(
  "refunds",
  {
    refundId: text().primaryKey(),
    refundRequestId: text().notNull().unique(),
    paymentRequestId: text().notNull(),
    /** Null when the refund named no payment we hold (ORDER_NOT_EXIST). */
    paymentId: text().references(() => payments.paymentId),
    /** The payment's customer, kept here for risk: their refunds in a window (promo-then-refund). */
    customerId: text().references(() => customers.customerId),
    status: refundStatus().notNull(),
    resultCode: text().notNull(),
    refundAmountMinor: bigint({ mode: "bigint" }).notNull(),
    refundCurrency: char({ length: 3 }).notNull(),
    refundFromAmountMinor: bigint({ mode: "bigint" }).notNull(),
    refundFromCurrency: char({ length: 3 }).notNull(),
    /**
     * What the refund gives back to the customer's wallet, in the wallet currency
     * (`refundFromCurrency`): the refund's `surchargeInfo.surchargeAmount` when Alipay+ sent one,
     * else `refundFromAmount` (server/refunds/refund.ts creditAmountOf). Given only on success.
     */
    creditMinor: bigint({ mode: "bigint" }).notNull(),
    /** The refund's `surchargeInfo.surchargeAmount` as received. */
    surchargeAmountMinor: bigint({ mode: "bigint" }),
    surchargeCurrency: char({ length: 3 }),
    quoteId: text(),
    quoteCurrencyPair: text(),
    quotePrice: text(),
    refundTime: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** As for payments: the worst reading of its refundPromoInfo; null when it carried none. */
    promotionReading: promotionReading(),
    promotionProblems: text().array().notNull().default([]),
    requestHash: text().notNull(),
    responseBody: text().notNull(),
    request: jsonb().notNull(),
  },
  (t) => [index().on(t.paymentId), index().on(t.customerId, t.refundTime)],
);

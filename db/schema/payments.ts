import { sql, type SQL } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { promotionReading } from "./promotion-reading";

/**
 * SUCCESS and FAILED are pay outcomes; CLOSED is set by cancelPayment, also for a
 * `paymentRequestId` never seen before ("closed in advance": a later pay answers ORDER_IS_CLOSED).
 */
export const paymentStatus = pgEnum("payment_status", ["SUCCESS", "FAILED", "CLOSED"]);

/**
 * One row per `paymentRequestId` that reached a business outcome: the row is also the
 * idempotency record (unique `paymentRequestId`, the request's canonical hash and the answer as
 * first sent, replayed byte for byte).
 */
export const payments = pgTable(
  "payments",
  {
    paymentId: text().primaryKey(),
    paymentRequestId: text().notNull().unique(),
    status: paymentStatus().notNull(),
    /** SUCCESS, or the business failure code (USER_BALANCE_NOT_ENOUGH, RISK_REJECT, …). */
    resultCode: text(),
    /** Null when the customer could not be identified (USER_NOT_EXIST) or the id was closed in advance. */
    customerId: text().references(() => customers.customerId),
    acquirerId: text(),
    pspId: text(),
    paymentAmountMinor: bigint({ mode: "bigint" }),
    paymentCurrency: char({ length: 3 }),
    payToAmountMinor: bigint({ mode: "bigint" }),
    payToCurrency: char({ length: 3 }),
    /**
     * What the payment takes from the customer's wallet, in the wallet currency (`payToCurrency`):
     * `surchargeInfo.surchargeAmount` when Alipay+ sent one, else `payToAmount`, as given — the
     * rule of server/payments/pay.ts debitAmountOf, which posts the debit. Generated, so that it
     * is right for every row whoever wrote it (an instance of the previous release during a
     * rolling deploy, which knows no surcharge). Taken only when the payment succeeded.
     */
    debitMinor: bigint({ mode: "bigint" }).generatedAlwaysAs(
      sql`coalesce(surcharge_amount_minor, pay_to_amount_minor)`,
    ),
    /** `surchargeInfo.surchargeAmount` as received: what the user pays; Alipay+ settles payToAmount. */
    surchargeAmountMinor: bigint({ mode: "bigint" }),
    surchargeCurrency: char({ length: 3 }),
    orderAmountMinor: bigint({ mode: "bigint" }),
    orderCurrency: char({ length: 3 }),
    quoteId: text(),
    quoteCurrencyPair: text(),
    quotePrice: text(),
    quoteUnit: text(),
    referenceOrderId: text(),
    orderDescription: text(),
    referenceMerchantId: text(),
    merchantName: text(),
    merchantDisplayName: text(),
    merchantMcc: text(),
    merchantRegion: text(),
    referenceStoreId: text(),
    storeName: text(),
    storeMcc: text(),
    isInStorePayment: boolean(),
    /**
     * The payment code or access token is never stored in clear
     * (docs/protocol.md#secrets-in-storage-and-logs): hash and last 4.
     */
    paymentMethodIdHash: text(),
    paymentMethodIdLast4: text(),
    deviceTokenId: text(),
    paymentNotifyUrl: text(),
    paymentTime: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * How far its promotion information was read: the worst of its promotion lines and of the
     * info's own problems; null when the request carried none (not a promoted payment).
     */
    promotionReading: promotionReading(),
    /** Problems of the info itself (e.g. a total that is not the entries' sum), for staff. */
    promotionProblems: text().array().notNull().default([]),
    /** `paymentPromoInfo.savingsAmount`, the total saved as received, and in the wallet currency. */
    promoTotalMinor: bigint({ mode: "bigint" }),
    promoTotalCurrency: char({ length: 3 }),
    promoTotalWalletMinor: bigint({ mode: "bigint" }),
    requestHash: text(),
    responseBody: text(),
    /** The request as received, with secrets redacted; unknown fields kept. */
    request: jsonb(),
  },
  (t) => [
    index().on(t.customerId, t.receivedAt),
    index().on(t.paymentMethodIdHash),
    // Risk: payments from a device in a window (device farming).
    index().on(t.deviceTokenId, t.receivedAt),
    // The console's overview: successful payments of a time window.
    index("payments_success_received_idx")
      .on(t.receivedAt, t.paymentId)
      .where(sql`${t.status} = 'SUCCESS'`),
    // The console's overview: payments cancelled after they succeeded (rare; a pay never inserts
    // into it, only cancelPayment's update of a successful payment does).
    index("payments_cancelled_success_received_idx")
      .on(t.receivedAt)
      .where(sql`${t.status} = 'CLOSED' and ${t.resultCode} = 'SUCCESS'`),
    // The console: payments whose promotions were not fully read, newest first, also of one
    // status (rare, so a pay almost never writes an entry into either).
    index("payments_unclear_promotions_received_idx")
      .on(t.receivedAt, t.paymentId)
      .where(unclearPromotionsOf(t.promotionReading)),
    index("payments_unclear_promotions_status_idx")
      .on(t.status, t.receivedAt, t.paymentId)
      .where(unclearPromotionsOf(t.promotionReading)),
  ],
);

/**
 * Payments whose promotion information was not fully read (partly read or not understood): the
 * console's Payments list, its overview count and the review queue filter select them, through
 * the partial indexes above, whose predicate this is.
 */
export const unclearPromotions = unclearPromotionsOf(payments.promotionReading);

function unclearPromotionsOf(reading: AnyPgColumn): SQL {
  return sql`${reading} in ('PARTLY_READ', 'NOT_UNDERSTOOD')`;
}

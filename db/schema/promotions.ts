import {
  bigint,
  bigserial,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { payments } from "./payments";
import { promotionReading } from "./promotion-reading";
import { refunds } from "./refunds";

/**
 * How the wallet-currency amount was obtained
 * (docs/protocol.md#promotion-amounts-in-the-wallet-currency).
 */
export const promotionConversion = pgEnum("promotion_conversion", [
  "SAME_CURRENCY",
  "CONVERTED",
  "NOT_CONVERTIBLE",
]);

/**
 * One row per `paymentPromoDetails[]` entry, in the order received; a `paymentPromoInfo` without a
 * readable list is one row of its own (its total alone, or the whole info not understood), so a
 * payment is promoted exactly when it has rows. The amount is null when none could be read.
 */
export const paymentPromotions = pgTable(
  "payment_promotions",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    paymentId: text()
      .notNull()
      .references(() => payments.paymentId),
    position: integer().notNull(),
    promoId: text(),
    promoName: text(),
    promoType: text(),
    /** As received; null (with `currency`) when the line has no readable amount. */
    amountMinor: bigint({ mode: "bigint" }),
    currency: char({ length: 3 }),
    /** Null when NOT_CONVERTIBLE or without an amount: left out of wallet-currency totals. */
    walletAmountMinor: bigint({ mode: "bigint" }),
    walletCurrency: char({ length: 3 }).notNull(),
    /** Null without an amount. */
    conversion: promotionConversion(),
    quoteId: text(),
    rate: text(),
    reading: promotionReading().notNull().default("READ"),
    /** Why the line is not READ (for staff); empty when it is. */
    problems: text().array().notNull().default([]),
    /** The entry as received (or the whole info when it had no readable list). */
    raw: jsonb().notNull(),
  },
  (t) => [unique().on(t.paymentId, t.position), index().on(t.promoId)],
);

/**
 * One row per `refundPromoInfo` detail, linked to the payment's promotion by `promoId` (unlinked
 * when it names none); an info without a readable list is one row of its own, as for payments.
 */
export const refundPromotions = pgTable(
  "refund_promotions",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    refundId: text()
      .notNull()
      .references(() => refunds.refundId),
    /** Null when the payment has no promotion with this `promoId` (stored unlinked). */
    paymentPromotionId: bigint({ mode: "bigint" }).references(() => paymentPromotions.id),
    position: integer().notNull(),
    promoId: text(),
    promoName: text(),
    promoType: text(),
    /** As received; null (with `currency`) when the line has no readable amount. */
    amountMinor: bigint({ mode: "bigint" }),
    currency: char({ length: 3 }),
    walletAmountMinor: bigint({ mode: "bigint" }),
    walletCurrency: char({ length: 3 }).notNull(),
    conversion: promotionConversion(),
    rate: text(),
    /** Clawback larger than what remained of the promotion's saving: kept as received, flagged. */
    exceedsRemaining: boolean().notNull().default(false),
    reading: promotionReading().notNull().default("READ"),
    problems: text().array().notNull().default([]),
    raw: jsonb().notNull(),
  },
  (t) => [unique().on(t.refundId, t.position), index().on(t.paymentPromotionId)],
);

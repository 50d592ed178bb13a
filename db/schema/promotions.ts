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
import { refunds } from "./refunds";

/** How the wallet-currency amount was obtained (API.md §7 "Promotion amounts in the wallet currency"). */
export const promotionConversion = pgEnum("promotion_conversion", [
  "SAME_CURRENCY",
  "CONVERTED",
  "NOT_CONVERTIBLE",
]);

/** One row per `paymentPromoDetails[]` entry, in the order received. */
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
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    /** Null when NOT_CONVERTIBLE: shown as received, left out of wallet-currency totals. */
    walletAmountMinor: bigint({ mode: "bigint" }),
    walletCurrency: char({ length: 3 }).notNull(),
    conversion: promotionConversion().notNull(),
    quoteId: text(),
    rate: text(),
    raw: jsonb().notNull(),
  },
  (t) => [unique().on(t.paymentId, t.position), index().on(t.promoId)],
);

/** One row per `refundPromoInfo` detail, linked to the payment's promotion by `promoId`. */
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
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    walletAmountMinor: bigint({ mode: "bigint" }),
    walletCurrency: char({ length: 3 }).notNull(),
    conversion: promotionConversion().notNull(),
    rate: text(),
    /** Clawback larger than what remained of the promotion's saving: kept as received, flagged. */
    exceedsRemaining: boolean().notNull().default(false),
    raw: jsonb().notNull(),
  },
  (t) => [unique().on(t.refundId, t.position), index().on(t.paymentPromotionId)],
);

import {
  char,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/**
 * The console overview's daily rollup (server/console-stats/overview-rollup.ts): one row per
 * closed UTC day whose figures are stored below. A day is closed once it ended more than
 * OVERVIEW_GRACE_MS ago; every figure is attributed to the day of its own event, so a closed day
 * never changes (cancellations after success are subtracted when read, see there). The rows are
 * filled lazily by the overview read itself: the day's row and its figures commit together, and
 * a concurrent reader that loses the insert race (ON CONFLICT DO NOTHING) writes nothing.
 */
export const overviewDays = pgTable("overview_days", {
  day: date({ mode: "string" }).primaryKey(),
  rolledUpAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Promotions of the payments received on the day that succeeded (result code SUCCESS, whether
 * cancelled since or not), grouped as `grouping(day, currency, promo_id, promo_name)` says:
 * 7 the day, 3 the day and currency, 1 also the promo id, 0 also the promo name (only its
 * promotion count is read, to keep `max(promo_name)` exact after cancellations).
 */
export const overviewPromotionDays = pgTable(
  "overview_promotion_days",
  {
    day: date({ mode: "string" })
      .notNull()
      .references(() => overviewDays.day),
    level: smallint().notNull(),
    currency: char({ length: 3 }),
    promoId: text(),
    promoName: text(),
    payments: integer().notNull(),
    promotions: integer().notNull(),
    /** Exact sum of minor units (a sum of bigints may not fit a bigint). */
    amountMinor: numeric({ precision: 40, scale: 0 }).notNull(),
  },
  (t) => [index().on(t.level, t.day)],
);

/** Decisions decided on the day in which the rule said HIT (once per decision). */
export const overviewRuleHitDays = pgTable(
  "overview_rule_hit_days",
  {
    day: date({ mode: "string" })
      .notNull()
      .references(() => overviewDays.day),
    rule: text().notNull(),
    decisions: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.rule] })],
);

/** Risk decisions decided on the day, by outcome. */
export const overviewOutcomeDays = pgTable("overview_outcome_days", {
  day: date({ mode: "string" })
    .primaryKey()
    .references(() => overviewDays.day),
  decisions: integer().notNull(),
  allow: integer().notNull(),
  review: integer().notNull(),
  reject: integer().notNull(),
});

/**
 * Payments received on the day whose promotion information was not fully read (partly read or
 * not understood), whatever their outcome: a reading never changes, so a closed day is final.
 */
export const overviewUnclearPromotionDays = pgTable("overview_unclear_promotion_days", {
  day: date({ mode: "string" })
    .primaryKey()
    .references(() => overviewDays.day),
  payments: integer().notNull(),
});

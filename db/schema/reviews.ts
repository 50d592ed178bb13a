import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { riskDecisions } from "./risk";

export const reviewVerdict = pgEnum("review_verdict", ["APPROVED", "REJECTED"]);

/**
 * A staff verdict on a payment whose risk decision was REVIEW (the review queue, README "Staff
 * console"). The money already moved: REJECTED marks the payment as abuse and nothing else. One
 * verdict per decision (the primary key), so two analysts cannot both decide the same payment.
 *
 * The decided review queue reads this table alone until its page is full, so it carries what the
 * queue filters on, copied from the decision and its payment by the BEFORE INSERT trigger
 * `payment_reviews_fill` (db/migrations/0009, 0012): written at review time, never on the pay path. The
 * same trigger marks the decision reviewed (`risk_decisions.reviewed_at`), which takes it out of
 * the pending queue's partial index.
 */
export const paymentReviews = pgTable(
  "payment_reviews",
  {
    decisionId: bigint({ mode: "bigint" })
      .primaryKey()
      .references(() => riskDecisions.id),
    paymentId: text().notNull().unique(),
    verdict: reviewVerdict().notNull(),
    reason: text().notNull(),
    reviewedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reviewedBy: text().notNull(),
    /** Filled by the trigger: the decision's decided_at (the queue's order). */
    decidedAt: timestamp({ withTimezone: true }),
    /** Filled by the trigger: the rules that said HIT in the decision, each once. */
    hitRules: text().array(),
    /** Filled by the trigger: the decision's campaign keys. */
    campaigns: text().array(),
    /** Filled by the trigger: the payment's reference_merchant_id and payment amount. */
    merchantId: text(),
    paymentAmountMinor: bigint({ mode: "bigint" }),
    paymentCurrency: char({ length: 3 }),
    /** Filled by the trigger: the payment's promotions were not fully read. */
    promotionsUnclear: boolean().notNull().default(false),
  },
  (t) => [
    index("payment_reviews_decided_idx").on(t.decidedAt, t.decisionId),
    index("payment_reviews_merchant_idx").on(t.merchantId, t.decidedAt, t.decisionId),
    index("payment_reviews_hit_rules_idx").using("gin", t.hitRules),
    index("payment_reviews_campaigns_idx").using("gin", t.campaigns),
    index("payment_reviews_unclear_promotions_idx")
      .on(t.decidedAt, t.decisionId)
      .where(sql`${t.promotionsUnclear}`),
  ],
);

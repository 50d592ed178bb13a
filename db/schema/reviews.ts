import { pgEnum, pgTable, text, timestamp, bigint } from "drizzle-orm/pg-core";
import { riskDecisions } from "./risk";

export const reviewVerdict = pgEnum("review_verdict", ["APPROVED", "REJECTED"]);

/**
 * A staff verdict on a payment whose risk decision was REVIEW (PRODUCT.md M8 review queue). The
 * money already moved: REJECTED marks the payment as abuse and nothing else. One verdict per
 * decision (the primary key), so two analysts cannot both decide the same payment.
 */
export const paymentReviews = pgTable("payment_reviews", {
  decisionId: bigint({ mode: "bigint" })
    .primaryKey()
    .references(() => riskDecisions.id),
  paymentId: text().notNull().unique(),
  verdict: reviewVerdict().notNull(),
  reason: text().notNull(),
  reviewedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  reviewedBy: text().notNull(),
});

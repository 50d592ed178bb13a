import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const riskListKind = pgEnum("risk_list_kind", ["BLOCK", "ALLOW"]);
export const riskSubjectType = pgEnum("risk_subject_type", ["CUSTOMER", "DEVICE", "MERCHANT"]);

/**
 * Block and allow lists (docs/protocol.md#risk-rules, kept in the console's Lists): an entry may
 * expire.
 */
export const riskListEntries = pgTable(
  "risk_list_entries",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    list: riskListKind().notNull(),
    subjectType: riskSubjectType().notNull(),
    subjectId: text().notNull(),
    reason: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
  },
  (t) => [unique().on(t.list, t.subjectType, t.subjectId)],
);

export const ruleSetStatus = pgEnum("rule_set_status", ["DRAFT", "PUBLISHED"]);

/**
 * Versioned rule sets (docs/protocol.md#risk-rules): at most one DRAFT, PUBLISHED versions never
 * change, and `live_rule_set` names the one in force. `config` is the whole rule set (defaults and
 * campaigns), validated by server/risk/rule-config.ts.
 */
export const ruleSets = pgTable(
  "rule_sets",
  {
    version: integer().primaryKey(),
    status: ruleSetStatus().notNull(),
    config: jsonb().notNull(),
    note: text(),
    /**
     * The draft's edit count: every save adds one. An edit or a publish names the revision it
     * was made from and is refused once another save came in between (no lost update, and a
     * publish never ships a draft its admin did not see).
     */
    revision: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: text(),
  },
  (t) => [
    uniqueIndex("rule_sets_one_draft_idx")
      .on(t.status)
      .where(sql`${t.status} = 'DRAFT'`),
  ],
);

/** Exactly one row: the live version. Publishing and rolling back are one UPDATE of it. */
export const liveRuleSet = pgTable(
  "live_rule_set",
  {
    id: integer().primaryKey().default(1),
    version: integer()
      .notNull()
      .references(() => ruleSets.version),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    changedBy: text().notNull(),
  },
  (t) => [check("live_rule_set_singleton", sql`${t.id} = 1`)],
);

export const riskOutcome = pgEnum("risk_outcome", ["ALLOW", "REVIEW", "REJECT"]);
export const riskContext = pgEnum("risk_context", ["PAY", "EVALUATION", "CASHIER"]);

/**
 * Every risk decision (docs/protocol.md#risk-rules): the rule-set version, each rule's verdict with
 * the signal values it saw, and the state signals used (credit, KYC, account age, lists, store
 * position), which a backtest replays as recorded. Written in the payment's transaction.
 */
export const riskDecisions = pgTable(
  "risk_decisions",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    paymentRequestId: text().notNull(),
    /** Null for a payment evaluation (it creates no payment) or a refusal before the payment row. */
    paymentId: text(),
    context: riskContext().notNull(),
    customerId: text(),
    deviceId: text(),
    ruleSetVersion: integer().notNull(),
    outcome: riskOutcome().notNull(),
    /** [{rule, verdict: HIT|MISS|UNAVAILABLE|SKIPPED|OFF, action, campaign?, signals: {...}}] */
    verdicts: jsonb().notNull(),
    /** The state signals as read at decision time. */
    signals: jsonb().notNull(),
    /** Campaign keys that matched the payment's promotions. */
    campaigns: jsonb().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull(),
    /** How long deciding took, microseconds (the bench and the console read it). */
    durationUs: integer().notNull(),
    /**
     * REVIEW decisions only: when staff gave their verdict. Set by the trigger on
     * payment_reviews in the verdict's transaction (never by the pay path), so that the pending
     * review queue's partial index holds open reviews only.
     */
    reviewedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.paymentRequestId),
    index().on(t.paymentId),
    index("risk_decisions_outcome_at_idx").on(t.outcome, t.decidedAt),
    index("risk_decisions_decided_at_idx").on(t.decidedAt),
    // The console's pending review queue: REVIEW decisions of real payments still without a
    // verdict, oldest first (decided ones leave it; the decided tab reads payment_reviews).
    index("risk_decisions_open_reviews_idx")
      .on(t.decidedAt, t.id)
      .where(
        sql`${t.outcome} = 'REVIEW' and ${t.paymentId} is not null and ${t.reviewedAt} is null`,
      ),
  ],
);

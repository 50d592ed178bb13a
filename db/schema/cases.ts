import { bigserial, check, index, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const riskCaseSource = pgEnum("risk_case_source", ["MANUAL", "CSV", "API"]);
export const riskCaseStatus = pgEnum("risk_case_status", [
  "OPEN",
  "INVESTIGATING",
  "CONCLUDED",
  "COMMUNICATED",
]);
export const riskCaseFinding = pgEnum("risk_case_finding", [
  "CONFIRMED_ABUSE",
  "FALSE_POSITIVE",
  "INCONCLUSIVE",
]);

/**
 * A risk case Alipay+ raised (README "Staff console"): the flagged items, a deadline, the
 * investigation's status, finding and summary. `caseId` is Alipay+'s (idempotency key of the API
 * and CSV import); `requestDigest` is the SHA-256 of what created it, so a repeat with other
 * content is refused.
 */
export const riskCases = pgTable(
  "risk_cases",
  {
    caseId: text().primaryKey(),
    source: riskCaseSource().notNull(),
    raisedAt: timestamp({ withTimezone: true }).notNull(),
    deadline: timestamp({ withTimezone: true }),
    reason: text().notNull(),
    status: riskCaseStatus().notNull().default("OPEN"),
    finding: riskCaseFinding(),
    summary: text(),
    concludedAt: timestamp({ withTimezone: true }),
    concludedBy: text(),
    requestDigest: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("risk_cases_status_deadline_idx").on(t.status, t.deadline),
    index("risk_cases_raised_idx").on(t.raisedAt.desc(), t.caseId),
    // The console's list: cases being worked, nearest deadline first.
    index("risk_cases_open_deadline_idx")
      .on(t.deadline, t.caseId)
      .where(sql`${t.status} in ('OPEN', 'INVESTIGATING')`),
  ],
);

/** One flagged item: a payment (by Alipay+'s paymentRequestId), a customer, a device, or several. */
export const riskCaseItems = pgTable(
  "risk_case_items",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    caseId: text()
      .notNull()
      .references(() => riskCases.caseId),
    paymentRequestId: text(),
    customerId: text(),
    deviceId: text(),
  },
  (t) => [
    index().on(t.caseId),
    index().on(t.paymentRequestId),
    index().on(t.customerId),
    index().on(t.deviceId),
    check(
      "risk_case_items_names_something",
      sql`coalesce(${t.paymentRequestId}, ${t.customerId}, ${t.deviceId}) is not null`,
    ),
  ],
);

export const riskCaseEntryKind = pgEnum("risk_case_entry_kind", [
  "NOTE",
  "BLOCK_CUSTOMER",
  "BLOCK_DEVICE",
  "CLAWBACK_NOTE",
]);

/** The case's timeline: notes and the actions taken (a block also writes the block list). */
export const riskCaseEntries = pgTable(
  "risk_case_entries",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    caseId: text()
      .notNull()
      .references(() => riskCases.caseId),
    kind: riskCaseEntryKind().notNull(),
    /** The blocked customer or device id; null for notes and claw-back notes. */
    subjectId: text(),
    text: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    by: text().notNull(),
  },
  (t) => [index().on(t.caseId, t.id)],
);

export const riskCaseExportFormat = pgEnum("risk_case_export_format", ["JSON", "CSV"]);

/** Every export of a case's conclusion, with the exact bytes handed out. */
export const riskCaseExports = pgTable(
  "risk_case_exports",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    caseId: text()
      .notNull()
      .references(() => riskCases.caseId),
    format: riskCaseExportFormat().notNull(),
    content: text().notNull(),
    exportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    exportedBy: text().notNull(),
  },
  (t) => [index().on(t.caseId, t.id)],
);

import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  char,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const ledgerEntryKind = pgEnum("ledger_entry_kind", [
  "TOP_UP",
  "PAYMENT",
  "REFUND",
  "CANCEL",
]);

/**
 * Append-only: rows are inserted, never updated or deleted (a trigger refuses UPDATE, DELETE and
 * TRUNCATE to any role, and the app's role is not granted them). `amountMinor` is signed (debits are
 * negative). The partial unique indexes make "one effect per request" a database fact: one debit and
 * at most one cancel credit per payment, one credit per refund and per top-up.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.customerId),
    kind: ledgerEntryKind().notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    balanceAfterMinor: bigint({ mode: "bigint" }).notNull(),
    paymentId: text(),
    refundId: text(),
    topUpId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.customerId, t.id),
    uniqueIndex("ledger_entries_one_debit_or_cancel_per_payment")
      .on(t.paymentId, t.kind)
      .where(sql`${t.kind} in ('PAYMENT', 'CANCEL')`),
    uniqueIndex("ledger_entries_one_credit_per_refund")
      .on(t.refundId)
      .where(sql`${t.refundId} is not null`),
    uniqueIndex("ledger_entries_one_credit_per_top_up")
      .on(t.topUpId)
      .where(sql`${t.topUpId} is not null`),
  ],
);

/** Idempotent on `topUpId`: the wallet app backend may retry. */
export const topUps = pgTable("top_ups", {
  topUpId: text().primaryKey(),
  customerId: text()
    .notNull()
    .references(() => customers.customerId),
  amountMinor: bigint({ mode: "bigint" }).notNull(),
  currency: char({ length: 3 }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

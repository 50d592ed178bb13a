import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const customerStatus = pgEnum("customer_status", ["ACTIVE", "FROZEN"]);
export const kycStatus = pgEnum("kyc_status", ["VERIFIED", "PENDING", "REJECTED"]);
export const creditRating = pgEnum("credit_rating", ["GOOD", "FAIR", "BAD"]);

/** Mirrored from the wallet app backend (PUT /api/wallet/v1/customers/{id}). */
export const customers = pgTable("customers", {
  customerId: text().primaryKey(),
  displayName: text().notNull(),
  status: customerStatus().notNull(),
  kycStatus: kycStatus().notNull(),
  /**
   * Risk fields the wallet app backend keeps current (README "Customer risk fields"); null until it
   * sends them.
   */
  creditRating: creditRating(),
  /** 0–1000. */
  creditScore: integer(),
  /** When the wallet account was opened (the wallet's own record, not this row's creation). */
  accountCreatedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One wallet account per customer, in the wallet (MPP) currency. The balance is the running sum of
 * the account's ledger entries, kept in the row so that a debit is one conditional UPDATE under the
 * row lock; the CHECK makes a negative balance impossible whatever the code does.
 */
export const walletAccounts = pgTable(
  "wallet_accounts",
  {
    customerId: text()
      .primaryKey()
      .references(() => customers.customerId),
    currency: char({ length: 3 }).notNull(),
    balanceMinor: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * The customer's own wallet limits (README "Wallet limits"), amounts in minor units of
     * `currency`; null: none of its own, the configured default applies. Kept on this row because
     * a pay checks them under this row's lock.
     */
    singlePaymentMaxMinor: bigint({ mode: "bigint" }),
    dailyAmountMaxMinor: bigint({ mode: "bigint" }),
    dailyCountMax: integer(),
  },
  (t) => [
    check("wallet_accounts_balance_non_negative", sql`${t.balanceMinor} >= 0`),
    check(
      "wallet_accounts_limits_non_negative",
      sql`${t.singlePaymentMaxMinor} >= 0 and ${t.dailyAmountMaxMinor} >= 0 and ${t.dailyCountMax} >= 0`,
    ),
  ],
);

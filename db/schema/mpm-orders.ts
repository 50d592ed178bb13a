import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  char,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { payments } from "./payments";

/**
 * OPEN until the customer pays (PAID), a final refusal (FAILED: risk, status, KYC, currency), or
 * Return / expiry / an Alipay+ cancel (CLOSED). A short balance leaves it OPEN: the customer may top
 * up and retry until `paymentExpiryTime`.
 */
export const mpmOrderStatus = pgEnum("mpm_order_status", ["OPEN", "PAID", "FAILED", "CLOSED"]);

/**
 * One row per merchant-presented order (MPM / Cashier, docs/protocol.md#userinitiatedpay): the
 * answer Alipay+ gave for a scanned code, kept whole (order, amounts, quote, every promotion of
 * `paymentPromoInfo`), with the customer and device that scanned it. Its promotions become payment
 * promotions (redemptions) only when the customer pays.
 */
export const mpmOrders = pgTable(
  "mpm_orders",
  {
    orderId: text().primaryKey(),
    /** Alipay+'s id for the payment that paying this order makes: the payment row's idempotency key. */
    paymentRequestId: text().notNull().unique(),
    customerId: text()
      .notNull()
      .references(() => customers.customerId),
    deviceId: text().notNull(),
    /** hashSecret(codeValue): the scanned QR text is not kept in clear. */
    codeValueHash: text().notNull(),
    status: mpmOrderStatus().notNull().default("OPEN"),
    /** The last refusal shown to the customer (e.g. USER_BALANCE_NOT_ENOUGH), or the final code. */
    resultCode: text(),
    paymentId: text().references(() => payments.paymentId),
    payToAmountMinor: bigint({ mode: "bigint" }).notNull(),
    payToCurrency: char({ length: 3 }).notNull(),
    /** Alipay+'s `paymentExpiryTime`; null when it sent none (then the order never expires by itself). */
    expiresAt: timestamp({ withTimezone: true }),
    paymentNotifyUrl: text(),
    paymentRedirectUrl: text(),
    /** The userInitiatedPay answer as received (it carries no secrets). */
    answer: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.customerId, t.createdAt),
    /** The payment result page finds the order a payment paid (its Confirm target). */
    index().on(t.paymentId),
    index("mpm_orders_open_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'OPEN'`),
  ],
);

/**
 * Every scan of an entry code (a static merchant QR that Alipay+ answers with the merchant's own
 * ordering page instead of an order): who scanned it, on which device, when, and the page opened.
 * The payment comes later as a `pay` with `inStorePaymentScenario` EntryCode that names only the
 * customer; the customer's latest scan shortly before it names its device (README "MPM / Cashier").
 */
export const entryCodeScans = pgTable(
  "entry_code_scans",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.customerId),
    deviceId: text().notNull(),
    /** hashSecret(codeValue), as for orders. */
    codeValueHash: text().notNull(),
    /** Alipay+'s `actionForm.redirectionUrl`, as validated and handed to the wallet app. */
    merchantPageUrl: text().notNull(),
    scannedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.customerId, t.scannedAt)],
);

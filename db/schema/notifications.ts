import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** PENDING until acknowledged (DELIVERED) or given up on after 24 h / refused (FAILED). */
export const notificationStatus = pgEnum("notification_status", ["PENDING", "DELIVERED", "FAILED"]);

/**
 * The notifyPayment outbox (docs/protocol.md#notifications): a row is written in the same
 * transaction as the payment outcome it reports, then delivered until Alipay+ acknowledges it.
 * Delivery claims a row with a lease (`leaseUntil`), so several app instances never have one
 * message in flight twice.
 */
export const paymentNotifications = pgTable(
  "payment_notifications",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    paymentRequestId: text().notNull(),
    paymentId: text(),
    /** The payment's `paymentNotifyUrl`; null: the configured default (ALIPAYPLUS_NOTIFY_URL) at delivery. */
    targetUrl: text(),
    /** The notifyPayment body, exactly as sent on every attempt. */
    body: text().notNull(),
    status: notificationStatus().notNull().default("PENDING"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** 24 h after writing (or after a retry by hand): past it, a failed attempt marks the row FAILED. */
    giveUpAt: timestamp({ withTimezone: true }).notNull(),
    leaseUntil: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("payment_notifications_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'PENDING'`),
    index().on(t.paymentRequestId),
  ],
);

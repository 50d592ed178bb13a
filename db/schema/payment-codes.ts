import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers";

/**
 * Every UPM payment code Plusdesk obtained through getPaymentCode
 * (docs/protocol.md#getpaymentcode), by hash only (docs/protocol.md#secrets-in-storage-and-logs): a
 * later `pay` carrying the code in `paymentMethod.paymentMethodId` names its customer and device
 * (docs/protocol.md#who-pays, #devices).
 */
export const paymentCodes = pgTable(
  "payment_codes",
  {
    /** hashSecret(paymentCode). */
    codeHash: text().primaryKey(),
    codeLast4: text().notNull(),
    customerId: text()
      .notNull()
      .references(() => customers.customerId),
    /** The requesting device: `env.deviceTokenId` of the getPaymentCode call. */
    deviceId: text().notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Alipay+'s `codeExpiryTime`; informational, code age is not checked at pay
     * (docs/protocol.md#who-pays).
     */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.customerId, t.issuedAt)],
);

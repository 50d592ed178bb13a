import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers";

/**
 * Auto Debit auth codes (README "Auto Debit", docs/protocol.md#applytoken,
 * #secrets-in-storage-and-logs): the wallet app backend gets one for a customer, Alipay+ exchanges
 * it for tokens. Stored by hash only.
 */
export const authCodes = pgTable(
  "auth_codes",
  {
    /** hashSecret(authCode). */
    codeHash: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.customerId),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** The first applyToken that exchanged it; retries re-issue within AUTH_CODE_REUSE_GRACE_MS. */
    firstUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.customerId)],
);

/**
 * One access/refresh token set per row, by hash only. A set is live while `revokedAt` is null;
 * at most one live set per auth code (a retried applyToken revokes the previous one).
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    /** hashSecret(accessToken). */
    accessTokenHash: text().primaryKey(),
    /** hashSecret(refreshToken). */
    refreshTokenHash: text().notNull().unique(),
    customerId: text()
      .notNull()
      .references(() => customers.customerId),
    authCodeHash: text()
      .notNull()
      .references(() => authCodes.codeHash),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    accessTokenExpiresAt: timestamp({ withTimezone: true }).notNull(),
    refreshTokenExpiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.authCodeHash), index().on(t.customerId)],
);

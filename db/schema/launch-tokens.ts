import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every wallet launch token that started a session, by `jti`: a token works once. Rows past
 * `expiresAt` can be deleted; the token could not be used again anyway.
 */
export const launchTokenUses = pgTable(
  "launch_token_uses",
  {
    jti: text().primaryKey(),
    customerId: text().notNull(),
    usedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.expiresAt)],
);

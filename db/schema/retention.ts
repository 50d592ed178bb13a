import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * How far back the tables that retention prunes by whole months (server/retention) are still
 * whole: every row of `tableName` at or after `keptSince` is kept, older ones may be gone. Raised
 * before a month is dropped, so a reader never trusts rows that are being removed. Backtests read
 * it for device events: a payment older than it is reported undecided.
 */
export const retentionHorizons = pgTable("retention_horizons", {
  tableName: text().primaryKey(),
  keptSince: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

import { doublePrecision, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The wallet's own store registry (README "Store registry"): Alipay+ sends a store's address but no
 * coordinates (docs/protocol.md#payment-context), so the location rule needs positions from here.
 * Seeded for the demo merchants; `npm run stores:import -- file.csv` adds and updates.
 */
export const stores = pgTable("stores", {
  referenceStoreId: text().primaryKey(),
  referenceMerchantId: text(),
  storeName: text(),
  /** ISO 3166 alpha-2. */
  region: text().notNull(),
  city: text(),
  lat: doublePrecision().notNull(),
  lng: doublePrecision().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

import { pgEnum } from "drizzle-orm/pg-core";

/**
 * How far Plusdesk could read a promotion line (or a payment's promotion information as a whole:
 * the worst of its lines). Promotion data never fails a payment: what cannot be read is kept raw
 * with this verdict and the reasons (server/promotions/promo-info.ts).
 */
export const promotionReading = pgEnum("promotion_reading", [
  "READ",
  "PARTLY_READ",
  "NOT_UNDERSTOOD",
]);

import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const deviceEventType = pgEnum("device_event_type", ["login", "integrity", "location"]);

/**
 * Raw device signals from the wallet app backend (PRODUCT.md M6, `POST
 * /api/wallet/v1/device-events`), kept as received so that every risk signal can be recomputed as
 * of any past moment (backtests). "Latest" means latest by `at`, the device's own time.
 */
export const deviceEvents = pgTable(
  "device_events",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    /** The sender's id: idempotency key (the same id with another body is a conflict). */
    eventId: text().notNull().unique(),
    /** Canonical hash of the event as received, to tell a replay from a conflict. */
    eventHash: text().notNull(),
    type: deviceEventType().notNull(),
    deviceId: text().notNull(),
    /** login and location. */
    customerId: text(),
    at: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** integrity. */
    appSignatureValid: boolean(),
    emulator: boolean(),
    rooted: boolean(),
    hooked: boolean(),
    /** location: WGS 84 degrees (coordinates, not money: floating point is right here). */
    lat: doublePrecision(),
    lng: doublePrecision(),
    accuracyM: doublePrecision(),
    raw: jsonb().notNull(),
  },
  (t) => [
    // Latest integrity / location of a device as of a moment, and logins in a window.
    index("device_events_device_type_at_idx").on(t.deviceId, t.type, t.at),
    index("device_events_customer_at_idx")
      .on(t.customerId, t.at)
      .where(sql`${t.customerId} is not null`),
  ],
);

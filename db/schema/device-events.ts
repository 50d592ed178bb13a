import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const deviceEventType = pgEnum("device_event_type", ["login", "integrity", "location"]);

/**
 * Raw device signals from the wallet app backend (README "Device signals", `POST
 * /api/wallet/v1/device-events`), kept as received so that every risk signal can be recomputed as
 * of any past moment (backtests). "Latest" means latest by `at`, the device's own time.
 *
 * Partitioned by month of `at` (migration 0017, written by hand), so that retention drops whole
 * months and the signals' windows on `at` read only the months they cover. A unique index of a
 * partitioned table must include the partition key, so the idempotency on `eventId` lives in
 * `device_event_ids` below.
 */
export const deviceEvents = pgTable(
  "device_events",
  {
    id: bigserial({ mode: "bigint" }).notNull(),
    eventId: text().notNull(),
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
    primaryKey({ columns: [t.id, t.at] }),
    // Latest integrity / location of a device as of a moment, and logins in a window.
    index("device_events_device_type_at_idx").on(t.deviceId, t.type, t.at),
    index("device_events_customer_at_idx")
      .on(t.customerId, t.at)
      .where(sql`${t.customerId} is not null`),
  ],
);

/**
 * The idempotency record of device events: one row per `eventId` ever stored and still kept,
 * written in the same transaction as its event. The same id again with the same event (the same
 * canonical hash) is a replay, with another one a conflict. Pruned with the events (by `at`).
 */
export const deviceEventIds = pgTable(
  "device_event_ids",
  {
    eventId: text().primaryKey(),
    /** Canonical hash of the event as received, to tell a replay from a conflict. */
    eventHash: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.at)],
);

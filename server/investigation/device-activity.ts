/**
 * What the device events say about one device (README "Device signals", docs/protocol.md#devices),
 * for the payment investigation and the device page: its integrity history, its location fixes
 * (with the distance to a store when one is given), and every account seen on it recently. Each
 * read is a range of `device_events_device_type_at_idx` (device, type, at), newest first and
 * bounded.
 */
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { customers, deviceEvents } from "@/db/schema";
import { distanceKm, type Position } from "../risk/geo";

/** The investigation shows every account seen on the device in the last 30 days. */
export const ACCOUNT_WINDOW_DAYS = 30;
/** Bounds of each history (the newest are shown). */
export const DEVICE_HISTORY_LIMIT = 50;
export const DEVICE_ACCOUNTS_LIMIT = 200;

export interface IntegrityCheck {
  at: Date;
  receivedAt: Date;
  appSignatureValid: boolean | null;
  emulator: boolean | null;
  rooted: boolean | null;
  hooked: boolean | null;
  /** Any of the four says the app or the device is not to be trusted. */
  tampered: boolean;
}

export interface LocationFix {
  at: Date;
  customerId: string | null;
  lat: number;
  lng: number;
  accuracyM: number | null;
  /** Great-circle distance to the store (server/risk/geo.ts, the location rule's), when known. */
  distanceKm: number | null;
}

export interface DeviceAccount {
  customerId: string;
  displayName: string | null;
  firstSeen: Date;
  lastSeen: Date;
  logins: number;
}

export interface DeviceActivity {
  deviceId: string;
  integrity: IntegrityCheck[];
  locations: LocationFix[];
  accounts: DeviceAccount[];
  /** The start of the accounts' window. */
  accountsSince: Date;
}

export async function deviceActivity(
  db: DbOrTx,
  deviceId: string,
  store: Position | null,
  now: Date = new Date(),
): Promise<DeviceActivity> {
  const since = new Date(now.getTime() - ACCOUNT_WINDOW_DAYS * 86_400_000);
  const [integrity, locations, accounts] = await Promise.all([
    db
      .select({
        at: deviceEvents.at,
        receivedAt: deviceEvents.receivedAt,
        appSignatureValid: deviceEvents.appSignatureValid,
        emulator: deviceEvents.emulator,
        rooted: deviceEvents.rooted,
        hooked: deviceEvents.hooked,
      })
      .from(deviceEvents)
      .where(and(eq(deviceEvents.deviceId, deviceId), sql`${deviceEvents.type} = 'integrity'`))
      .orderBy(desc(deviceEvents.at), desc(deviceEvents.id))
      .limit(DEVICE_HISTORY_LIMIT),
    db
      .select({
        at: deviceEvents.at,
        customerId: deviceEvents.customerId,
        lat: deviceEvents.lat,
        lng: deviceEvents.lng,
        accuracyM: deviceEvents.accuracyM,
      })
      .from(deviceEvents)
      .where(and(eq(deviceEvents.deviceId, deviceId), sql`${deviceEvents.type} = 'location'`))
      .orderBy(desc(deviceEvents.at), desc(deviceEvents.id))
      .limit(DEVICE_HISTORY_LIMIT),
    db
      .select({
        customerId: sql<string>`${deviceEvents.customerId}`,
        displayName: customers.displayName,
        firstSeen: sql<Date>`min(${deviceEvents.at})`.mapWith(deviceEvents.at),
        lastSeen: sql<Date>`max(${deviceEvents.at})`.mapWith(deviceEvents.at),
        logins: sql<number>`count(*)::int`,
      })
      .from(deviceEvents)
      .leftJoin(customers, eq(customers.customerId, deviceEvents.customerId))
      .where(
        and(
          eq(deviceEvents.deviceId, deviceId),
          sql`${deviceEvents.type} = 'login'`,
          gte(deviceEvents.at, since),
          sql`${deviceEvents.customerId} is not null`,
        ),
      )
      .groupBy(deviceEvents.customerId, customers.displayName)
      .orderBy(sql`max(${deviceEvents.at}) desc`, deviceEvents.customerId)
      .limit(DEVICE_ACCOUNTS_LIMIT),
  ]);
  return {
    deviceId,
    integrity: integrity.map((row) => ({
      ...row,
      tampered:
        row.appSignatureValid === false ||
        row.emulator === true ||
        row.rooted === true ||
        row.hooked === true,
    })),
    locations: locations.flatMap((row) =>
      row.lat === null || row.lng === null
        ? []
        : [
            {
              at: row.at,
              customerId: row.customerId,
              lat: row.lat,
              lng: row.lng,
              accuracyM: row.accuracyM,
              distanceKm: store ? distanceKm({ lat: row.lat, lng: row.lng }, store) : null,
            },
          ],
    ),
    accounts,
    accountsSince: since,
  };
}

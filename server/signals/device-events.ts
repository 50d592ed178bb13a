/**
 * Device signals from the wallet app backend (README "Device signals"): logins,
 * app-integrity results and location fixes, kept as received so that every risk signal can be
 * recomputed as of any past moment. A batch is judged event by event: the good ones are kept even
 * when others are rejected, and each rejection names the field.
 *
 * Idempotent on `eventId`, as a database constraint (as in README "One transaction per call"): the
 * same id with the same event (the same JSON value: key order and whitespace do not matter,
 * docs/protocol.md#idempotency) is accepted again without a second row; with another event it is a
 * conflict. The constraint is the primary key of `device_event_ids`, beside the events, which are
 * partitioned by month of `at` (a unique index there would have to include `at`, and the same id at
 * another time would pass it).
 *
 * Events are kept DEVICE_EVENTS_RETENTION_DAYS (README "Retention"): an event older than that is
 * refused, as it would be pruned at once.
 */
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { deviceEventIds, deviceEvents } from "@/db/schema";
import { requestHash, type JsonValue } from "../alipayplus/strict-json";
import { insertIntoMonths } from "../retention/partitions";
import { zOffsetDateTime } from "./timestamps";

export const MAX_EVENTS_PER_CALL = 1000;
/** About 2 KiB per event: room for the app's extra fields, not for an unbounded body. */
export const MAX_DEVICE_EVENTS_BODY_BYTES = 2 * 1024 * 1024;

/** The reason of an event whose id was received before with another body. */
export const CONFLICT = "conflict";

export type DeviceEventType = (typeof deviceEvents.$inferSelect)["type"];

/** The server's clock, and how many days back from it events are kept. */
export interface EventWindow {
  now: () => number;
  keptDays: number;
}

const DAY_MS = 86_400_000;

/** What the wallet app backend sends (extra fields are kept in `raw`, never rejected). */
export type DeviceEventInput =
  | { eventId: string; type: "login"; deviceId: string; at: string; customerId: string }
  | {
      eventId: string;
      type: "integrity";
      deviceId: string;
      at: string;
      appSignatureValid: boolean;
      emulator: boolean;
      rooted: boolean;
      hooked: boolean;
    }
  | {
      eventId: string;
      type: "location";
      deviceId: string;
      at: string;
      customerId: string;
      lat: number;
      lng: number;
      accuracyM: number;
    };

export interface DeviceEventsResult {
  /** Events stored now or before (a replay of the same event counts as accepted). */
  accepted: number;
  /** In the order of the batch; `index` is the event's position in `events`. */
  rejected: { index: number; reason: string }[];
}

/** The envelope: what makes a body malformed (HTTP 400) rather than an event rejected. */
export const ZDeviceEventsBody = z.object(
  {
    events: z
      .array(z.unknown(), {
        error: (issue) => (issue.input === undefined ? "is required" : "must be an array"),
      })
      .min(1, "must hold at least 1 event")
      .max(MAX_EVENTS_PER_CALL, `must hold at most ${MAX_EVENTS_PER_CALL} events`),
  },
  { error: "must be a JSON object with an events array" },
);

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : what),
});

/** Machine ids (eventId, customerId): visible ASCII, as the wallet API's customer ids. */
const ZAsciiId = z
  .string(required("must be a string"))
  .regex(/^[\x21-\x7e]{1,64}$/, "must be 1–64 printable ASCII characters");

/**
 * A device id is the wallet app's device id, also sent to Alipay+ as `env.deviceTokenId` (≤ 64,
 * docs/protocol.md#payment-context, #devices) and to the other wallet APIs, which trim it: any 1–64
 * characters without control characters or surrounding whitespace, so every device id they accept
 * fits.
 */
const ZDeviceId = z
  .string(required("must be a string"))
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .refine((id) => !/\p{Cc}/u.test(id), "must not contain control characters")
  .refine((id) => id.trim() === id, "must not start or end with whitespace");

const ZFlag = z.boolean(required("must be a boolean (true or false)"));

const ZCoordinate = (min: number, max: number) =>
  z
    .number(required("must be a number"))
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** One schema per event type, judged one by one (the wallet API's OpenAPI document shows them). */
export function eventSchemas({ now, keptDays }: EventWindow) {
  const at = zOffsetDateTime(now).refine((date) => date.getTime() >= now() - keptDays * DAY_MS, {
    message: `is older than the ${keptDays} days device events are kept`,
  });
  const base = { eventId: ZAsciiId, deviceId: ZDeviceId, at };
  return {
    login: z.object({ ...base, type: z.literal("login"), customerId: ZAsciiId }),
    integrity: z.object({
      ...base,
      type: z.literal("integrity"),
      appSignatureValid: ZFlag,
      emulator: ZFlag,
      rooted: ZFlag,
      hooked: ZFlag,
    }),
    location: z.object({
      ...base,
      type: z.literal("location"),
      customerId: ZAsciiId,
      lat: ZCoordinate(-90, 90),
      lng: ZCoordinate(-180, 180),
      accuracyM: z.number(required("must be a number")).min(0, "must be at least 0"),
    }),
  };
}

type Row = typeof deviceEvents.$inferInsert & { eventId: string; eventHash: string; at: Date };

type Judged = { ok: true; row: Row } | { ok: false; reason: string };

/** One event → its row, or the reason it is refused ("lat: must be between -90 and 90"). */
export function judgeDeviceEvent(event: unknown, window: EventWindow): Judged {
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    return { ok: false, reason: "event: must be a JSON object" };
  }
  const { type } = event as { type?: unknown };
  if (type !== "login" && type !== "integrity" && type !== "location") {
    return {
      ok: false,
      reason: `type: ${type === undefined ? "is required" : "must be login, integrity or location"}`,
    };
  }
  const parsed = eventSchemas(window)[type].safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `${issue?.path.map(String).join(".") || "event"}: ${issue?.message ?? "is invalid"}`,
    };
  }
  const e = parsed.data;
  const raw = event as JsonValue;
  const common = {
    eventId: e.eventId,
    eventHash: requestHash(raw),
    type: e.type,
    deviceId: e.deviceId,
    at: e.at,
    raw,
  };
  switch (e.type) {
    case "login":
      return { ok: true, row: { ...common, customerId: e.customerId } };
    case "integrity":
      return {
        ok: true,
        row: {
          ...common,
          appSignatureValid: e.appSignatureValid,
          emulator: e.emulator,
          rooted: e.rooted,
          hooked: e.hooked,
        },
      };
    case "location":
      return {
        ok: true,
        row: {
          ...common,
          customerId: e.customerId,
          lat: e.lat,
          lng: e.lng,
          accuracyM: e.accuracyM,
        },
      };
  }
}

/**
 * Stores a batch: each valid event once, then tells a replay from a conflict by the stored hash.
 * As if the events had come one after the other: under an id stored before, that event decides;
 * under a new id, the batch's first event with it is stored and decides for the later ones.
 *
 * One transaction inserts the ids (`INSERT … ON CONFLICT (event_id) DO NOTHING`) and the events
 * whose ids it inserted, so an id is never stored without its event. A concurrent request
 * inserting the same id waits for that row's commit (the primary key), so the SELECT after it
 * always finds the winner's committed row. Ids go in sorted, so two batches that share ids wait
 * for each other in one order and never deadlock.
 */
export async function recordDeviceEvents(
  db: Db,
  events: readonly unknown[],
  window: EventWindow,
): Promise<DeviceEventsResult> {
  const rejected: DeviceEventsResult["rejected"] = [];
  /** Per id: the batch's first valid event with it, and every valid event with it (first included). */
  const byId = new Map<string, { first: Row; members: { index: number; hash: string }[] }>();

  events.forEach((event, index) => {
    const judged = judgeDeviceEvent(event, window);
    if (!judged.ok) return void rejected.push({ index, reason: judged.reason });
    const member = { index, hash: judged.row.eventHash };
    const group = byId.get(judged.row.eventId);
    if (group) group.members.push(member);
    else byId.set(judged.row.eventId, { first: judged.row, members: [member] });
  });

  const storedHash = new Map<string, string>();
  let pending = [...byId.values()]
    .map((group) => group.first)
    .sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  // A stored event that vanishes between the INSERT and the SELECT (a retention purge) is
  // inserted again: a bounded retry, never an answer about a row that does not exist.
  for (let attempt = 0; pending.length > 0 && attempt < 3; attempt++) {
    for (const row of await storeNew(db, pending)) storedHash.set(row.eventId, row.eventHash);
    const others = pending.filter((row) => !storedHash.has(row.eventId));
    if (others.length === 0) break;
    const stored = await db
      .select({ eventId: deviceEventIds.eventId, eventHash: deviceEventIds.eventHash })
      .from(deviceEventIds)
      .where(
        inArray(
          deviceEventIds.eventId,
          others.map((row) => row.eventId),
        ),
      );
    for (const row of stored) storedHash.set(row.eventId, row.eventHash);
    pending = others.filter((row) => !storedHash.has(row.eventId));
  }

  for (const [eventId, { members }] of byId) {
    const hash = storedHash.get(eventId);
    if (hash === undefined) throw new Error(`device event ${eventId} could not be stored`);
    for (const member of members) {
      if (member.hash !== hash) rejected.push({ index: member.index, reason: CONFLICT });
    }
  }
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: events.length - rejected.length, rejected };
}

/** Inserts the rows whose ids are new, with their ids; answers the ids it inserted. */
function storeNew(db: Db, rows: Row[]): Promise<{ eventId: string; eventHash: string }[]> {
  const times = rows.map((row) => row.at.getTime());
  const range: [Date, Date] = [new Date(Math.min(...times)), new Date(Math.max(...times))];
  return insertIntoMonths(db, "device_events", range, () =>
    db.transaction(async (tx) => {
      const inserted = await tx
        .insert(deviceEventIds)
        .values(rows.map(({ eventId, eventHash, at }) => ({ eventId, eventHash, at })))
        .onConflictDoNothing({ target: deviceEventIds.eventId })
        .returning({ eventId: deviceEventIds.eventId, eventHash: deviceEventIds.eventHash });
      const fresh = new Set(inserted.map((row) => row.eventId));
      const events = rows
        .filter((row) => fresh.has(row.eventId))
        .map(({ eventHash: _hash, ...event }) => event);
      if (events.length > 0) await tx.insert(deviceEvents).values(events);
      return inserted;
    }),
  );
}

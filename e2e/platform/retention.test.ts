/**
 * Retention (README "Retention") on a database of its own: whole months of inbound calls and
 * device events dropped once older than the days kept, the horizon raised before, the months ahead
 * made, device event ids, launch-token uses and sign-in failures deleted by age; several runs at
 * once never prune twice, and a reader holding device events keeps its months until it ends.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundCalls, launchTokenUses, staffSignInFailures } from "@/db/schema";
import { recordInboundCall } from "@/server/call-log/record-inbound-call";
import { ensureMonthPartitions, monthPartitions, monthStart } from "@/server/retention/partitions";
import { keptSince, runRetention, type RetentionSettings } from "@/server/retention/retention";
import { recordDeviceEvents } from "@/server/signals/device-events";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";
import { loginEvent } from "../fixtures/signals";

const DAY = 86_400_000;
const SETTINGS: RetentionSettings = {
  inboundCallsDays: 180,
  deviceEventsDays: 90,
  launchTokenUsesDays: 7,
  signInFailuresDays: 30,
};

let database: IsolatedDatabase;
beforeAll(async () => {
  database = await createIsolatedDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

const ago = (days: number, from = new Date()) => new Date(from.getTime() - days * DAY);

function call(receivedAt: Date, paymentRequestId: string) {
  return recordInboundCall(database.db, {
    receivedAt,
    method: "POST",
    path: "/aps/api/v1/payments/pay",
    headers: {},
    rawBody: "{}",
    signatureVerdict: "VALID",
    httpStatus: 200,
    latencyMs: 1,
    paymentRequestId,
  });
}

/** Device events as the wallet API stores them, with their ids (kept 400 days, to load the past). */
function events(atDaysAgo: number[], now: Date) {
  const sent = atDaysAgo.map((days) => loginEvent({ at: ago(days, now).toISOString() }));
  return recordDeviceEvents(database.db, sent, { now: () => now.getTime(), keptDays: 400 }).then(
    () => sent,
  );
}

async function remaining(table: "inbound_calls" | "device_events" | "device_event_ids") {
  const rows = await database.db.execute<{ at: string }>(
    sql.raw(
      table === "inbound_calls"
        ? "select received_at as at from inbound_calls order by 1"
        : `select at from ${table} order by 1`,
    ),
  );
  return rows.map((row) => new Date(row.at).getTime());
}

describe("runRetention", () => {
  it("drops the months older than the days kept, and deletes by age what is not partitioned", async () => {
    const { db, url } = database;
    const now = new Date();
    // Calls and events from 300 days ago to now: their months are made as the rows come in.
    for (const [i, days] of [300, 200, 181, 150, 10, 0].entries())
      await call(ago(days, now), `P${i}`);
    const sent = await events([300, 120, 95, 60, 1], now);
    await db.insert(launchTokenUses).values([
      { jti: "expired-long-ago", customerId: "C", usedAt: ago(9, now), expiresAt: ago(8, now) },
      { jti: "expired-lately", customerId: "C", usedAt: ago(3, now), expiresAt: ago(3, now) },
    ]);
    await db.insert(staffSignInFailures).values([
      { email: "old@plusdesk.test", clientAddress: "198.51.100.1", at: ago(31, now) },
      { email: "new@plusdesk.test", clientAddress: "198.51.100.1", at: ago(29, now) },
    ]);
    expect(await keptSince(db, "device_events")).toBeNull();

    const run = await runRetention(url, SETTINGS, now);

    // Every month that ended before the cutoff is gone; the cutoff's month is kept whole.
    const callsFrom = monthStart(ago(180, now));
    const eventsFrom = monthStart(ago(90, now));
    for (const [table, from] of [
      ["inbound_calls", callsFrom],
      ["device_events", eventsFrom],
    ] as const) {
      const months = await monthPartitions(db, table);
      expect(months[0]!.start).toEqual(from);
      // The months ahead exist before any row needs them.
      expect(months.at(-1)!.start).toEqual(monthStart(now, 2));
      expect(await keptSince(db, table)).toEqual(from);
      expect(
        run!.partitionsDropped.filter((name) => name.startsWith(table)).length,
      ).toBeGreaterThan(0);
    }
    expect(await remaining("inbound_calls")).toEqual(
      [300, 200, 181, 150, 10, 0]
        .map((days) => ago(days, now).getTime())
        .filter((t) => t >= callsFrom.getTime()),
    );
    const keptEvents = [300, 120, 95, 60, 1]
      .map((days) => ago(days, now).getTime())
      .filter((t) => t >= eventsFrom.getTime());
    expect(await remaining("device_events")).toEqual(keptEvents);
    // An id is forgotten with its event, not before.
    expect(await remaining("device_event_ids")).toEqual(keptEvents);
    expect(run!.deleted).toEqual({
      deviceEventIds: 5 - keptEvents.length,
      launchTokenUses: 1,
      signInFailures: 1,
    });
    expect((await db.select().from(launchTokenUses)).map((u) => u.jti)).toEqual(["expired-lately"]);
    expect((await db.select().from(staffSignInFailures)).map((f) => f.email)).toEqual([
      "new@plusdesk.test",
    ]);

    // A kept event sent again is still recognised: accepted, no second row.
    const kept = sent.at(-1)!;
    const replay = await recordDeviceEvents(db, [kept], { now: Date.now, keptDays: 90 });
    expect(replay).toEqual({ accepted: 1, rejected: [] });
    expect(await remaining("device_events")).toEqual(keptEvents);

    // Nothing more to do the second time.
    expect(await runRetention(url, SETTINGS, now)).toEqual({
      partitionsCreated: 0,
      partitionsDropped: [],
      deleted: { deviceEventIds: 0, launchTokenUses: 0, signInFailures: 0 },
    });
  });

  it("skips the round while another instance holds the lock, and never prunes a month twice", async () => {
    const { db, sql: session, url } = database;
    const now = new Date();
    await ensureMonthPartitions(db, "inbound_calls", ago(400, now), now);
    // A run interrupted after detaching a month and before dropping it left this one behind.
    const leftover = `inbound_calls_${ago(400, now).toISOString().slice(0, 7).replace("-", "_")}`;
    await db.execute(sql`alter table inbound_calls detach partition ${sql.identifier(leftover)}`);
    const held = await session.reserve();
    try {
      await held`select pg_advisory_lock(hashtextextended('retention', 0))`;
      expect(await runRetention(url, SETTINGS, now)).toBeNull();
    } finally {
      await held`select pg_advisory_unlock(hashtextextended('retention', 0))`;
      held.release();
    }
    const runs = await Promise.all([1, 2, 3].map(() => runRetention(url, SETTINGS, now)));
    const dropped = runs.flatMap((run) => run?.partitionsDropped ?? []);
    expect(dropped.length).toBeGreaterThan(0);
    expect(new Set(dropped).size).toBe(dropped.length);
    expect(dropped).toContain(leftover);
    const [gone] = await db.execute<{ table: string | null }>(
      sql`select to_regclass(${leftover})::text as table`,
    );
    expect(gone?.table).toBeNull();
    expect((await monthPartitions(db, "inbound_calls"))[0]!.start).toEqual(
      monthStart(ago(180, now)),
    );
  });

  it("waits for a reader holding device events before dropping its month, horizon raised first", async () => {
    const { db, sql: session, url } = database;
    const now = new Date();
    await events([150], now);
    await db.execute(sql`delete from retention_horizons where table_name = 'device_events'`);
    const reader = await session.reserve();
    let dropped = false;
    try {
      await reader`begin isolation level repeatable read read only`;
      await reader`lock table device_events in access share mode`;
      const pruning = runRetention(url, SETTINGS, now).then((run) => {
        dropped = true;
        return run;
      });
      // The horizon moves at once; the month itself stays while the reader's transaction lasts.
      await expect.poll(() => keptSince(db, "device_events")).toEqual(monthStart(ago(90, now)));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(dropped).toBe(false);
      const [row] = await reader<{ n: number }[]>`select count(*)::int as n from device_events`;
      expect(row!.n).toBeGreaterThan(0);
      await reader`commit`;
      const run = await pruning;
      expect(run!.partitionsDropped).toContain(
        `device_events_${ago(150, now).toISOString().slice(0, 7).replace("-", "_")}`,
      );
    } finally {
      await reader`rollback`; // a no-op after the commit; ends the transaction if it failed first
      reader.release();
    }
  });
});

describe("inserts into a month that was not made yet", () => {
  it("make the month and store the row", async () => {
    const { db } = database;
    const far = new Date(Date.UTC(new Date().getUTCFullYear() + 3, 5, 15));
    await call(far, "P-FUTURE");
    const [row] = await db
      .select({ receivedAt: inboundCalls.receivedAt })
      .from(inboundCalls)
      .where(sql`${inboundCalls.paymentRequestId} = 'P-FUTURE'`);
    expect(row?.receivedAt).toEqual(far);
  });
});

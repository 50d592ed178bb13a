/**
 * Retention (README "Retention") on a database of its own: whole months of inbound calls and
 * device events dropped once older than the days kept, the horizon raised before, the months ahead
 * made, device event ids, launch-token uses and sign-in failures deleted by age; several runs at
 * once never prune twice; a month a reader holds waits for the next round, and the app's role
 * has no DDL but the two month functions.
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
      partitionsBusy: [],
      deleted: { deviceEventIds: 0, launchTokenUses: 0, signInFailures: 0 },
    });
  });

  it("skips the round while another instance holds the lock, and never prunes a month twice", async () => {
    const { db, sql: session, url } = database;
    const now = new Date();
    await ensureMonthPartitions(db, "inbound_calls", ago(400, now), now);
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
    expect((await monthPartitions(db, "inbound_calls"))[0]!.start).toEqual(
      monthStart(ago(180, now)),
    );
  });

  it("leaves a month a reader holds for the next round, horizon raised first; payments are not held up", async () => {
    const { db, sql: session, url } = database;
    const now = new Date();
    await events([150], now);
    const month = `device_events_${ago(150, now).toISOString().slice(0, 7).replace("-", "_")}`;
    await db.execute(sql`delete from retention_horizons where table_name = 'device_events'`);
    const reader = await session.reserve();
    try {
      await reader`begin isolation level repeatable read read only`;
      await reader`select count(*) from device_events`;
      const started = Date.now();
      const run = await runRetention(url, SETTINGS, now);
      // The drop waited 1 s for the reader, no more, and left the month.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run!.partitionsBusy).toContain(month);
      expect(run!.partitionsDropped).not.toContain(month);
      expect(await keptSince(db, "device_events")).toEqual(monthStart(ago(90, now)));
      const [row] = await reader<{ n: number }[]>`select count(*)::int as n from device_events`;
      expect(row!.n).toBeGreaterThan(0);
      // Meanwhile the table takes new events: nothing waits behind the failed drop.
      await events([0], now);
      await reader`commit`;
      const next = await runRetention(url, SETTINGS, now);
      expect(next!.partitionsDropped).toContain(month);
      expect(next!.partitionsBusy).toEqual([]);
    } finally {
      await reader`rollback`; // a no-op after the commit; ends the transaction if it failed first
      reader.release();
    }
  });
});

describe("the app's role", () => {
  /** What Postgres answered, under Drizzle's wrapper. */
  const refusal = (statement: Promise<unknown>) =>
    statement.then(
      () => "done",
      (error: { cause?: { message?: string } }) => error.cause?.message,
    );

  it("makes and drops months only through the two functions, on those two tables only", async () => {
    const { db } = database;
    expect(
      await refusal(db.execute(sql`create table inbound_calls_2001_01 (like inbound_calls)`)),
    ).toMatch(/permission denied/);
    expect(
      await refusal(
        db.execute(sql`select drop_month_partition('payments'::regclass, 'payments_2001_01')`),
      ),
    ).toBe("payments_2001_01 is not a month of payments");
    expect(
      await refusal(
        db.execute(sql`select drop_month_partition('inbound_calls'::regclass, 'payments')`),
      ),
    ).toBe("payments is not a month of inbound_calls");
    expect(
      await refusal(
        db.execute(sql`select ensure_month_partitions('payments'::regclass, now(), now())`),
      ),
    ).toBe("payments is not partitioned by month");
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

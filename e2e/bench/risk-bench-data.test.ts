/**
 * `npm run bench:risk`'s loader (server/cli/bench-risk-data.ts) on a tiny size: the row counts
 * asked for, sets side by side that never share a row, and every timestamp inside the set's span.
 * It loads into a database of its own on the suite's server (created and dropped here), so the
 * suite's payments, events and backtest windows never see bench rows.
 */
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import { countRiskBenchSet, loadRiskBenchSet, shapeOf } from "@/server/cli/bench-risk-data";
import { applyMigrations } from "@/server/platform/migrate";

// Created, migrated and loaded as the owner role, as the benchmark does on a cluster of its own.
const suiteUrl = process.env.DATABASE_MIGRATION_URL;
if (!suiteUrl) throw new Error("DATABASE_MIGRATION_URL is not set: run the suite with `npm test`");
const name = `plusdesk_bench_data_${process.pid}_${Date.now()}`;
const url = Object.assign(new URL(suiteUrl), { pathname: `/${name}` }).toString();
const admin = postgres(suiteUrl, { max: 1, onnotice: () => undefined });
let database: ReturnType<typeof createDb>;

const anchor = new Date("2026-11-20T12:00:00Z");
const SET_A = { prefix: "A", events: 1000, payments: 1000, perSubject: 20, spanDays: 90, anchor };
const SET_B = { ...SET_A, prefix: "B", events: 300, payments: 200 };

beforeAll(async () => {
  await admin.unsafe(`create database "${name}"`);
  await applyMigrations(url);
  database = createDb(url, { max: 2 });
  await loadRiskBenchSet(database.db, SET_A);
  await loadRiskBenchSet(database.db, SET_B);
}, 120_000);

afterAll(async () => {
  await database?.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

describe("the risk bench loader", () => {
  it("loads the rows asked for, per set", async () => {
    const shape = shapeOf(SET_A);
    expect(shape).toMatchObject({ customers: 50, devices: 50, stores: 10, promos: 20 });
    const a = await countRiskBenchSet(database.db, "A");
    expect(a).toMatchObject({
      customers: 50,
      stores: 10,
      deviceEvents: 1000,
      payments: 1000,
      // One BLOCK customer and one ALLOW device (every 200th); 3 merchants: none blocked.
      listEntries: 2,
    });
    // 0, 1 or 2 promotions per payment (20/70/10 %): 900 expected; refunds about 10 %.
    expect(a.paymentPromotions).toBeGreaterThan(800);
    expect(a.paymentPromotions).toBeLessThan(1000);
    expect(a.refunds).toBeGreaterThan(50);
    expect(a.refunds).toBeLessThan(150);

    const b = await countRiskBenchSet(database.db, "B");
    expect(b).toMatchObject({ customers: 10, deviceEvents: 300, payments: 200 });
  });

  it("keeps each set's rows to its own customers, devices, stores and promo ids", async () => {
    const [row] = await database.db.execute<{ crossing: number }>(sql`
      select (select count(*)::int from payments
               where payment_id like 'A-%'
                 and (customer_id not like 'A-C-%' or device_token_id not like 'A-D-%'
                      or reference_store_id not like 'A-S-%'))
           + (select count(*)::int from payment_promotions
               where payment_id like 'A-%' and promo_id not like 'A-PROMO-%')
           + (select count(*)::int from device_events
               where event_id like 'A-%'
                 and (device_id not like 'A-D-%' or customer_id not like 'A-C-%'))
           + (select count(*)::int from refunds r join payments p using (payment_id)
               where r.refund_id like 'A-%' and p.payment_id not like 'A-%') as crossing`);
    expect(row?.crossing).toBe(0);
  });

  it("spreads history over the span before the anchor, refunds after their payment", async () => {
    const [row] = await database.db.execute<{ outside: number; devices: number }>(sql`
      select (select count(*)::int from payments
               where received_at > ${anchor.toISOString()}::timestamptz
                  or received_at < ${anchor.toISOString()}::timestamptz - interval '90 days')
           + (select count(*)::int from device_events
               where at > ${anchor.toISOString()}::timestamptz
                  or at < ${anchor.toISOString()}::timestamptz - interval '90 days')
           + (select count(*)::int from refunds r join payments p using (payment_id)
               where r.refund_time < p.received_at
                  or r.refund_time > ${anchor.toISOString()}::timestamptz) as outside,
             (select count(distinct device_id)::int from device_events
               where event_id like 'A-%') as devices`);
    expect(row?.outside).toBe(0);
    // About 20 events per device: every one of the 50 devices has some.
    expect(row?.devices).toBe(50);
  });
});

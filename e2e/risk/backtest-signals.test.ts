/**
 * Backtests read the event signals of a whole page of payments with one statement
 * (`readEventSignals`); a live decision reads one payment's (`readSignals`). For every subject and
 * every set of windows both must see exactly the same values, or a backtest would not say what
 * the rules would have done. Checked on varied data (the bench loader's mix, packed into a few
 * days so windows of hours and days hold something) plus hand-made edges: events exactly at the
 * window's bounds, sub-millisecond times, ties, repeated and missing promo ids, no device. Then a
 * backtest paged and pipelined differently must report the same. On a database of its own (the
 * loader's rows must not reach the suite's windows).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, deviceEvents, paymentPromotions, payments } from "@/db/schema";
import { vacuumAnalyze } from "@/server/cli/bench-kit";
import { loadRiskBenchSet, recordDecisionsFor } from "@/server/cli/bench-risk-data";
import { backtest } from "@/server/risk/backtest";
import { judge, subjectOf } from "@/server/risk/judge";
import type { RuleSetConfig } from "@/server/risk/rule-config";
import {
  createDraft,
  discardDraft,
  liveVersion,
  publishedConfig,
  ruleSetConfig,
  updateDraft,
} from "@/server/risk/rule-sets";
import {
  readEventSignals,
  readSignals,
  type EventSignals,
  type RiskSignals,
  type SignalRequest,
  type SignalWindows,
} from "@/server/risk/signals";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";

let database: IsolatedDatabase;
const anchor = new Date("2026-11-20T12:00:00Z");
/** A payment's moment with microseconds: a Date (and so the window's end) keeps milliseconds. */
const EDGE_AT = "2026-11-19T12:00:00.123456Z";
const edgeAt = new Date(EDGE_AT);
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await createIsolatedDatabase();
  const { db } = database;
  // 1,000 payments of 100 customers, 2,000 events on 100 devices, over 3 days.
  await loadRiskBenchSet(db, {
    prefix: "T",
    events: 2000,
    payments: 1000,
    perSubject: 10,
    spanDays: 3,
    anchor,
  });
  const edgePayments = [
    ["EDGE-P0", "EDGE-C1", "EDGE-D1", "2026-11-18T12:00:00.123Z"],
    ["EDGE-P1", "EDGE-C1", "EDGE-D1", "2026-11-19T12:00:00.123Z"],
    ["EDGE-P2", "EDGE-C2", "EDGE-D1", "2026-11-19T11:00:00Z"],
    ["EDGE-P3", "EDGE-C3", null, "2026-11-19T10:00:00Z"],
  ] as const;
  await db.insert(customers).values(
    ["EDGE-C1", "EDGE-C2", "EDGE-C3"].map((customerId) => ({
      customerId,
      displayName: customerId,
      status: "ACTIVE" as const,
      kycStatus: "VERIFIED" as const,
    })),
  );
  await db.insert(payments).values(
    edgePayments.map(([paymentId, customerId, deviceId, at]) => ({
      paymentId,
      paymentRequestId: `${paymentId}-R`,
      status: "SUCCESS" as const,
      resultCode: "SUCCESS",
      customerId,
      deviceTokenId: deviceId ?? undefined,
      receivedAt: new Date(at),
    })),
  );
  // Raw timestamps (microseconds) go in as SQL text: a Date would round them.
  await db.execute(
    sql`update payments set received_at = ${EDGE_AT}::timestamptz where payment_id = 'EDGE-P1'`,
  );
  await db.insert(paymentPromotions).values(
    [
      ["EDGE-P1", 0, "EDGE-PROMO"],
      ["EDGE-P1", 1, "EDGE-PROMO"],
      ["EDGE-P1", 2, null],
      ["EDGE-P0", 0, "EDGE-PROMO"],
      ["EDGE-P2", 0, "EDGE-PROMO"],
      ["EDGE-P3", 0, "EDGE-PROMO"],
    ].map(([paymentId, position, promoId]) => ({
      paymentId: paymentId as string,
      position: position as number,
      promoId: (promoId as string | null) ?? undefined,
      amountMinor: 100n,
      currency: "KRW",
      walletAmountMinor: 100n,
      walletCurrency: "KRW",
      conversion: "SAME_CURRENCY" as const,
      raw: {},
    })),
  );
  const event = (
    eventId: string,
    type: "login" | "integrity" | "location",
    at: string,
    fields: Partial<typeof deviceEvents.$inferInsert> = {},
  ) => ({
    eventId,
    type,
    deviceId: "EDGE-D1",
    at: new Date(at),
    raw: {},
    ...fields,
  });
  const ms = edgeAt.toISOString(); // the window's end: the payment's moment cut to milliseconds
  await db.insert(deviceEvents).values([
    // Exactly 24 h before the window's end (inclusive), and just after it (outside).
    event("EDGE-E1", "login", new Date(edgeAt.getTime() - 24 * HOUR).toISOString(), {
      customerId: "EDGE-C2",
    }),
    event("EDGE-E2", "login", ms, { customerId: "EDGE-C3" }),
    event("EDGE-E3", "login", ms, { customerId: "EDGE-C4" }),
    event("EDGE-E4", "integrity", ms, {
      appSignatureValid: true,
      emulator: false,
      rooted: false,
      hooked: false,
    }),
    // Same moment: the later row wins.
    event("EDGE-E5", "integrity", ms, {
      appSignatureValid: false,
      emulator: true,
      rooted: false,
      hooked: false,
    }),
    event("EDGE-E6", "location", ms, {
      customerId: "EDGE-C1",
      lat: 35.6,
      lng: 139.7,
      accuracyM: 10,
    }),
  ]);
  // Events between the window's end (ms) and the payment's own time (µs): outside the window.
  await db.execute(sql`
    insert into device_events (event_id, type, device_id, customer_id, at, raw)
    values ('EDGE-E7', 'login', 'EDGE-D1', 'EDGE-C5', ${EDGE_AT}::timestamptz, '{}'),
           ('EDGE-E8', 'location', 'EDGE-D1', 'EDGE-C1', ${EDGE_AT}::timestamptz, '{}')`);
  // Statistics are the tables' owner's to gather.
  await vacuumAnalyze(database.migrationUrl);
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

const WINDOWS: SignalWindows[] = [
  { redemptionDays: 30, farmingDays: 7, refundDays: 30, loginHours: 24 },
  { redemptionDays: 1, farmingDays: 1, refundDays: 1, loginHours: 1 },
  { redemptionDays: 2, farmingDays: 3, refundDays: 1, loginHours: 6 },
];

type StoredRow = {
  paymentId: string;
  receivedAt: string;
  customerId: string;
  deviceId: string | null;
  promoIds: (string | null)[] | null;
};

/** Every stored payment as a backtest asks about it, and made-up moments for other subjects. */
async function subjects(): Promise<SignalRequest["subject"][]> {
  const rows = await database.db.execute<StoredRow>(sql`
    select p.payment_id as "paymentId", p.received_at as "receivedAt", p.customer_id as "customerId",
           p.device_token_id as "deviceId",
           (select array_agg(pp.promo_id order by pp.position) from payment_promotions pp
             where pp.payment_id = p.payment_id) as "promoIds"
      from payments p order by p.payment_id`);
  const stored = rows.map((row) => ({
    at: new Date(row.receivedAt),
    customerId: row.customerId,
    deviceId: row.deviceId ?? undefined,
    promoIds: (row.promoIds ?? []).filter((id): id is string => id !== null),
    referenceMerchantId: undefined,
    referenceStoreId: undefined,
    excludePaymentId: row.paymentId,
  }));
  // The same customers and devices at other moments, with nothing to exclude.
  const others = stored.slice(0, 200).map((s, i) => ({
    ...s,
    at: new Date(anchor.getTime() - i * 997_000),
    deviceId: i % 7 === 0 ? "T-D-9999999" : s.deviceId,
    excludePaymentId: undefined,
  }));
  return [...stored, ...others];
}

const eventPart = (s: Awaited<ReturnType<typeof readSignals>>): EventSignals => ({
  redemptions: s.redemptions,
  farmingOtherCustomers: s.farmingOtherCustomers,
  refundedPromotedPayments: s.refundedPromotedPayments,
  integrity: s.integrity,
  location: s.location,
  loginOtherCustomers: s.loginOtherCustomers,
});

describe("set-based event signals", () => {
  it("equal the per-payment signals for every subject and set of windows", async () => {
    const { db } = database;
    const requests = (await subjects()).flatMap((subject) =>
      WINDOWS.map((windows) => ({ subject, windows })),
    );
    const batch = await readEventSignals(db, requests);
    expect(batch).toHaveLength(requests.length);
    const single: EventSignals[] = [];
    for (const request of requests) {
      single.push(eventPart(await readSignals(db, request.subject, request.windows)));
    }
    expect(batch).toEqual(single);

    // The data exercises every signal: otherwise equality would prove little.
    const seen = (pick: (s: EventSignals) => boolean) => single.filter(pick).length;
    expect(seen((s) => Object.values(s.redemptions).some((n) => n > 0))).toBeGreaterThan(20);
    expect(seen((s) => (s.farmingOtherCustomers ?? 0) > 0)).toBeGreaterThan(20);
    expect(seen((s) => s.farmingOtherCustomers === null)).toBeGreaterThan(20);
    expect(seen((s) => s.refundedPromotedPayments > 0)).toBeGreaterThan(20);
    expect(seen((s) => s.integrity !== null)).toBeGreaterThan(20);
    expect(seen((s) => s.integrity === null)).toBeGreaterThan(0);
    expect(seen((s) => s.location !== null)).toBeGreaterThan(20);
    expect(seen((s) => (s.loginOtherCustomers ?? 0) > 0)).toBeGreaterThan(20);
    // More history in longer windows.
    const [wide, narrow] = [0, 1].map((w) =>
      single.filter(
        (_, i) => i % WINDOWS.length === w && (single[i]!.loginOtherCustomers ?? 0) > 0,
      ),
    );
    expect(wide!.length).toBeGreaterThan(narrow!.length);
  });

  it("count the window's bounds as docs/protocol.md#risk-rules says, the same way in both", async () => {
    const { db } = database;
    const subject = {
      at: edgeAt,
      customerId: "EDGE-C1",
      deviceId: "EDGE-D1",
      promoIds: ["EDGE-PROMO", "EDGE-PROMO"],
      referenceMerchantId: undefined,
      referenceStoreId: undefined,
      excludePaymentId: "EDGE-P1",
    };
    const windows = WINDOWS[0]!;
    const [batch] = await readEventSignals(db, [{ subject, windows }]);
    const single = eventPart(await readSignals(db, subject, windows));
    expect(batch).toEqual(single);
    expect(single).toMatchObject({
      // EDGE-P0 a day before; EDGE-P1 itself excluded.
      redemptions: { "EDGE-PROMO": 1 },
      // EDGE-P2 (another customer) on the device; EDGE-P3 had no device.
      farmingOtherCustomers: 1,
      // EDGE-C2 exactly 24 h before, EDGE-C3 and EDGE-C4 at the window's end; not EDGE-C5, after it.
      loginOtherCustomers: 3,
      integrity: { appSignatureValid: false, emulator: true },
      location: { lat: 35.6, lng: 139.7, accuracyM: 10 },
    });
  });
});

describe("a backtest", () => {
  it("reports what judging each payment on its own concludes, whatever its paging", async () => {
    const { db } = database;
    // Every loaded payment gets a recorded decision (its state signals), as live payments would.
    await db.execute(
      recordDecisionsFor(sql`p.payment_id like 'T-%' and p.payment_id not like '%9'`),
    );
    const live = await liveVersion(db);
    const draft = await createDraft(db, "test");
    // Half the promo ids under a campaign with other windows and thresholds: a payment with one
    // promotion on each side is judged in two groups, with two sets of windows.
    await updateDraft(db, draft.version, {
      ...draft.config,
      campaigns: [
        {
          name: "narrow",
          promoIdPrefix: "T-PROMO-000000",
          rules: {
            repeatRedemption: { minPriorRedemptions: 1, windowDays: 1 },
            deviceFarming: { minCustomers: 2, windowDays: 2 },
            sharedDevice: { minCustomers: 2, windowHours: 6 },
            promoThenRefund: { minRefundedPayments: 1, windowDays: 1 },
          },
        },
      ],
    });
    const window = { from: new Date(anchor.getTime() - 4 * 24 * HOUR), to: anchor };
    const runs = [
      { pageSize: 5000, concurrency: 1 },
      { pageSize: 7, concurrency: 3 },
      { pageSize: 100, concurrency: 2, changedLimit: 5 },
    ];
    // What judging each payment on its own, with the per-payment signal statement, concludes.
    const expected = await judgedOneByOne(
      [await publishedConfig(db, live), await ruleSetConfig(db, draft.version)],
      window,
    );
    const reports = [];
    for (const run of runs) {
      const { durationMs: _ms, ...report } = await backtest(db, {
        version: draft.version,
        against: live,
        ...window,
        ...run,
      });
      reports.push(report);
    }
    await discardDraft(db, draft.version);
    const [whole, paged, limited] = reports;
    const [stored] = await db.execute<{ all: number; decided: number }>(sql`
      select count(*)::int as "all", count(d.payment_id)::int as "decided"
        from payments p left join risk_decisions d on d.payment_id = p.payment_id
       where p.received_at between ${window.from.toISOString()}::timestamptz
                               and ${window.to.toISOString()}::timestamptz`);
    expect(stored!.decided).toBeGreaterThan(800);
    expect(whole).toMatchObject({
      payments: stored!.all,
      undecided: stored!.all - stored!.decided,
    });
    expect(whole!.baseline.outcomes).toEqual(expected.outcomes[0]);
    expect(whole!.candidate.outcomes).toEqual(expected.outcomes[1]);
    expect(whole!.changed.map((c) => c.paymentId)).toEqual(expected.changed.slice(0, 100));
    expect(whole!.changedTotal).toBe(expected.changed.length);
    expect(whole!.changedTotal).toBeGreaterThan(5);
    expect(paged).toEqual(whole);
    expect(limited).toEqual({ ...whole, changed: whole!.changed.slice(0, 5) });
    // Changed payments are listed oldest first.
    const times = whole!.changed.map((c) => c.receivedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe("a backtest after retention", () => {
  it("reports the part of the window older than the kept device events as undecided", async () => {
    const { db } = database;
    const live = await liveVersion(db);
    const window = { from: new Date(anchor.getTime() - 4 * 24 * HOUR), to: anchor };
    // As retention records it before dropping the months before it.
    const horizon = new Date(anchor.getTime() - 36 * HOUR);
    await db.execute(sql`insert into retention_horizons (table_name, kept_since)
                         values ('device_events', ${horizon.toISOString()}::timestamptz)`);
    try {
      const report = await backtest(db, { version: live, against: live, ...window });
      const [stored] = await db.execute<{
        all: number;
        before: number;
        undecidedAfter: number;
      }>(sql`
        select count(*)::int as "all",
               count(*) filter (where p.received_at < ${horizon.toISOString()}::timestamptz)::int
                 as "before",
               count(*) filter (where p.received_at >= ${horizon.toISOString()}::timestamptz
                                  and not exists (select 1 from risk_decisions d
                                                   where d.payment_id = p.payment_id))::int
                 as "undecidedAfter"
          from payments p
         where p.received_at between ${window.from.toISOString()}::timestamptz
                                 and ${window.to.toISOString()}::timestamptz`);
      expect(stored!.before).toBeGreaterThan(100);
      expect(report).toMatchObject({
        payments: stored!.all,
        eventsKeptSince: horizon,
        undecidedBeforeEventsKept: stored!.before,
        undecided: stored!.before + stored!.undecidedAfter,
      });
      const judged = Object.values(report.baseline.outcomes).reduce((a, b) => a + b, 0);
      expect(judged).toBe(stored!.all - report.undecided);
    } finally {
      await db.execute(sql`delete from retention_horizons`);
    }
  });
});

type JudgedRow = {
  paymentId: string;
  receivedAt: string;
  customerId: string;
  deviceId: string | null;
  merchantId: string | null;
  storeId: string | null;
  merchantMcc: string | null;
  storeMcc: string | null;
  inStore: boolean | null;
  promoIds: (string | null)[] | null;
  recorded: Pick<RiskSignals, "customer" | "lists" | "store"> | null;
};

/** The backtest's outcomes computed the slow way: one payment, one signal statement at a time. */
async function judgedOneByOne(configs: RuleSetConfig[], window: { from: Date; to: Date }) {
  const { db } = database;
  const rows = await db.execute<JudgedRow>(sql`
    select p.payment_id as "paymentId", p.received_at as "receivedAt", p.customer_id as "customerId",
           p.device_token_id as "deviceId", p.reference_merchant_id as "merchantId",
           p.reference_store_id as "storeId", p.merchant_mcc as "merchantMcc",
           p.store_mcc as "storeMcc", p.is_in_store_payment as "inStore",
           (select array_agg(pp.promo_id order by pp.position) from payment_promotions pp
             where pp.payment_id = p.payment_id) as "promoIds",
           (select d.signals from risk_decisions d where d.payment_id = p.payment_id
             order by d.id desc limit 1) as recorded
      from payments p
     where p.received_at between ${window.from.toISOString()}::timestamptz
                             and ${window.to.toISOString()}::timestamptz
     order by p.received_at, p.payment_id`);
  const outcomes = configs.map(() => ({ ALLOW: 0, REVIEW: 0, REJECT: 0 }));
  const changed: string[] = [];
  for (const row of rows) {
    if (!row.recorded) continue;
    const recorded = row.recorded;
    const riskCase = {
      at: new Date(row.receivedAt),
      customerId: row.customerId,
      deviceId: row.deviceId ?? undefined,
      promotions: (row.promoIds ?? []).map((id) => id ?? undefined),
      referenceMerchantId: row.merchantId ?? undefined,
      referenceStoreId: row.storeId ?? undefined,
      merchantMcc: row.merchantMcc ?? undefined,
      storeMcc: row.storeMcc ?? undefined,
      inStore: row.inStore === true,
      excludePaymentId: row.paymentId,
    };
    const seen = [];
    for (const [i, config] of configs.entries()) {
      const judgement = await judge(config, riskCase, async (windows) => ({
        ...(await readSignals(db, subjectOf(riskCase), windows)),
        customer: recorded.customer,
        lists: recorded.lists,
        store: recorded.store,
      }));
      const outcome = judgement?.outcome ?? "ALLOW";
      outcomes[i]![outcome]++;
      seen.push(outcome);
    }
    if (seen[0] !== seen[1]) changed.push(row.paymentId);
  }
  return { outcomes, changed };
}

/**
 * `npm run bench:risk`: does a risk decision stay as fast at 1,000,000 rows as at 10,000 (README
 * "Risk": p50 and p99 within 1.5×)?
 *
 * Starts a throwaway embedded Postgres (fsync off: the decisions only read), applies the
 * migrations and bulk-loads two sets side by side with SQL (./bench-risk-data.ts): SMALL, 10,000
 * device events and 10,000 payments, and LARGE, 1,000,000 of each, with the same history per
 * customer and device, so what differs is only the size of the tables. VACUUM ANALYZE, then it
 * times `decideRisk` — exactly what a pay runs: the live rule set (docs/protocol.md#risk-rules
 * defaults), the one signal query, every rule — for subjects taken from random stored promoted
 * payments of each set (customer, device, store, merchant, promo ids; windows ending now), in a
 * transaction that is rolled back. Sequential (concurrency 1), small and large alternating decision
 * by decision over several rounds, after 100 warm-up decisions per set; only `decideRisk` itself is
 * timed (not BEGIN/ROLLBACK).
 *
 * `--explain` also prints EXPLAIN (ANALYZE, BUFFERS) of the signal query for one large-set subject.
 * Ends with one line: risk_p50_small_ms= risk_p50_large_ms= … p50_ratio= p99_ratio=.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql, TransactionRollbackError } from "drizzle-orm";
import { createDb, type Db } from "@/db";
import { ZPayRequest } from "../alipayplus/wire";
import { ensureEmbeddedPostgres, freePort } from "../platform/embedded-postgres";
import { applyMigrations } from "../platform/migrate";
import { decideRisk, type RiskInput } from "../risk/decide";
import { DEFAULT_RULE_SET_CONFIG } from "../risk/rule-config";
import { liveVersion } from "../risk/rule-sets";
import { backtest } from "../risk/backtest";
import { explainSignals, type RiskSubject, type SignalWindows } from "../risk/signals";
import type { Sql } from "postgres";
import { planPay } from "../simulator/requests";
import {
  benchId,
  countRiskBenchSet,
  loadRiskBenchSet,
  recordDecisionsFor,
  shapeOf,
  type RiskBenchSet,
} from "./bench-risk-data";
import { latencyStats, secondsSince, vacuumAnalyze } from "./bench-kit";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    payments: { type: "string", default: "1000000" },
    "small-events": { type: "string", default: "10000" },
    "small-payments": { type: "string", default: "10000" },
    "per-subject": { type: "string", default: "20" },
    "span-days": { type: "string", default: "90" },
    rounds: { type: "string", default: "5" },
    decisions: { type: "string", default: "1000" },
    explain: { type: "boolean", default: false },
    /** Also time a backtest over this many of the large set's payments (0: skip). */
    backtest: { type: "string", default: "100000" },
  },
});
const ROUNDS = Math.max(1, Number(values.rounds));
/** Decisions per set per round. */
const DECISIONS = Math.max(10, Number(values.decisions));
const WARM_UP = 100;

type SetName = "small" | "large";

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-bench-risk-"));
  const server = await ensureEmbeddedPostgres({
    dataDir: path.join(work, "postgres"),
    port: await freePort(),
    database: "plusdesk_bench_risk",
    ephemeral: true,
  });
  const { db, sql: client, close } = createDb(server.url, { max: 8 });
  try {
    await applyMigrations(server.url);
    const anchor = new Date();
    const common = {
      perSubject: Number(values["per-subject"]),
      spanDays: Number(values["span-days"]),
      anchor,
    };
    const sets: Record<SetName, RiskBenchSet> = {
      small: {
        prefix: "S",
        events: Number(values["small-events"]),
        payments: Number(values["small-payments"]),
        ...common,
      },
      large: {
        prefix: "L",
        events: Number(values.events),
        payments: Number(values.payments),
        ...common,
      },
    };
    console.log(
      `bench:risk — ${os.cpus().length} cores; ${describe("small", sets.small)}; ${describe("large", sets.large)}`,
    );

    const loadStarted = performance.now();
    const took: string[] = [];
    for (const name of ["small", "large"] as const) {
      const t0 = performance.now();
      await loadRiskBenchSet(db, sets[name]);
      took.push(`${name} ${secondsSince(t0)} s`);
    }
    const t0 = performance.now();
    await vacuumAnalyze(server.url, SIGNAL_TABLES);
    took.push(`vacuum analyze ${secondsSince(t0)} s`);
    console.log(`loaded in ${secondsSince(loadStarted)} s (${took.join(", ")})`);
    for (const name of ["small", "large"] as const) {
      const counts = await countRiskBenchSet(db, sets[name].prefix);
      console.log(
        `${name.padEnd(5)} rows: ${Object.entries(counts)
          .map(([table, n]) => `${table}=${n}`)
          .join(" ")}`,
      );
    }

    // The live rule set: version 1, the defaults of docs/protocol.md#risk-rules (every rule on).
    await liveVersion(db);
    const total = WARM_UP + ROUNDS * DECISIONS;
    const subjects: Record<SetName, RiskInput[]> = {
      small: await sampleInputs(db, sets.small, total),
      large: await sampleInputs(db, sets.large, total),
    };
    const outcomes: Record<SetName, Record<string, number>> = { small: {}, large: {} };
    const latencies: Record<SetName, number[]> = { small: [], large: [] };
    console.log(
      `deciding: ${WARM_UP} warm-up + ${ROUNDS} rounds × ${DECISIONS} decisions per set, small and large alternating, concurrency 1`,
    );
    for (let i = 0; i < WARM_UP; i++) {
      for (const name of ["small", "large"] as const) await timeDecision(db, subjects[name][i]!);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const inRound: Record<SetName, number[]> = { small: [], large: [] };
      for (let i = 0; i < DECISIONS; i++) {
        for (const name of ["small", "large"] as const) {
          const input = subjects[name][WARM_UP + round * DECISIONS + i]!;
          const { ms, outcome } = await timeDecision(db, input);
          inRound[name].push(ms);
          outcomes[name][outcome] = (outcomes[name][outcome] ?? 0) + 1;
        }
      }
      const s = latencyStats(inRound.small);
      const l = latencyStats(inRound.large);
      console.log(
        `round ${round + 1}  small p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} ms  large p50 ${l.p50.toFixed(2)} p99 ${l.p99.toFixed(2)} ms`,
      );
      latencies.small.push(...inRound.small);
      latencies.large.push(...inRound.large);
    }

    if (values.explain) await explain(db, client, subjects.large);
    const backtestPayments = Number(values.backtest);
    if (backtestPayments > 0) await timeBacktest(db, sets.large, backtestPayments);

    const small = latencyStats(latencies.small);
    const large = latencyStats(latencies.large);
    for (const [name, s] of [
      ["small", small],
      ["large", large],
    ] as const) {
      const seen = Object.entries(outcomes[name])
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(", ");
      console.log(
        `${name.padEnd(5)} n=${s.n}  p50 ${s.p50.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  (${seen})`,
      );
    }
    console.log(
      [
        `risk_p50_small_ms=${small.p50.toFixed(2)}`,
        `risk_p50_large_ms=${large.p50.toFixed(2)}`,
        `risk_p95_small_ms=${small.p95.toFixed(2)}`,
        `risk_p95_large_ms=${large.p95.toFixed(2)}`,
        `risk_p99_small_ms=${small.p99.toFixed(2)}`,
        `risk_p99_large_ms=${large.p99.toFixed(2)}`,
        `p50_ratio=${(large.p50 / small.p50).toFixed(2)}`,
        `p99_ratio=${(large.p99 / small.p99).toFixed(2)}`,
      ].join(" "),
    );
  } finally {
    await close();
    await server.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

/**
 * The target: 100,000 payments within a minute (README "Backtest of 100,000 payments"). Records a
 * decision (its state signals) for the newest `count` payments of the set, as live payments would
 * have, then backtests the defaults against themselves over exactly that window; prints the time
 * taken.
 */
async function timeBacktest(db: Db, set: RiskBenchSet, count: number): Promise<void> {
  const [window] = await db.execute<{ from: string; to: string; n: number }>(sql`
    select min(received_at) as "from", max(received_at) as "to", count(*)::int as n
      from (select received_at from payments
             where payment_id between ${benchId(set.prefix, "P", 0)} and ${benchId(set.prefix, "P", 9_999_999)}
             order by received_at desc limit ${count}) newest`);
  if (!window) throw new Error("no payments to backtest");
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(
      recordDecisionsFor(
        sql`p.received_at between ${window.from}::timestamptz and ${window.to}::timestamptz`,
      ),
    );
  });
  await db.execute(sql`analyze risk_decisions`);
  const report = await backtest(db, {
    version: 1,
    against: 1,
    from: new Date(window.from),
    to: new Date(window.to),
  });
  console.log(
    `backtest: ${report.payments} payments (${report.undecided} undecided) in ${(report.durationMs / 1000).toFixed(1)} s; REJECT ${report.candidate.outcomes.REJECT}, REVIEW ${report.candidate.outcomes.REVIEW}`,
  );
  console.log(
    `backtest_payments=${report.payments} backtest_s=${(report.durationMs / 1000).toFixed(1)}`,
  );
}

function describe(name: SetName, set: RiskBenchSet): string {
  const shape = shapeOf(set);
  return `${name} (${set.prefix}-…): ${set.events} device events, ${set.payments} payments, ${shape.customers} customers, ${shape.devices} devices, ${shape.stores} stores, ${shape.promos} promo ids over ${set.spanDays} days`;
}

/** The tables the decisions read. */
const SIGNAL_TABLES = [
  "customers",
  "stores",
  "risk_list_entries",
  "device_events",
  "payments",
  "payment_promotions",
  "refunds",
];

/** A stored promoted payment, as the timed decisions replay it. */
type SampledPayment = {
  customer_id: string;
  device_token_id: string | null;
  reference_merchant_id: string;
  merchant_mcc: string;
  reference_store_id: string;
  store_mcc: string;
  promo_ids: string[];
};

/**
 * Pay requests as Alipay+ would send them for random stored promoted payments of the set (under
 * the defaults a payment without promotions is not judged at all): the payer, its device, the
 * store and merchant (with MCCs) and promo ids of that payment.
 */
async function sampleInputs(db: Db, set: RiskBenchSet, count: number): Promise<RiskInput[]> {
  const inputs: RiskInput[] = [];
  while (inputs.length < count) {
    const ids = Array.from({ length: count }, () =>
      benchId(set.prefix, "P", Math.floor(Math.random() * set.payments)),
    );
    const rows = await db.execute<SampledPayment>(sql`
      select p.customer_id, p.device_token_id, p.reference_merchant_id, p.merchant_mcc,
             p.reference_store_id, p.store_mcc,
             array_agg(pp.promo_id order by pp.position) as promo_ids
        from payments p
        join payment_promotions pp on pp.payment_id = p.payment_id
       where p.payment_id in (${sql.join(
         [...new Set(ids)].map((id) => sql`${id}`),
         sql`, `,
       )})
       group by p.payment_id`);
    for (const row of rows) inputs.push(inputOf(row));
  }
  // Shuffled: the rows came back in payment id order.
  for (let i = inputs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [inputs[i], inputs[j]] = [inputs[j]!, inputs[i]!];
  }
  return inputs.slice(0, count);
}

function inputOf(row: SampledPayment): RiskInput {
  const body = planPay({
    customerId: row.customer_id,
    walletCurrency: "KRW",
    merchant: {
      referenceMerchantId: row.reference_merchant_id,
      merchantMCC: row.merchant_mcc,
      merchantName: "Bench merchant",
      region: "JP",
      city: "Tokyo",
      store: {
        referenceStoreId: row.reference_store_id,
        storeName: "Bench store",
        storeMCC: row.store_mcc,
        address1: "1-1 Ginza",
      },
      currency: "JPY",
      orderMinor: [],
    },
    orderMinor: 5000n,
    promotions: row.promo_ids.map((promoId) => ({
      promoId,
      promoName: "Bench promotion",
      promoType: "DISCOUNT",
      offMinor: 300n,
    })),
  }).body;
  return {
    context: "PAY",
    request: ZPayRequest.parse(body),
    customerId: row.customer_id,
    deviceId: row.device_token_id ?? undefined,
    receivedAt: new Date(),
  };
}

/**
 * One decision as a pay makes it, in a transaction rolled back afterwards; only decideRisk is
 * timed.
 */
async function timeDecision(db: Db, input: RiskInput): Promise<{ ms: number; outcome: string }> {
  let result: { ms: number; outcome: string } | undefined;
  const at = { ...input, receivedAt: new Date() };
  try {
    await db.transaction(async (tx) => {
      const started = performance.now();
      const decision = await decideRisk(tx, at);
      const ms = performance.now() - started;
      if (!decision) throw new Error("no decision: the rules did not run");
      result = { ms, outcome: decision.outcome };
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  return result!;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the signal query for the first large-set subject with a device. */
async function explain(db: Db, client: Sql, inputs: readonly RiskInput[]): Promise<void> {
  const input =
    inputs.find((i) => i.deviceId !== undefined && i.request.paymentPromoInfo.lines.length > 0) ??
    inputs[0]!;
  const rules = DEFAULT_RULE_SET_CONFIG.rules;
  const windows: SignalWindows = {
    redemptionDays: rules.repeatRedemption.windowDays,
    farmingDays: rules.deviceFarming.windowDays,
    refundDays: rules.promoThenRefund.windowDays,
    loginHours: rules.sharedDevice.windowHours,
  };
  const merchant = input.request.order.merchant;
  const subject: RiskSubject = {
    at: new Date(),
    customerId: input.customerId,
    deviceId: input.deviceId,
    promoIds: input.request.paymentPromoInfo.lines.flatMap((d) => (d.promoId ? [d.promoId] : [])),
    referenceMerchantId: merchant?.referenceMerchantId,
    referenceStoreId: merchant?.store?.referenceStoreId,
  };
  const plan = await explainSignals(client, subject, windows);
  console.log(
    `EXPLAIN (ANALYZE, BUFFERS) of the signal query, large set: customer ${subject.customerId}, device ${subject.deviceId ?? "none"}, promo ids ${subject.promoIds.join(", ") || "none"}, store ${subject.referenceStoreId ?? "none"}`,
  );
  for (const line of plan) console.log(`  ${line}`);
}

await main();

/**
 * The process's Prometheus metrics (prom-client's default registry), README "Metrics and health".
 * Labels come only from fixed lists — Alipay+ API names, result codes, rule ids, verdicts — never
 * from ids of payments, customers or devices, so the number of series stays bounded.
 *
 * Kept on globalThis like the runtime: Next.js may load this module once per bundle (routes,
 * instrumentation), and a metric registers its name once per registry.
 */
import { sql } from "drizzle-orm";
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from "prom-client";
import type { Db } from "@/db";
import { logEvent } from "../log";

export interface Metrics {
  alipayplusRequests: Counter<"api" | "result_status" | "result_code">;
  alipayplusDuration: Histogram<"api" | "result_status" | "result_code">;
  riskDecisions: Counter<"context" | "outcome">;
  riskRuleVerdicts: Counter<"rule" | "verdict">;
  outboxAttempts: Counter<"outcome">;
}

const holder = globalThis as typeof globalThis & {
  plusdeskMetrics?: Metrics;
  plusdeskDatabaseGauges?: true;
};

/** The counters of this process (and Node's default metrics), created on first use. */
export function getMetrics(): Metrics {
  if (!holder.plusdeskMetrics) {
    collectDefaultMetrics();
    holder.plusdeskMetrics = {
      alipayplusRequests: new Counter({
        name: "plusdesk_alipayplus_requests_total",
        help: "Alipay+ calls answered, by API, resultStatus and resultCode",
        labelNames: ["api", "result_status", "result_code"],
      }),
      alipayplusDuration: new Histogram({
        name: "plusdesk_alipayplus_request_duration_seconds",
        help: "Time from receiving an Alipay+ call to its signed answer",
        labelNames: ["api", "result_status", "result_code"],
        // Alipay+ waits 5 s (inquiry, applyToken) or 8 s (pay, refund, cancel) for an answer.
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 8],
      }),
      riskDecisions: new Counter({
        name: "plusdesk_risk_decisions_total",
        help: "Risk decisions written, by context (PAY, EVALUATION, CASHIER) and outcome",
        labelNames: ["context", "outcome"],
      }),
      riskRuleVerdicts: new Counter({
        name: "plusdesk_risk_rule_verdicts_total",
        help: "Each rule's verdict in the risk decisions written (once per campaign judged)",
        labelNames: ["rule", "verdict"],
      }),
      outboxAttempts: new Counter({
        name: "plusdesk_outbox_attempts_total",
        help: "notifyPayment attempts by outcome (acknowledged, not-acknowledged, refused)",
        labelNames: ["outcome"],
      }),
    };
  }
  return holder.plusdeskMetrics;
}

/**
 * Gauges read from Postgres when scraped, not kept per request: one small statement each. They
 * describe the whole database, so in a cluster every worker reports the same value and the
 * aggregate takes the largest (prom-client's `max` aggregator), not the sum.
 */
export function registerDatabaseGauges(db: () => Db): void {
  if (holder.plusdeskDatabaseGauges) return;
  holder.plusdeskDatabaseGauges = true;
  // The three outbox gauges come from one statement: scraped together, they share its result.
  const outbox = sharedForOneScrape(() => readOrNull("outbox", () => readOutbox(db())));
  const outboxGauge = (
    name: string,
    help: string,
    value: (row: Awaited<ReturnType<typeof readOutbox>>) => number,
  ) => {
    const gauge: Gauge = new Gauge({
      name,
      help,
      aggregator: "max",
      async collect(): Promise<void> {
        const row = await outbox();
        if (row) gauge.set(value(row));
        else gauge.reset();
      },
    });
  };
  outboxGauge(
    "plusdesk_outbox_pending",
    "notifyPayment messages not yet acknowledged nor given up on",
    (row) => row.pending,
  );
  outboxGauge(
    "plusdesk_outbox_oldest_pending_age_seconds",
    "Age of the oldest pending notifyPayment message (0 when none)",
    (row) => row.oldestAgeSeconds,
  );
  outboxGauge(
    "plusdesk_outbox_pending_attempts_max",
    "Most attempts made so far for one pending notifyPayment message",
    (row) => row.maxAttempts,
  );
  const connections: Gauge<"state"> = new Gauge({
    name: "plusdesk_db_connections",
    help: "Connections of every Plusdesk app process to the database, by state (pg_stat_activity)",
    labelNames: ["state"],
    aggregator: "max",
    async collect(): Promise<void> {
      const rows = await readOrNull("db_connections", () => readConnections(db()));
      connections.reset();
      for (const row of rows ?? []) connections.set({ state: row.state }, row.n);
    },
  });
}

/**
 * Pending rows are found through the outbox's partial index of PENDING rows
 * (payment_notifications_due_idx); delivered and failed ones are never read.
 */
async function readOutbox(db: Db) {
  const [row] = await db.execute<{
    pending: number;
    oldestAgeSeconds: number;
    maxAttempts: number;
  }>(sql`
    select count(*)::int as "pending",
           coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as "oldestAgeSeconds",
           coalesce(max(attempts), 0)::int as "maxAttempts"
      from payment_notifications where status = 'PENDING'`);
  return row!;
}

/**
 * postgres.js does not expose its pool's state, so the database reports it: the connections
 * opened with the app's application_name, each pool's and the outbox listener's (this scrape's
 * own connection is one of the active ones).
 */
async function readConnections(db: Db) {
  return db.execute<{ state: string; n: number }>(sql`
    select coalesce(state, 'unknown') as "state", count(*)::int as "n"
      from pg_stat_activity
     where application_name = 'plusdesk' and datname = current_database()
     group by 1`);
}

/** One read for the gauges of one scrape: a call within a second of the last reuses its result. */
function sharedForOneScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > 1000) last = { at: now, result: read() };
    return last.result;
  };
}

/** A gauge whose statement failed has no sample in this scrape; the failure is logged. */
async function readOrNull<T>(gauge: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    logEvent(
      "metrics.gauge_failed",
      { gauge, error: error instanceof Error ? error.message : String(error) },
      "warn",
    );
    return null;
  }
}

export { register as metricsRegistry };

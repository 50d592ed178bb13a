/**
 * `npm run bench:console`: does the staff console stay fast with 1,000,000 payments (keyset
 * pagination, index-backed filters; README "Staff console at 1,000,000 payments")?
 *
 * Starts a throwaway embedded Postgres (fsync off: the console only reads) with two databases,
 * migrates both and bulk-loads with SQL (./bench-console-data.ts) LARGE, 1,000,000 payments over
 * 90 days with everything the console reads (promotions, refunds, device events, a risk decision
 * per promoted payment, review verdicts, the ledger, ~1.2 million inbound calls, cases, list
 * entries, ~100,000 audit rows), and SMALL, the same at 10,000 payments: same shape, 1/100 of
 * the rows. VACUUM ANALYZE, then it times every console read through the real tRPC router
 * in-process (`createCaller`, as an ADMIN account of each database: the permission check, zod,
 * the domain statements and the DTO mapping, on the app's own pool settings with its 6 s
 * statement timeout): the review queue's tabs, pages and filters, a payment's investigation, a
 * device, the payments whose promotions were not fully read, the overview over 7, 30 and 90 days, the inbound call log's pages, filters and request
 * id search, the audit log, cases, lists and rule sets. Sequential, small and large alternating
 * call by call, after warm-up calls; p50 and p99 per query, the large/small ratio (about 1 for a
 * page read through an index whatever the table's size; the overview aggregates its window, so
 * it grows with the data by design and is held to a budget instead), and OVER where the large
 * set's p50 is over the budget. One more row calls the 90-day overview on a pool without the
 * statement timeout: how long it would take when it times out.
 *
 * `--explain` prints EXPLAIN (ANALYZE, BUFFERS) summaries (time, top node, indexes, sequential
 * scans, buffers) of every statement of the review queue's first page, the 30-day overview and
 * the call log's first page, and of every query over its budget or with a ratio above 3;
 * `--plans` prints those plans whole.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import { createDb, schema, type Db } from "@/db";
import type { StaffActor } from "../audit/audit-log";
import { ensureEmbeddedPostgres, freePort } from "../platform/embedded-postgres";
import { applyMigrations } from "../platform/migrate";
import { createStaffMember } from "../staff/staff-members";
import { createCaller } from "../trpc/root";
import { benchId, shapeOf } from "./bench-risk-data";
import {
  BENCH_CAMPAIGN,
  consoleShapeOf,
  countConsoleBenchSet,
  loadConsoleBenchSet,
  type ConsoleBenchSet,
} from "./bench-console-data";
import { latencyStats, secondsSince, vacuumAnalyze, type LatencyStats } from "./bench-kit";

const { values } = parseArgs({
  options: {
    payments: { type: "string", default: "1000000" },
    "small-payments": { type: "string", default: "10000" },
    "per-subject": { type: "string", default: "20" },
    "span-days": { type: "string", default: "90" },
    /** Timed calls per page query (the overview: fewer, see OVERVIEW_RUNS). */
    runs: { type: "string", default: "20" },
    explain: { type: "boolean", default: false },
    plans: { type: "boolean", default: false },
  },
});
const RUNS = Math.max(3, Number(values.runs));
const DAY_MS = 86_400_000;

type SetName = "small" | "large";
const SET_NAMES = ["small", "large"] as const;
type Caller = ReturnType<typeof createCaller>;

/** One loaded database and its pools. */
interface LoadedDatabase {
  set: ConsoleBenchSet;
  url: string;
  admin: StaffActor;
  pools: Pools;
}

/** A loaded database with the ids and cursors the timed calls name. */
interface BenchDatabase extends LoadedDatabase {
  fixtures: Fixtures;
}

/** The app's pool (its settings: 6 s statement timeout) and one without a statement timeout. */
interface Pools {
  db: Db;
  caller: Caller;
  /** The same calls with no statement timeout: how long an overview that times out would take. */
  untimed: Caller;
  untimedClient: Sql;
  close: () => Promise<void>;
}

/** Ids and cursors the inputs name, read before timing (cursors from a first page). */
interface Fixtures {
  paymentIds: string[];
  deviceIds: string[];
  paymentRequestIds: string[];
  refundRequestIds: string[];
  pendingMerchant: string;
  decidedMerchant: string;
  pendingPaymentId: string;
  auditSubject: string;
  reviewsPendingAfter?: string;
  reviewsDecidedAfter?: string;
  unclearAfter?: string;
  inboundBefore?: string;
  auditBeforeId?: string;
  casesCursor?: string;
  listsBeforeId?: string;
}

type Kind = "page" | "overview";

interface Query {
  name: string;
  kind: Kind;
  /** The large set's p50 above this is OVER. */
  budgetMs: number;
  runs: number;
  warmUp: number;
  /** Called on the pool without a statement timeout (an informational row). */
  untimed?: boolean;
  call: (caller: Caller, f: Fixtures, run: number) => Promise<unknown>;
}

const PAGE_BUDGET_MS = 200;
/** A page 2 the set does not have (its first page was the last): not timed. */
const NO_PAGE = Symbol("no page 2");
const next = <T>(cursor: string | undefined, call: (cursor: string) => Promise<T>) =>
  cursor === undefined ? Promise.resolve(NO_PAGE) : call(cursor);

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

function pick<T>(list: readonly T[], run: number): T {
  if (list.length === 0) throw new Error("no fixture to pick from");
  return list[run % list.length]!;
}

function queries(): Query[] {
  const page = (name: string, call: Query["call"]): Query => ({
    name,
    kind: "page",
    budgetMs: PAGE_BUDGET_MS,
    runs: RUNS,
    warmUp: 2,
    call,
  });
  const overview = (days: number, budgetMs: number, runs: number, untimed = false): Query => ({
    name: `overview.get ${days} days${untimed ? ", no timeout" : ""}`,
    kind: "overview",
    budgetMs,
    runs,
    warmUp: untimed ? 0 : 1,
    untimed,
    call: (api) => api.overview.get(days === 30 ? {} : { from: day(-(days - 1)) }),
  });
  const decidedWeek = { fromDay: day(-35), toDay: day(-29) };
  return [
    page("reviews.list pending, first page", (api) => api.reviews.list({ tab: "pending" })),
    page("reviews.list pending, page 2", (api, f) =>
      next(f.reviewsPendingAfter, (after) => api.reviews.list({ tab: "pending", after })),
    ),
    page("reviews.list decided, first page", (api) => api.reviews.list({ tab: "decided" })),
    page("reviews.list decided, page 2", (api, f) =>
      next(f.reviewsDecidedAfter, (after) => api.reviews.list({ tab: "decided", after })),
    ),
    page("reviews.list pending, rule", (api) =>
      api.reviews.list({ tab: "pending", rule: "newAccount" }),
    ),
    page("reviews.list pending, campaign", (api) =>
      api.reviews.list({ tab: "pending", campaign: BENCH_CAMPAIGN }),
    ),
    page("reviews.list pending, merchant", (api, f) =>
      api.reviews.list({ tab: "pending", merchantId: f.pendingMerchant }),
    ),
    page("reviews.list pending, amount", (api) =>
      api.reviews.list({ tab: "pending", currency: "JPY", amountMin: "5000", amountMax: "10000" }),
    ),
    page("reviews.list pending, payment id", (api, f) =>
      api.reviews.list({ tab: "pending", paymentId: f.pendingPaymentId }),
    ),
    page("reviews.list decided, verdict", (api) =>
      api.reviews.list({ tab: "decided", verdict: "REJECTED" }),
    ),
    page("reviews.list decided, rule", (api) =>
      api.reviews.list({ tab: "decided", rule: "promoThenRefund" }),
    ),
    page("reviews.list decided, campaign", (api) =>
      api.reviews.list({ tab: "decided", campaign: BENCH_CAMPAIGN }),
    ),
    page("reviews.list decided, a week", (api) =>
      api.reviews.list({ tab: "decided", ...decidedWeek }),
    ),
    // No REVIEW decision hits a REJECT rule: the filter walks the whole decided history.
    page("reviews.list decided, rule none hit", (api) =>
      api.reviews.list({ tab: "decided", rule: "gambling" }),
    ),
    page("reviews.list decided, merchant", (api, f) =>
      api.reviews.list({ tab: "decided", merchantId: f.decidedMerchant }),
    ),
    page("payments.investigate", (api, f, run) =>
      api.payments.investigate({ paymentId: pick(f.paymentIds, run) }),
    ),
    page("payments.device", (api, f, run) =>
      api.payments.device({ deviceId: pick(f.deviceIds, run) }),
    ),
    page("payments.list unclear promotions", (api) => api.payments.list({})),
    page("payments.list page 2", (api, f) =>
      next(f.unclearAfter, (after) => api.payments.list({ after })),
    ),
    page("payments.list FAILED", (api) => api.payments.list({ status: "FAILED" })),
    page("payments.list a week", (api) => api.payments.list(decidedWeek)),
    page("reviews.list pending, promotions", (api) =>
      api.reviews.list({ tab: "pending", promotions: "unclear" }),
    ),
    page("reviews.list decided, promotions", (api) =>
      api.reviews.list({ tab: "decided", promotions: "unclear" }),
    ),
    overview(7, 1000, 10),
    overview(30, 2000, 6),
    overview(90, 5000, 3),
    overview(90, 5000, 2, true),
    page("inbound.list first page", (api) => api.inbound.list({})),
    page("inbound.list page 2", (api, f) =>
      next(f.inboundBefore, (before) => api.inbound.list({ before })),
    ),
    page("inbound.list verdict INVALID", (api) => api.inbound.list({ verdict: "INVALID" })),
    page("inbound.list result F", (api) => api.inbound.list({ resultStatus: "F" })),
    page("inbound.list result U", (api) => api.inbound.list({ resultStatus: "U" })),
    page("inbound.list result NONE", (api) => api.inbound.list({ resultStatus: "NONE" })),
    page("inbound.list api refund", (api) => api.inbound.list({ api: "refund" })),
    page("inbound.list api risk-cases", (api) => api.inbound.list({ api: "risk-cases" })),
    page("inbound.list paymentRequestId", (api, f, run) =>
      api.inbound.list({ requestId: pick(f.paymentRequestIds, run) }),
    ),
    page("inbound.list refundRequestId", (api, f, run) =>
      api.inbound.list({ requestId: pick(f.refundRequestIds, run) }),
    ),
    page("audit.list first page", (api) => api.audit.list({})),
    page("audit.list page 2", (api, f) =>
      next(f.auditBeforeId, (beforeId) => api.audit.list({ beforeId })),
    ),
    page("audit.list action", (api) => api.audit.list({ action: "case.conclude" })),
    page("audit.list search, common", (api) => api.audit.list({ search: "review.reject" })),
    page("audit.list search, one subject", (api, f) => api.audit.list({ search: f.auditSubject })),
    page("cases.list first page", (api) => api.cases.list({})),
    page("cases.list page 2", (api, f) =>
      next(f.casesCursor, (cursor) => api.cases.list({ cursor })),
    ),
    page("cases.list CONCLUDED", (api) => api.cases.list({ status: "CONCLUDED" })),
    page("lists.list first page", (api) => api.lists.list({})),
    page("lists.list page 2", (api, f) =>
      next(f.listsBeforeId, (beforeId) => api.lists.list({ beforeId })),
    ),
    page("lists.list MERCHANT", (api) => api.lists.list({ subjectType: "MERCHANT" })),
    page("lists.list with expired", (api) => api.lists.list({ includeExpired: true })),
    page("rules.overview", (api) => api.rules.overview()),
  ];
}

/** What a call returned, in a few words (the table's sanity column). */
function describeResult(result: unknown): string {
  if (result === null || typeof result !== "object") return String(result);
  const r = result as Record<string, unknown>;
  if (Array.isArray(r.rows)) {
    const more = ["nextAfter", "nextBefore", "nextBeforeId", "nextCursor"].some(
      (key) => r[key] !== null && r[key] !== undefined,
    );
    return `${r.rows.length} rows${more ? " +" : ""}`;
  }
  if (Array.isArray(r.promotedDays)) {
    const promoted = (r.promotedDays as { payments: number }[]).reduce((n, d) => n + d.payments, 0);
    return `${promoted} promoted`;
  }
  if (Array.isArray(r.versions)) return `${r.versions.length} versions`;
  if (Array.isArray(r.payments) && Array.isArray(r.accounts)) {
    return `${r.payments.length} payments`;
  }
  if (Array.isArray(r.decisions) && Array.isArray(r.inboundCalls)) {
    return `${r.decisions.length} dec, ${r.inboundCalls.length} calls`;
  }
  return "ok";
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-bench-console-"));
  const port = await freePort();
  const dataDir = path.join(work, "postgres");
  const servers = {
    large: await ensureEmbeddedPostgres({
      dataDir,
      port,
      database: "plusdesk_bench_console_large",
      ephemeral: true,
    }),
    // The same server, a database of its own.
    small: await ensureEmbeddedPostgres({
      dataDir,
      port,
      database: "plusdesk_bench_console_small",
      ephemeral: true,
    }),
  };
  const opened: LoadedDatabase[] = [];
  try {
    const anchor = new Date();
    const common = {
      perSubject: Number(values["per-subject"]),
      spanDays: Number(values["span-days"]),
      anchor,
    };
    const sets: Record<SetName, ConsoleBenchSet> = {
      small: {
        prefix: "S",
        payments: Number(values["small-payments"]),
        events: Number(values["small-payments"]),
        ...common,
      },
      large: {
        prefix: "L",
        payments: Number(values.payments),
        events: Number(values.payments),
        ...common,
      },
    };
    console.log(
      `bench:console — ${os.cpus().length} cores; ${describeSet("small", sets.small)}; ${describeSet("large", sets.large)}`,
    );

    const loadStarted = performance.now();
    const took: string[] = [];
    const loaded = {} as Record<SetName, LoadedDatabase>;
    for (const name of SET_NAMES) {
      const t0 = performance.now();
      const url = servers[name].url;
      await applyMigrations(url);
      const loader = createDb(url);
      try {
        const { staff } = await createStaffMember(
          loader.db,
          { email: `bench-admin-${name}@plusdesk.test`, role: "ADMIN" },
          "bench:console",
        );
        const admin: StaffActor = { staffId: staff.staffId, email: staff.email, role: staff.role };
        await loadConsoleBenchSet(loader.db, sets[name], admin);
        const database: LoadedDatabase = {
          set: sets[name],
          url,
          admin,
          pools: openPools(url, admin),
        };
        opened.push(database);
        loaded[name] = database;
      } finally {
        await loader.close();
      }
      took.push(`${name} ${secondsSince(t0)} s`);
    }
    const t0 = performance.now();
    for (const name of SET_NAMES) await vacuumAnalyze(loaded[name].url);
    took.push(`vacuum analyze ${secondsSince(t0)} s`);
    console.log(`loaded in ${secondsSince(loadStarted)} s (${took.join(", ")})`);
    for (const name of SET_NAMES) {
      const counts = await countConsoleBenchSet(loaded[name].pools.db);
      console.log(
        `${name.padEnd(5)} rows: ${Object.entries(counts)
          .map(([table, n]) => `${table}=${n}`)
          .join(" ")}`,
      );
    }
    const databases = {} as Record<SetName, BenchDatabase>;
    for (const name of SET_NAMES) {
      databases[name] = { ...loaded[name], fixtures: await readFixtures(loaded[name]) };
    }

    const all = queries();
    console.log(
      `timing ${all.length} queries: ${RUNS} calls per page query (overview 10/6/3), small and large alternating after warm-up calls, concurrency 1; budget p50 ${PAGE_BUDGET_MS} ms per page, overview 1/2/5 s for 7/30/90 days`,
    );
    const results: Result[] = [];
    for (const query of all) results.push(await timeQuery(query, databases));
    printTable(results, sizeLabel(sets.large.payments), sizeLabel(sets.small.payments));

    if (values.explain) {
      const targets = new Set([
        "reviews.list pending, first page",
        "overview.get 30 days",
        "inbound.list first page",
        ...results
          .filter(
            (r) =>
              !r.query.untimed &&
              r.large.n > 0 &&
              (r.over || (r.query.kind === "page" && r.ratio > 3)),
          )
          .map((r) => r.query.name),
      ]);
      for (const query of all.filter((q) => targets.has(q.name))) {
        await explainQuery(query, databases.large);
      }
    }

    const over = results.filter((r) => r.over);
    const pages = results.filter((r) => r.query.kind === "page" && Number.isFinite(r.ratio));
    const worst = pages.reduce<Result | undefined>(
      (w, r) => (!w || r.ratio > w.ratio ? r : w),
      undefined,
    );
    console.log(
      [
        `console_queries=${results.length}`,
        `over_budget=${over.length}`,
        `page_p50_max_ms=${Math.max(...pages.map((r) => r.large.p50)).toFixed(1)}`,
        `page_ratio_max=${worst ? worst.ratio.toFixed(2) : "n/a"}`,
        ...["overview.get 7 days", "overview.get 30 days", "overview.get 90 days"].map((name) => {
          const r = results.find((x) => x.query.name === name);
          const figure = !r || r.error ? "error" : r.large.p50.toFixed(0);
          return `${name.replace(/\W+/g, "_").replace(/_days$/, "d")}_p50_ms=${figure}`;
        }),
      ].join(" "),
    );
  } finally {
    for (const database of opened) await database.pools.close();
    // An ephemeral cluster's stop() also deletes it (as root it lives in the OS temp dir).
    await servers.large.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

function openPools(url: string, admin: StaffActor): Pools {
  const app = createDb(url);
  const untimedClient = postgres(url, {
    max: 4,
    onnotice: () => undefined,
    connection: { application_name: "plusdesk-bench", statement_timeout: 0 },
  });
  const untimedDb = drizzle(untimedClient, { schema, casing: "snake_case" });
  return {
    db: app.db,
    caller: callerFor(app.db, admin),
    untimed: callerFor(untimedDb, admin),
    untimedClient,
    close: async () => {
      await app.close();
      await untimedClient.end({ timeout: 5 });
    },
  };
}

function callerFor(db: Db, admin: StaffActor): Caller {
  return createCaller({
    db,
    session: {
      // Signed in now; the bench's admin never signs out.
      staff: { staffId: admin.staffId, signedInAt: Date.now() },
      expires: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
}

function describeSet(name: SetName, set: ConsoleBenchSet): string {
  const shape = shapeOf(set);
  const console_ = consoleShapeOf(set);
  return `${name}: ${set.payments} payments and device events, ${shape.customers} customers, ${shape.stores} stores, ${console_.cases} cases over ${set.spanDays} days`;
}

async function readFixtures(database: LoadedDatabase): Promise<Fixtures> {
  const { set } = database;
  const { db, caller } = database.pools;
  const sample = (kind: string, count: number) =>
    Array.from({ length: count }, () =>
      benchId(set.prefix, kind, Math.floor(Math.random() * set.payments)),
    );
  const paymentIds = sample("P", 50);
  const devices = await db.execute<{ id: string }>(sql`
    select device_token_id as id from payments
     where payment_id in (${sql.join(
       sample("P", 100).map((id) => sql`${id}`),
       sql`, `,
     )}) and device_token_id is not null`);
  const refunds = await db.execute<{ id: string }>(sql`
    select refund_request_id as id from refunds order by random() limit 50`);
  // A tiny set may have no pending review: the filter then names nothing (and finds nothing).
  const one = async (statement: ReturnType<typeof sql>): Promise<string> => {
    const [row] = await db.execute<{ v: string }>(statement);
    return row?.v ?? "none";
  };
  const reviewed = (exists: boolean) =>
    exists
      ? sql`exists (select 1 from payment_reviews r where r.decision_id = d.id)`
      : sql`not exists (select 1 from payment_reviews r where r.decision_id = d.id)`;
  const fixtures: Fixtures = {
    paymentIds,
    deviceIds: devices.map((row) => row.id),
    paymentRequestIds: sample("PR", 50),
    refundRequestIds: refunds.map((row) => row.id),
    pendingMerchant: await one(sql`
      select p.reference_merchant_id as v from risk_decisions d join payments p on p.payment_id = d.payment_id
       where d.outcome = 'REVIEW' and ${reviewed(false)} order by d.decided_at desc limit 1`),
    decidedMerchant: await one(sql`
      select p.reference_merchant_id as v from risk_decisions d join payments p on p.payment_id = d.payment_id
       where d.outcome = 'REVIEW' and ${reviewed(true)} order by d.decided_at desc limit 1`),
    pendingPaymentId: await one(sql`
      select d.payment_id as v from risk_decisions d
       where d.outcome = 'REVIEW' and ${reviewed(false)} order by d.decided_at desc limit 1`),
    auditSubject: await one(sql`
      select subject_id as v from staff_audit_log where action = 'review.reject' order by id limit 1`),
  };
  const pending = await caller.reviews.list({ tab: "pending" });
  const decided = await caller.reviews.list({ tab: "decided" });
  const unclear = await caller.payments.list({});
  const inbound = await caller.inbound.list({});
  const audit = await caller.audit.list({});
  const cases = await caller.cases.list({});
  const lists = await caller.lists.list({});
  return {
    ...fixtures,
    reviewsPendingAfter: pending.nextAfter ?? undefined,
    reviewsDecidedAfter: decided.nextAfter ?? undefined,
    unclearAfter: unclear.nextAfter ?? undefined,
    inboundBefore: inbound.nextBefore ?? undefined,
    auditBeforeId: audit.nextBeforeId ?? undefined,
    casesCursor: cases.nextCursor ?? undefined,
    listsBeforeId: lists.nextBeforeId ?? undefined,
  };
}

interface Result {
  query: Query;
  small: LatencyStats;
  large: LatencyStats;
  ratio: number;
  over: boolean;
  returned: string;
  error?: string;
}

async function timeQuery(query: Query, databases: Record<SetName, BenchDatabase>): Promise<Result> {
  const latencies: Record<SetName, number[]> = { small: [], large: [] };
  let returned = "";
  let error: string | undefined;
  for (let run = 0; run < query.warmUp + query.runs && !error; run++) {
    for (const name of SET_NAMES) {
      const database = databases[name];
      const caller = query.untimed ? database.pools.untimed : database.pools.caller;
      const started = performance.now();
      try {
        const result = await query.call(caller, database.fixtures, run);
        const ms = performance.now() - started;
        if (result === NO_PAGE) {
          if (name === "large") returned = "no page 2";
          continue;
        }
        if (run >= query.warmUp) latencies[name].push(ms);
        if (name === "large") returned = describeResult(result);
      } catch (e) {
        // The innermost cause: tRPC wraps Drizzle's error, which wraps Postgres's.
        let cause = e;
        while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
        error = `${name}: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 160);
        break;
      }
    }
  }
  const small = latencyStats(latencies.small);
  const large = latencyStats(latencies.large);
  const ratio = large.p50 / small.p50;
  return {
    query,
    small,
    large,
    ratio,
    // A page 2 the set does not have was not measured: neither ok nor over.
    over: error !== undefined || (large.n > 0 && !(large.p50 <= query.budgetMs)),
    returned,
    error,
  };
}

/** 1000000 → "1M", 10000 → "10k". */
function sizeLabel(payments: number): string {
  if (payments >= 1_000_000 && payments % 100_000 === 0) return `${payments / 1_000_000}M`;
  if (payments >= 1000 && payments % 1000 === 0) return `${payments / 1000}k`;
  return String(payments);
}

function printTable(results: Result[], large: string, small: string): void {
  const header = [
    "query".padEnd(36),
    "n".padStart(3),
    `${large} p50`.padStart(9),
    `${large} p99`.padStart(9),
    `${small} p50`.padStart(9),
    `${small} p99`.padStart(9),
    "ratio".padStart(7),
    "budget".padStart(8),
    "",
    `${large} returned`,
  ].join(" ");
  console.log(header);
  console.log("-".repeat(header.length + 8));
  for (const r of results) {
    const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "-").padStart(9);
    console.log(
      [
        r.query.name.padEnd(36),
        String(r.large.n).padStart(3),
        ms(r.large.p50),
        ms(r.large.p99),
        ms(r.small.p50),
        ms(r.small.p99),
        (Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : "-").padStart(7),
        String(r.query.budgetMs).padStart(8),
        r.over ? "OVER" : r.large.n === 0 ? "n/a " : "ok  ",
        r.error ? `ERROR ${r.error}` : r.returned,
      ].join(" "),
    );
  }
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/**
 * Runs the query once on a pool whose Drizzle logs every statement (the same postgres client,
 * settings and parsers), then EXPLAIN (ANALYZE, BUFFERS) of each statement with its parameters.
 */
async function explainQuery(query: Query, database: BenchDatabase): Promise<void> {
  const captured: { query: string; params: unknown[] }[] = [];
  // Without the statement timeout: a statement over it is explained too.
  const client = database.pools.untimedClient;
  const db = drizzle(client, {
    schema,
    casing: "snake_case",
    logger: { logQuery: (statement, params) => captured.push({ query: statement, params }) },
  });
  await query.call(callerFor(db, database.admin), database.fixtures, 0);
  console.log(`EXPLAIN (ANALYZE, BUFFERS), large set: ${query.name}`);
  for (const statement of captured) {
    if (/from "staff_members"/.test(statement.query)) continue;
    const [row] = await client.unsafe<{ "QUERY PLAN": unknown }[]>(
      `explain (analyze, buffers, format json) ${statement.query}`,
      statement.params as never[],
    );
    const [explained] = row!["QUERY PLAN"] as [{ Plan: PlanNode; "Execution Time": number }];
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      nodes.push(node);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(explained.Plan);
    const indexes = [...new Set(nodes.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : [])))];
    const seqScans = nodes
      .filter((n) => n["Node Type"] === "Seq Scan")
      .map(
        (n) => `${n["Relation Name"]} (${(n["Actual Rows"] ?? 0) * (n["Actual Loops"] ?? 1)} rows)`,
      );
    const top = explained.Plan;
    console.log(
      `  ${explained["Execution Time"].toFixed(1).padStart(8)} ms  ${oneLine(statement.query).slice(0, 110)}`,
    );
    console.log(
      `             top ${top["Node Type"]}; indexes ${indexes.join(", ") || "none"}; seq scans ${seqScans.join(", ") || "none"}; buffers hit ${top["Shared Hit Blocks"] ?? 0} read ${top["Shared Read Blocks"] ?? 0}`,
    );
    if (values.plans) {
      const text = await client.unsafe<{ "QUERY PLAN": string }[]>(
        `explain (analyze, buffers) ${statement.query}`,
        statement.params as never[],
      );
      for (const line of text) console.log(`             | ${line["QUERY PLAN"]}`);
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

await main();

/**
 * `npm run bench:console`'s loader (server/cli/bench-console-data.ts) on a tiny size: the decision
 * templates decide what they stand for, and the rows hang together as the console expects them
 * (a decision per promoted payment at its time, verdicts only on REVIEW decisions, the call log and
 * the audit log in time order). It loads into a database of its own on the suite's server
 * (created and dropped here), so the suite's console tests never see bench rows.
 */
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import {
  BENCH_CAMPAIGN,
  countConsoleBenchSet,
  decisionTemplates,
  loadConsoleBenchSet,
} from "@/server/cli/bench-console-data";
import { outcomeOf, type RuleVerdict } from "@/server/risk/evaluate";
import { applyMigrations } from "@/server/platform/migrate";
import { createStaffMember } from "@/server/staff/staff-members";
import { createCaller } from "@/server/trpc/root";
import { staffSession } from "../fixtures/staff";

// Created, migrated and loaded as the owner role, as the benchmark does on a cluster of its own.
const suiteUrl = process.env.DATABASE_MIGRATION_URL;
if (!suiteUrl) throw new Error("DATABASE_MIGRATION_URL is not set: run the suite with `npm test`");
const name = `plusdesk_console_bench_data_${process.pid}_${Date.now()}`;
const url = Object.assign(new URL(suiteUrl), { pathname: `/${name}` }).toString();
const admin = postgres(suiteUrl, { max: 1, onnotice: () => undefined });
let database: ReturnType<typeof createDb>;
let staffId: string;

const anchor = new Date();
const SET = { prefix: "A", events: 3000, payments: 3000, perSubject: 20, spanDays: 90, anchor };

beforeAll(async () => {
  await admin.unsafe(`create database "${name}"`);
  await applyMigrations(url);
  database = createDb(url, { max: 4 });
  const { staff } = await createStaffMember(
    database.db,
    { email: "bench-admin@plusdesk.test", role: "ADMIN" },
    "console bench test",
  );
  staffId = staff.staffId;
  await loadConsoleBenchSet(database.db, SET, {
    staffId,
    email: staff.email,
    role: staff.role,
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

describe("the console bench's decision templates", () => {
  it("decide the outcome they stand for, with every rule's verdict", () => {
    const templates = decisionTemplates("A", anchor);
    expect(templates).toHaveLength(3 * 2 * 8);
    for (const template of templates) {
      const verdicts = template.verdicts as RuleVerdict[];
      expect(outcomeOf(verdicts)).toBe(template.outcome);
      expect(verdicts).toHaveLength(10);
      expect(template.campaigns).toEqual(template.campaign ? [BENCH_CAMPAIGN] : []);
      expect(new Set(verdicts.map((v) => v.campaign))).toEqual(
        new Set([template.campaign ? BENCH_CAMPAIGN : null]),
      );
      expect(template.signals).not.toHaveProperty("liveVersion");
    }
  });
});

describe("the console bench loader", () => {
  it("loads the rows asked for", async () => {
    const counts = await countConsoleBenchSet(database.db);
    expect(counts).toMatchObject({ payments: 3000, deviceEvents: 3000, riskCases: 6 });
    // A decision per promoted payment (80 %), 3 % of payments REVIEW, 1 % REJECT.
    expect(counts.riskDecisions).toBeGreaterThan(2200);
    expect(counts.riskDecisions).toBeLessThan(2600);
    expect(counts.review).toBeGreaterThan(40);
    expect(counts.review).toBeLessThan(150);
    expect(counts.reject).toBeGreaterThan(5);
    expect(counts.reject).toBeLessThan(70);
    expect(counts.paymentReviews + counts.pendingReviews).toBe(counts.review);
    // A pay call per payment, a refund call per refund, and the others.
    expect(counts.inboundCalls).toBeGreaterThan(counts.payments + counts.refunds);
    expect(counts.auditRows).toBeGreaterThan(counts.paymentReviews);
  });

  it("decides every promoted payment at its time, and only those", async () => {
    const [row] = await database.db.execute<{ wrong: number }>(sql`
      select (select count(*)::int from payments p
               where exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id)
                 and (select count(*) from risk_decisions d where d.payment_id = p.payment_id) <> 1)
           + (select count(*)::int from risk_decisions d join payments p using (payment_id)
               where not exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id)
                  or d.decided_at <> p.received_at or d.payment_request_id <> p.payment_request_id
                  or (d.outcome = 'REJECT') <> (p.result_code = 'RISK_REJECT')
                  or (d.outcome = 'REVIEW' and p.status <> 'SUCCESS')) as wrong`);
    expect(row?.wrong).toBe(0);
  });

  it("gives verdicts only on REVIEW decisions, after the decision, with an audit row each", async () => {
    const [row] = await database.db.execute<{
      wrong: number;
      audited: number;
      reviews: number;
    }>(sql`
      select (select count(*)::int from payment_reviews r join risk_decisions d on d.id = r.decision_id
               where d.outcome <> 'REVIEW' or r.payment_id <> d.payment_id
                  or r.reviewed_at < d.decided_at
                  or r.reviewed_at > ${anchor.toISOString()}::timestamptz) as wrong,
             (select count(*)::int from staff_audit_log a join payment_reviews r on r.payment_id = a.subject_id
               where a.action in ('review.approve', 'review.reject')) as audited,
             (select count(*)::int from payment_reviews) as reviews`);
    expect(row?.wrong).toBe(0);
    expect(row?.audited).toBe(row?.reviews);
  });

  it("writes the call log and the audit log in time order", async () => {
    const [row] = await database.db.execute<{ calls: number; audit: number; pays: number }>(sql`
      select (select count(*)::int from (
                select received_at < lag(received_at) over (order by id) as back from inbound_calls) c
               where back) as calls,
             (select count(*)::int from (
                select at < lag(at) over (order by id) as back from staff_audit_log
                 where actor_staff_id <> ${staffId}) a
               where back) as audit,
             (select count(*)::int from payments p
               where (select count(*) from inbound_calls c
                       where c.payment_request_id = p.payment_request_id
                         and c.path like '%/pay' and c.signature_verdict = 'VALID') <> 1) as pays`);
    expect(row).toEqual({ calls: 0, audit: 0, pays: 0 });
  });

  it("is what the console reads: the pending queue and the overview agree with the tables", async () => {
    const api = createCaller({
      db: database.db,
      session: staffSession(staffId),
    });
    const [row] = await database.db.execute<{ pending: number; promoted: number }>(sql`
      select (select count(*)::int from risk_decisions d
               where d.outcome = 'REVIEW'
                 and not exists (select 1 from payment_reviews r where r.decision_id = d.id)) as pending,
             (select count(*)::int from payments p
               where p.status = 'SUCCESS'
                 and p.received_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '29 days'
                 and exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id)) as promoted`);
    const queue = await api.reviews.list({ tab: "pending", limit: 100 });
    expect(queue.rows).toHaveLength(Math.min(100, row!.pending));
    const overview = await api.overview.get({});
    expect(overview.promotedDays.reduce((n, d) => n + d.payments, 0)).toBe(row!.promoted);
    expect(overview.ruleSetVersion).toBe(2);
    expect(overview.budgets.map((b) => b.campaign)).toContain(BENCH_CAMPAIGN);
  });
});

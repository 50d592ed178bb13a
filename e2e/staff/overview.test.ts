/**
 * The console overview (README "Staff console"): its figures against expectations computed by hand
 * on data the test writes itself — in a window of UTC days long past that no other test writes to,
 * or with promo ids of its own — money per currency and never summed across currencies, the budget
 * burn of rule-set campaigns, and the open reviews and cases against an independent count taken in
 * the same database snapshot.
 */
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Tx } from "@/db";
import { paymentPromotions, paymentReviews, payments, riskCases, riskDecisions } from "@/db/schema";
import {
  budgetBurn,
  loadOverview,
  savingsByCampaign,
  type PromoSavings,
} from "@/server/console-stats/overview";
import { statsWindow } from "@/server/console-stats/stats-window";
import { DEFAULT_RULE_SET_CONFIG, ZRuleSetConfig } from "@/server/risk/rule-config";
import {
  callGateway,
  createCustomer,
  database,
  PAY,
  payRequest,
  uniqueId,
} from "../fixtures/gateway";
import { createStaffAccount, staffCaller } from "../fixtures/staff";

const { db } = database;
const DAY_MS = 86_400_000;

/**
 * Three consecutive UTC days somewhere in the 14 years from `fromYear` (in 1971–1998: nothing
 * else is ever received then; each test of this file keeps to its own years).
 */
function pastWindow(fromYear: number) {
  const start = Date.UTC(fromYear, 0, 1) + randomInt(0, 14 * 365) * DAY_MS;
  const day = (n: number) => new Date(start + n * DAY_MS).toISOString().slice(0, 10);
  return { start, days: [day(0), day(1), day(2)] as const };
}

type Promo = { promoId: string | null; amountMinor: bigint; currency: string };

/** A payment row and its promotions, written straight into the tables the gateway writes. */
async function insertPayment(
  status: "SUCCESS" | "FAILED" | "CLOSED",
  receivedAt: Date,
  promos: readonly Promo[],
): Promise<string> {
  const paymentId = uniqueId("P-OVW");
  await db.insert(payments).values({
    paymentId,
    paymentRequestId: uniqueId("PR-OVW"),
    status,
    resultCode: status === "FAILED" ? "RISK_REJECT" : "SUCCESS",
    receivedAt,
  });
  if (promos.length > 0) {
    await db.insert(paymentPromotions).values(
      promos.map((promo, position) => ({
        paymentId,
        position,
        promoId: promo.promoId,
        promoName: promo.promoId ? `Name of ${promo.promoId}` : null,
        promoType: "DISCOUNT",
        amountMinor: promo.amountMinor,
        currency: promo.currency,
        walletCurrency: "KRW",
        walletAmountMinor: promo.currency === "KRW" ? promo.amountMinor : null,
        conversion:
          promo.currency === "KRW" ? ("SAME_CURRENCY" as const) : ("NOT_CONVERTIBLE" as const),
        raw: { promoId: promo.promoId },
      })),
    );
  }
  return paymentId;
}

type Verdict = { rule: string; verdict: "HIT" | "MISS"; action: string; campaign: string | null };

async function insertDecision(
  outcome: "ALLOW" | "REVIEW" | "REJECT",
  decidedAt: Date,
  verdicts: readonly Verdict[],
  paymentId: string | null = null,
): Promise<bigint> {
  const [row] = await db
    .insert(riskDecisions)
    .values({
      paymentRequestId: uniqueId("PR-OVW"),
      paymentId,
      context: "PAY",
      customerId: null,
      ruleSetVersion: 1,
      outcome,
      verdicts: verdicts.map((v) => ({ ...v, values: {} })),
      signals: {},
      campaigns: [],
      decidedAt,
      durationUs: 100,
    })
    .returning({ id: riskDecisions.id });
  return row!.id;
}

const miss = (rule: string): Verdict => ({
  rule,
  verdict: "MISS",
  action: "REJECT",
  campaign: null,
});
const hit = (rule: string, action = "REJECT", campaign: string | null = null): Verdict => ({
  rule,
  verdict: "HIT",
  action,
  campaign,
});

/**
 * The window's data: promoted, failed, cancelled and unpromoted payments on both sides of each
 * day boundary, promotions in KRW (exponent 2), JPY (0) and BHD (3), one without a promo id; and
 * decisions with every outcome, a rule hitting in two campaign groups of one decision, and a hit
 * whose action is ALLOW.
 */
async function writeWindow(fromYear: number) {
  const { start, days } = pastWindow(fromYear);
  const at = (dayOffset: number, ms = 12 * 3_600_000) => new Date(start + dayOffset * DAY_MS + ms);
  const prefix = uniqueId("OVW");
  const promoA = `${prefix}-A`;
  const promoB = `${prefix}-B`;
  const promoC = `${prefix}-C`;

  await insertPayment("SUCCESS", at(0, 0), [
    { promoId: promoA, amountMinor: 2790n, currency: "KRW" },
    { promoId: promoB, amountMinor: 930n, currency: "KRW" },
  ]);
  await insertPayment("SUCCESS", at(0), [{ promoId: promoA, amountMinor: 300n, currency: "JPY" }]);
  await insertPayment("FAILED", at(0), [{ promoId: promoA, amountMinor: 5000n, currency: "KRW" }]);
  await insertPayment("CLOSED", at(1), [{ promoId: promoB, amountMinor: 100n, currency: "KRW" }]);
  await insertPayment("SUCCESS", at(1), []);
  await insertPayment("SUCCESS", at(1), [{ promoId: null, amountMinor: 50n, currency: "KRW" }]);
  // The last millisecond of the last day is in; the first of the next day and the last of the
  // day before are out.
  await insertPayment("SUCCESS", at(2, DAY_MS - 1), [
    { promoId: promoC, amountMinor: 1234n, currency: "BHD" },
  ]);
  await insertPayment("SUCCESS", at(3, 0), [{ promoId: promoA, amountMinor: 1n, currency: "KRW" }]);
  await insertPayment("SUCCESS", at(-1, DAY_MS - 1), [
    { promoId: promoA, amountMinor: 1n, currency: "KRW" },
  ]);

  await insertDecision("ALLOW", at(0, 0), [miss("gambling"), miss("newAccount")]);
  await insertDecision("REJECT", at(0), [
    hit("repeatRedemption"),
    hit("repeatRedemption", "REJECT", "Autumn"),
    hit("gambling"),
    miss("newAccount"),
  ]);
  await insertDecision("REVIEW", at(0), [hit("newAccount", "REVIEW"), miss("gambling")]);
  await insertDecision("REVIEW", at(1), [hit("newAccount", "REVIEW")]);
  await insertDecision("ALLOW", at(2, DAY_MS - 1), [hit("sharedDevice", "ALLOW")]);
  await insertDecision("REJECT", at(3, 0), [hit("gambling")]);
  await insertDecision("REJECT", at(-1, DAY_MS - 1), [hit("gambling")]);
  return { days, promoA, promoB, promoC, prefix };
}

describe("overview figures", () => {
  it("per day and per promo id, per currency, exactly as computed by hand", async () => {
    const viewer = await createStaffAccount("VIEWER", "overview");
    const { days, promoA, promoB, promoC } = await writeWindow(1971);
    const [d1, d2, d3] = days;
    const api = await staffCaller(viewer);
    const overview = await api.overview.get({ from: d1, to: d3 });

    expect(overview.window).toEqual({ from: d1, to: d3, days: [d1, d2, d3], timeZone: "UTC" });
    expect(overview.promotedDays).toEqual([
      { day: d1, payments: 2 },
      { day: d2, payments: 1 },
      { day: d3, payments: 1 },
    ]);
    // KRW and JPY on the same day stay two figures.
    expect(overview.promotionMoney).toEqual([
      { day: d1, currency: "JPY", payments: 1, promotions: 1, amountMinor: "300" },
      { day: d1, currency: "KRW", payments: 1, promotions: 2, amountMinor: "3720" },
      { day: d2, currency: "KRW", payments: 1, promotions: 1, amountMinor: "50" },
      { day: d3, currency: "BHD", payments: 1, promotions: 1, amountMinor: "1234" },
    ]);
    const promo = (promoId: string | null, currency: string, amountMinor: string) => ({
      promoId,
      promoName: promoId ? `Name of ${promoId}` : null,
      campaign: null,
      currency,
      payments: 1,
      promotions: 1,
      amountMinor,
    });
    expect(overview.promos).toEqual([
      promo(promoC, "BHD", "1234"),
      promo(promoA, "JPY", "300"),
      promo(promoA, "KRW", "2790"),
      promo(promoB, "KRW", "930"),
      promo(null, "KRW", "50"),
    ]);
    expect(overview.campaigns).toEqual([
      { campaign: null, currency: "BHD", promotions: 1, amountMinor: "1234" },
      { campaign: null, currency: "JPY", promotions: 1, amountMinor: "300" },
      { campaign: null, currency: "KRW", promotions: 3, amountMinor: "3770" },
    ]);

    expect(overview.outcomes).toEqual([
      { day: d1, decisions: 3, allow: 1, review: 1, reject: 1 },
      { day: d2, decisions: 1, allow: 0, review: 1, reject: 0 },
      { day: d3, decisions: 1, allow: 1, review: 0, reject: 0 },
    ]);
    // repeatRedemption hit in two campaign groups of one decision: one decision.
    expect(overview.ruleHits).toEqual([
      { day: d1, rule: "gambling", decisions: 1 },
      { day: d1, rule: "newAccount", decisions: 1 },
      { day: d1, rule: "repeatRedemption", decisions: 1 },
      { day: d2, rule: "newAccount", decisions: 1 },
      { day: d3, rule: "sharedDevice", decisions: 1 },
    ]);
  });

  it("burns each budgeted campaign with the promo ids it wins, in the budget's currency only", async () => {
    const { days, promoA, prefix } = await writeWindow(1985);
    const overview = await loadOverview(db, statsWindow({ from: days[0], to: days[2] }));
    const config = ZRuleSetConfig.parse({
      rules: DEFAULT_RULE_SET_CONFIG.rules,
      campaigns: [
        // The exact id beats the prefix for promo A; B and C fall under the prefix.
        {
          name: "Prefix",
          promoIdPrefix: `${prefix}-`,
          budget: { currency: "BHD", amountMinor: "5000" },
        },
        { name: "Exact A", promoId: promoA, budget: { currency: "KRW", amountMinor: "10000" } },
        { name: "No budget", promoIdPrefix: "OVW-never-" },
      ],
    });
    expect(budgetBurn(config, overview.promos)).toEqual([
      {
        campaign: "Prefix",
        key: `^${prefix}-`,
        currency: "BHD",
        budgetMinor: 5000n,
        spentMinor: 1234n,
        promotions: 1,
        otherCurrencies: [{ currency: "KRW", amountMinor: 930n }],
      },
      {
        campaign: "Exact A",
        key: `=${promoA}`,
        currency: "KRW",
        budgetMinor: 10000n,
        spentMinor: 2790n,
        promotions: 1,
        otherCurrencies: [{ currency: "JPY", amountMinor: 300n }],
      },
    ]);
    const named: PromoSavings[] = overview.promos.map((p) => ({
      ...p,
      campaign: p.promoId === promoA ? "Exact A" : p.promoId ? "Prefix" : null,
    }));
    expect(savingsByCampaign(named)).toEqual([
      { campaign: "Prefix", currency: "BHD", promotions: 1, amountMinor: 1234n },
      { campaign: "Exact A", currency: "JPY", promotions: 1, amountMinor: 300n },
      { campaign: "Exact A", currency: "KRW", promotions: 1, amountMinor: 2790n },
      { campaign: "Prefix", currency: "KRW", promotions: 1, amountMinor: 930n },
      { campaign: null, currency: "KRW", promotions: 1, amountMinor: 50n },
    ]);
  });

  it("counts promotions of payments made through the real pay, and not those it rejected", async () => {
    const viewer = await createStaffAccount("VIEWER", "overview-pay");
    const promoId = uniqueId("OVW-PAY");
    const customerId = await createCustomer();
    const promoted = (overrides: Record<string, unknown> = {}) => {
      const body = payRequest(customerId, overrides);
      const [first] = body.paymentPromoInfo.paymentPromoDetails;
      return {
        ...body,
        paymentPromoInfo: { paymentPromoDetails: [{ ...first!, promoId }] },
      };
    };
    const paid = await callGateway(PAY, promoted());
    expect(paid.resultCode).toBe("SUCCESS");
    // A casino: the gambling rule rejects it, so its promotion never saved anyone anything.
    const casino = promoted();
    casino.order.merchant.merchantMCC = "7995";
    const rejected = await callGateway(PAY, casino);
    expect(rejected.resultCode).toBe("RISK_REJECT");

    const overview = await (await staffCaller(viewer)).overview.get({});
    expect(overview.promos.filter((row) => row.promoId === promoId)).toEqual([
      {
        promoId,
        promoName: "Autumn Japan: 300 JPY off",
        campaign: null,
        currency: "KRW",
        payments: 1,
        promotions: 1,
        amountMinor: "2790",
      },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect(overview.window.to).toBe(today);
    expect(overview.window.days).toHaveLength(30);
    expect(overview.ruleHits.some((h) => h.day === today && h.rule === "gambling")).toBe(true);
  });

  it("refuses a day that does not exist and a window that runs backwards or too long", async () => {
    const viewer = await createStaffAccount("VIEWER", "overview-window");
    const api = await staffCaller(viewer);
    await expect(api.overview.get({ from: "2025-02-29" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(api.overview.get({ from: "2025-03-02", to: "2025-03-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "from must be on or before to",
    });
    await expect(api.overview.get({ from: "2024-01-01", to: "2024-04-02" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "the window is at most 92 days",
    });
    const quarter = await api.overview.get({ from: "2024-01-01", to: "2024-04-01" });
    expect(quarter.window.days).toHaveLength(92);
    expect(quarter.window.days.slice(59, 61)).toEqual(["2024-02-29", "2024-03-01"]);
  });
});

describe("open reviews and cases", () => {
  /** Runs `check` in one REPEATABLE READ snapshot and rolls everything back. */
  async function inOneSnapshot(check: (tx: Tx) => Promise<void>): Promise<void> {
    const rollback = new Error("rollback");
    await expect(
      db.transaction(
        async (tx) => {
          await check(tx);
          throw rollback;
        },
        { isolationLevel: "repeatable read" },
      ),
    ).rejects.toBe(rollback);
  }

  /** The same figures by another route: payments first, then their decisions. */
  async function countedIndependently(tx: Tx) {
    const [row] = await tx.execute<{
      reviews: number;
      open: number;
      investigating: number;
      overdue: number;
    }>(sql`
      select (select count(*) from payments p
               where exists (select 1 from risk_decisions d
                              where d.payment_id = p.payment_id and d.outcome = 'REVIEW')
                 and p.payment_id not in (select payment_id from payment_reviews))::int as "reviews",
             (select count(*) from risk_cases where status = 'OPEN')::int as "open",
             (select count(*) from risk_cases where status = 'INVESTIGATING')::int as "investigating",
             (select count(*) from risk_cases
               where status in ('OPEN', 'INVESTIGATING') and deadline < now())::int as "overdue"`);
    return row!;
  }

  it("agree with the database to the unit, and move when a review or a case does", async () => {
    await inOneSnapshot(async (tx) => {
      const window = statsWindow({});
      const before = await loadOverview(tx, window);
      const expected = await countedIndependently(tx);
      expect(before.open.reviews).toBe(expected.reviews);
      expect(before.open.cases).toMatchObject({
        open: expected.open,
        investigating: expected.investigating,
        overdue: expected.overdue,
      });

      // The oldest review waiting and the earliest deadline anywhere: 2 January 1970.
      const paymentId = uniqueId("P-OVW");
      await tx.insert(payments).values({
        paymentId,
        paymentRequestId: uniqueId("PR-OVW"),
        status: "SUCCESS",
        receivedAt: new Date(Date.UTC(1970, 0, 2)),
      });
      const [decision] = await tx
        .insert(riskDecisions)
        .values({
          paymentRequestId: uniqueId("PR-OVW"),
          paymentId,
          context: "PAY",
          ruleSetVersion: 1,
          outcome: "REVIEW",
          verdicts: [],
          signals: {},
          campaigns: [],
          decidedAt: new Date(Date.UTC(1970, 0, 2)),
          durationUs: 1,
        })
        .returning({ id: riskDecisions.id });
      const caseValues = {
        source: "MANUAL" as const,
        reason: "test",
        requestDigest: "x",
        createdBy: "test",
      };
      await tx.insert(riskCases).values([
        {
          ...caseValues,
          caseId: uniqueId("CASE-OVW"),
          raisedAt: new Date(),
          deadline: new Date(Date.UTC(1970, 0, 3)),
        },
        {
          ...caseValues,
          caseId: uniqueId("CASE-OVW"),
          raisedAt: new Date(),
          status: "INVESTIGATING",
          deadline: new Date(Date.now() + DAY_MS),
        },
        {
          ...caseValues,
          caseId: uniqueId("CASE-OVW"),
          raisedAt: new Date(),
          status: "CONCLUDED",
          deadline: new Date(0),
        },
      ]);

      const during = await loadOverview(tx, window);
      expect(during.open).toEqual({
        reviews: before.open.reviews + 1,
        oldestReviewAt: new Date(Date.UTC(1970, 0, 2)),
        cases: {
          open: before.open.cases.open + 1,
          investigating: before.open.cases.investigating + 1,
          overdue: before.open.cases.overdue + 1,
          earliestDeadline: new Date(Date.UTC(1970, 0, 3)),
        },
      });

      await tx.insert(paymentReviews).values({
        decisionId: decision!.id,
        paymentId,
        verdict: "APPROVED",
        reason: "test",
        reviewedBy: "test",
      });
      const after = await loadOverview(tx, window);
      expect(after.open.reviews).toBe(before.open.reviews);
      expect(after.open.oldestReviewAt).toEqual(before.open.oldestReviewAt);
    });
  });
});

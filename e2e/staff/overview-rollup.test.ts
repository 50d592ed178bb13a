/**
 * The overview's daily rollup (server/console-stats/overview-rollup.ts) against figures computed
 * here, by hand, from the rows the test writes: the same figures whether the days are live
 * (computed from the source tables) or closed (read from the rollup), after payments are
 * cancelled once their day was rolled up, at the UTC day boundary with its grace period, and with
 * two readers filling the same days at once. Each test keeps to days of its own in 1940–1969,
 * which no other test writes to.
 */
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentPromotions, payments, riskDecisions } from "@/db/schema";
import { loadOverview, type Overview } from "@/server/console-stats/overview";
import { OVERVIEW_GRACE_MS } from "@/server/console-stats/overview-rollup";
import { statsWindow, utcDay } from "@/server/console-stats/stats-window";
import { database, uniqueId } from "../fixtures/gateway";

const { db } = database;
const DAY_MS = 86_400_000;

/** Where the next ownDays() starts: each call takes days no other call of this file takes. */
let nextStart = Date.UTC(1940, 0, 1) + randomInt(0, 365) * DAY_MS;

/** `count` consecutive UTC days from 1940 on, `start` 00:00 UTC of the first. */
function ownDays(count: number) {
  // Disjoint ranges (random ones overlapped now and then, and another test's payments on a shared
  // day counted in the rollup's per-day rows), with room for the reads dated after them.
  const start = nextStart;
  nextStart += (count + 60) * DAY_MS;
  const days = Array.from({ length: count }, (_, i) => utcDay(new Date(start + i * DAY_MS)));
  return { start, days };
}

interface PromoRow {
  promoId: string | null;
  promoName: string | null;
  /** Both null: a line Alipay+ sent without a readable amount (counted, no money). */
  currency: string | null;
  amountMinor: bigint | null;
}
type Reading = "READ" | "PARTLY_READ" | "NOT_UNDERSTOOD";
interface PaymentRow {
  paymentId: string;
  status: "SUCCESS" | "FAILED" | "CLOSED";
  resultCode: string | null;
  receivedAt: Date;
  promos: PromoRow[];
  /** How far its promotions were read; null without promotions. */
  reading?: Reading | null;
}
interface DecisionRow {
  outcome: "ALLOW" | "REVIEW" | "REJECT";
  decidedAt: Date;
  hits: string[];
  misses: string[];
}

async function insertPayment(row: PaymentRow): Promise<void> {
  await db.insert(payments).values({
    paymentId: row.paymentId,
    paymentRequestId: uniqueId("PR-ROLL"),
    status: row.status,
    resultCode: row.resultCode,
    receivedAt: row.receivedAt,
    promotionReading: row.reading ?? (row.promos.length > 0 ? "READ" : null),
  });
  if (row.promos.length === 0) return;
  await db.insert(paymentPromotions).values(
    row.promos.map((promo, position) => ({
      paymentId: row.paymentId,
      position,
      promoId: promo.promoId,
      promoName: promo.promoName,
      promoType: "DISCOUNT",
      amountMinor: promo.amountMinor,
      currency: promo.currency,
      walletCurrency: "KRW",
      walletAmountMinor: null,
      conversion: promo.amountMinor === null ? null : ("NOT_CONVERTIBLE" as const),
      reading: promo.amountMinor === null ? ("PARTLY_READ" as const) : ("READ" as const),
      raw: {},
    })),
  );
}

async function insertDecision(row: DecisionRow): Promise<void> {
  await db.insert(riskDecisions).values({
    paymentRequestId: uniqueId("PR-ROLL"),
    paymentId: null,
    context: "PAY",
    ruleSetVersion: 1,
    outcome: row.outcome,
    verdicts: [
      // A rule may hit in two campaign groups of one decision: it counts once.
      ...row.hits.flatMap((rule) => [
        { rule, verdict: "HIT", action: "REJECT", campaign: null },
        ...(rule === "gambling"
          ? [{ rule, verdict: "HIT", action: "REJECT", campaign: "Autumn" }]
          : []),
      ]),
      ...row.misses.map((rule) => ({ rule, verdict: "MISS", action: "REJECT", campaign: null })),
    ],
    signals: {},
    campaigns: [],
    decidedAt: row.decidedAt,
    durationUs: 1,
  });
}

const RULES = ["gambling", "newAccount", "sharedDevice", "repeatRedemption"];
const CURRENCIES = ["KRW", "JPY", "BHD"];

/**
 * Random payments and decisions over `days` (and the day on each side, which the window leaves
 * out), many at the edges of a day; promo ids of their own, one that comes with two names.
 */
function generate(start: number, dayCount: number) {
  const prefix = uniqueId("ROLL");
  const promoIds = [`${prefix}-A`, `${prefix}-B`, `${prefix}-C`, null];
  const at = () => {
    const day = randomInt(-1, dayCount + 1);
    const edge = [0, 1, DAY_MS - 1, DAY_MS - 2][randomInt(0, 8)];
    return new Date(start + day * DAY_MS + (edge ?? randomInt(0, DAY_MS)));
  };
  const paymentRows: PaymentRow[] = Array.from({ length: 60 }, () => {
    const kind = randomInt(0, 10);
    const status = kind < 6 ? "SUCCESS" : kind < 8 ? "FAILED" : "CLOSED";
    return {
      paymentId: uniqueId("P-ROLL"),
      status,
      // CLOSED: half cancelled after success, half closed in advance (no result code).
      resultCode:
        status === "FAILED" ? "RISK_REJECT" : status === "CLOSED" && kind === 9 ? null : "SUCCESS",
      receivedAt: at(),
      promos: Array.from({ length: randomInt(0, 4) }, () => {
        const promoId = promoIds[randomInt(0, promoIds.length)]!;
        // One line in eight came without a readable amount.
        const unread = randomInt(0, 8) === 0;
        return {
          promoId,
          // Promo A is named two ways: the overview shows the greatest name still counted.
          promoName:
            promoId === null ? null : `${promoId} ${promoId.endsWith("A") ? randomInt(0, 2) : ""}`,
          currency: unread ? null : CURRENCIES[randomInt(0, CURRENCIES.length)]!,
          amountMinor: unread ? null : BigInt(randomInt(1, 100_000)),
        };
      }),
    } satisfies PaymentRow;
  }).map((row) => ({
    ...row,
    reading:
      row.promos.length === 0
        ? null
        : (["READ", "READ", "PARTLY_READ", "NOT_UNDERSTOOD"] as const)[randomInt(0, 4)]!,
  }));
  const decisionRows: DecisionRow[] = Array.from({ length: 40 }, () => {
    const hits = RULES.filter(() => randomInt(0, 3) === 0);
    return {
      outcome: (["ALLOW", "REVIEW", "REJECT"] as const)[randomInt(0, 3)]!,
      decidedAt: at(),
      hits,
      misses: RULES.filter((rule) => !hits.includes(rule)),
    };
  });
  return { paymentRows, decisionRows, promoIds };
}

/** The overview's figures from the generated rows, computed without SQL. */
function expected(
  window: { days: string[] },
  paymentRows: readonly PaymentRow[],
  decisionRows: readonly DecisionRow[],
  promoIds: readonly (string | null)[],
) {
  const inWindow = (at: Date) => window.days.includes(utcDay(at));
  const paid = paymentRows.filter(
    (p) => p.status === "SUCCESS" && p.promos.length > 0 && inWindow(p.receivedAt),
  );
  const promotedDays = window.days
    .map((day) => ({ day, payments: paid.filter((p) => utcDay(p.receivedAt) === day).length }))
    .filter((d) => d.payments > 0);
  const promotionMoney = window.days.flatMap((day) =>
    [...CURRENCIES].sort().flatMap((currency) => {
      const promos = paid
        .filter((p) => utcDay(p.receivedAt) === day)
        .map((p) => ({ p, list: p.promos.filter((x) => x.currency === currency) }))
        .filter(({ list }) => list.length > 0);
      if (promos.length === 0) return [];
      const all = promos.flatMap(({ list }) => list);
      return [
        {
          day,
          currency,
          payments: promos.length,
          promotions: all.length,
          amountMinor: all.reduce((n, x) => n + (x.amountMinor ?? 0n), 0n),
        },
      ];
    }),
  );
  const promos = promoIds.flatMap((promoId) =>
    CURRENCIES.flatMap((currency) => {
      const list = paid.flatMap((p) =>
        p.promos
          .filter((x) => x.promoId === promoId && x.currency === currency)
          .map((x) => ({ p, x })),
      );
      if (list.length === 0) return [];
      const names = list.map(({ x }) => x.promoName).filter((n): n is string => n !== null);
      return [
        {
          promoId,
          promoName: names.length > 0 ? names.sort().at(-1)! : null,
          currency,
          payments: new Set(list.map(({ p }) => p.paymentId)).size,
          promotions: list.length,
          amountMinor: list.reduce((n, { x }) => n + (x.amountMinor ?? 0n), 0n),
        },
      ];
    }),
  );
  // Any outcome: a reading never changes, a cancellation leaves it counted.
  const unclearPromotions = window.days
    .map((day) => ({
      day,
      payments: paymentRows.filter(
        (p) =>
          utcDay(p.receivedAt) === day &&
          (p.reading === "PARTLY_READ" || p.reading === "NOT_UNDERSTOOD"),
      ).length,
    }))
    .filter((d) => d.payments > 0);
  const decided = decisionRows.filter((d) => inWindow(d.decidedAt));
  const outcomes = window.days
    .map((day) => {
      const list = decided.filter((d) => utcDay(d.decidedAt) === day);
      return {
        day,
        decisions: list.length,
        allow: list.filter((d) => d.outcome === "ALLOW").length,
        review: list.filter((d) => d.outcome === "REVIEW").length,
        reject: list.filter((d) => d.outcome === "REJECT").length,
      };
    })
    .filter((d) => d.decisions > 0);
  const ruleHits = window.days.flatMap((day) =>
    [...RULES].sort().flatMap((rule) => {
      const n = decided.filter((d) => utcDay(d.decidedAt) === day && d.hits.includes(rule)).length;
      return n > 0 ? [{ day, rule, decisions: n }] : [];
    }),
  );
  return { promotedDays, promotionMoney, promos, outcomes, ruleHits, unclearPromotions };
}

/** The overview's figures that come from the window (promos only those of this test). */
function figures(overview: Overview, promoIds: readonly (string | null)[]) {
  const mine = new Set(promoIds.filter((id) => id !== null));
  return {
    promotedDays: overview.promotedDays,
    promotionMoney: overview.promotionMoney,
    promos: overview.promos
      .filter((p) => p.promoId === null || mine.has(p.promoId))
      .map(({ campaign: _campaign, ...p }) => p),
    outcomes: overview.outcomes,
    ruleHits: overview.ruleHits,
    unclearPromotions: overview.unclearPromotions,
  };
}

const sortPromos = <T extends { promoId: string | null; currency: string }>(list: T[]) =>
  [...list].sort(
    (a, b) =>
      (a.promoId ?? "").localeCompare(b.promoId ?? "") || a.currency.localeCompare(b.currency),
  );

async function rolledUpDays(days: readonly string[]): Promise<string[]> {
  const rows = await db.execute<{ day: string }>(sql`
    select to_char(day, 'YYYY-MM-DD') as day from overview_days
     where day in (${sql.join(
       days.map((d) => sql`${d}::date`),
       sql`, `,
     )}) order by day`);
  return rows.map((row) => row.day);
}

describe("the overview's daily rollup", () => {
  it("gives the live figures, also after payments are cancelled once their day is closed", async () => {
    for (let round = 0; round < 3; round++) {
      const { start, days } = ownDays(5);
      const window = statsWindow({ from: days[0], to: days.at(-1) });
      const { paymentRows, decisionRows, promoIds } = generate(start, days.length);
      for (const row of paymentRows) await insertPayment(row);
      for (const row of decisionRows) await insertDecision(row);

      const want = expected(window, paymentRows, decisionRows, promoIds);
      const check = (overview: Overview) => {
        const got = figures(overview, promoIds);
        expect({ ...got, promos: sortPromos(got.promos) }).toEqual({
          ...want,
          promos: sortPromos(want.promos),
        });
      };
      // Live: `now` before the window, so no day of it is closed.
      check(await loadOverview(db, window, new Date(start - DAY_MS)));
      expect(await rolledUpDays(days)).toEqual([]);
      // Closed: every day rolled up by this read, then read back from the rollup.
      const after = new Date(start + 40 * DAY_MS);
      check(await loadOverview(db, window, after));
      expect(await rolledUpDays(days)).toEqual(days);
      check(await loadOverview(db, window, after));

      // Cancel half of the successful payments (cancelPayment's update), the greatest names first.
      const cancelled = paymentRows
        .filter((p) => p.status === "SUCCESS")
        .sort((a, b) =>
          (
            b.promos
              .map((x) => x.promoName ?? "")
              .sort()
              .at(-1) ?? ""
          ).localeCompare(
            a.promos
              .map((x) => x.promoName ?? "")
              .sort()
              .at(-1) ?? "",
          ),
        )
        .filter((_, i) => i % 2 === 0);
      for (const p of cancelled) {
        await db.execute(
          sql`update payments set status = 'CLOSED', closed_at = now() where payment_id = ${p.paymentId}`,
        );
        p.status = "CLOSED";
      }
      const now = expected(window, paymentRows, decisionRows, promoIds);
      const recheck = (overview: Overview) => {
        const got = figures(overview, promoIds);
        expect({ ...got, promos: sortPromos(got.promos) }).toEqual({
          ...now,
          promos: sortPromos(now.promos),
        });
      };
      recheck(await loadOverview(db, window, after));
      recheck(await loadOverview(db, window, new Date(start - DAY_MS)));
    }
  });

  it("keeps a day live until OVERVIEW_GRACE_MS after it ended: a late commit is counted", async () => {
    const { start, days } = ownDays(2);
    const [first, second] = days as [string, string];
    const window = statsWindow({ from: first, to: second });
    const promoId = uniqueId("ROLL-EDGE");
    const payment = (receivedAt: Date): PaymentRow => ({
      paymentId: uniqueId("P-ROLL"),
      status: "SUCCESS",
      resultCode: "SUCCESS",
      receivedAt,
      promos: [{ promoId, promoName: "edge", currency: "KRW", amountMinor: 10n }],
    });
    const endOfFirst = new Date(start + DAY_MS);
    await insertPayment(payment(new Date(endOfFirst.getTime() - 1)));

    // Just inside the grace period: the first day is still live, not rolled up.
    const early = await loadOverview(
      db,
      window,
      new Date(endOfFirst.getTime() + OVERVIEW_GRACE_MS - 1),
    );
    expect(early.promotedDays).toEqual([{ day: first, payments: 1 }]);
    expect(await rolledUpDays(days)).toEqual([]);
    // A payment received in the last millisecond of the day commits now, after that read.
    await insertPayment(payment(new Date(endOfFirst.getTime() - 1)));

    const late = await loadOverview(db, window, new Date(endOfFirst.getTime() + OVERVIEW_GRACE_MS));
    expect(await rolledUpDays(days)).toEqual([first]);
    expect(late.promotedDays).toEqual([{ day: first, payments: 2 }]);
    expect(late.promos.filter((p) => p.promoId === promoId)).toMatchObject([
      { promoId, currency: "KRW", payments: 2, promotions: 2, amountMinor: 20n },
    ]);
    // The next day's first millisecond belongs to the next day.
    await insertPayment(payment(endOfFirst));
    const next = await loadOverview(db, window, new Date(endOfFirst.getTime() + OVERVIEW_GRACE_MS));
    expect(next.promotedDays).toEqual([
      { day: first, payments: 2 },
      { day: second, payments: 1 },
    ]);
  });

  it("is filled once when readers ask for the same closed days at the same time", async () => {
    const { start, days } = ownDays(10);
    const window = statsWindow({ from: days[0], to: days.at(-1) });
    const { paymentRows, decisionRows, promoIds } = generate(start, days.length);
    for (const row of paymentRows) await insertPayment(row);
    for (const row of decisionRows) await insertDecision(row);
    const after = new Date(start + 40 * DAY_MS);
    // Overlapping windows from both ends: the readers contend for the days in the middle.
    const reads = await Promise.all([
      loadOverview(db, window, after),
      loadOverview(db, statsWindow({ from: days[3], to: days.at(-1) }), after),
      loadOverview(db, statsWindow({ from: days[0], to: days[6] }), after),
      loadOverview(db, window, after),
    ]);
    expect(await rolledUpDays(days)).toEqual(days);
    const [rows] = await db.execute<{ duplicates: number; days: number }>(sql`
      select count(*) filter (where n > 1)::int as duplicates, count(*)::int as days
        from (select day, count(*) as n from overview_promotion_days
               where level = 7 and day between ${days[0]}::date and ${days.at(-1)}::date
               group by day) x`);
    expect(rows!.duplicates).toBe(0);
    // A day has its row when a payment received on it succeeded with promotions, even one
    // cancelled since (the read subtracts those): not only the days the overview shows.
    const succeededOn = new Set(
      paymentRows
        .filter((p) => p.resultCode === "SUCCESS" && p.promos.length > 0)
        .map((p) => utcDay(p.receivedAt))
        .filter((day) => window.days.includes(day)),
    );
    expect(rows!.days).toBe(succeededOn.size);
    const want = expected(window, paymentRows, decisionRows, promoIds);
    const got = figures(reads[0], promoIds);
    expect({ ...got, promos: sortPromos(got.promos) }).toEqual({
      ...want,
      promos: sortPromos(want.promos),
    });
    expect(figures(reads[3], promoIds)).toEqual(figures(reads[0], promoIds));
  });
});

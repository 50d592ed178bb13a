/**
 * The console's overview figures (README "Staff console") for a window of UTC days:
 * promoted payments and promotion money per day, savings by promo id and by rule-set campaign,
 * campaign budget burn, decisions per rule per day, outcome shares per day, and the open reviews
 * and cases. Money stays per currency (as received in `savingsAmount`), never summed across
 * currencies; counts and sums come from SQL as exact integers (sums as decimal text).
 *
 * The window's closed days come from the daily rollup (./overview-rollup.ts: filled by this read
 * the first time a closed day is asked for, never on the pay path), the days not closed yet from
 * the source tables, bounded by their timestamps: `payments.received_at` through
 * payments_success_received_idx, `risk_decisions.decided_at` through its index.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  cancelledAfterSuccessIn,
  liveFrom,
  outcomeRows,
  promotionGroups,
  rollUpClosedDays,
  ruleHitRows,
  successfulIn,
  unclearPromotionRows,
} from "./overview-rollup";
import { campaignFor, campaignKey, type RuleSetConfig } from "../risk/rule-config";
import { liveVersion, publishedConfig } from "../risk/rule-sets";
import type { StatsWindow } from "./stats-window";

/** One UTC day's promoted payments: successful payments carrying at least one promotion. */
export interface PromotedDay {
  day: string;
  payments: number;
}

/** One UTC day's promotions in one currency (the `savingsAmount` currency). */
export interface PromotionMoneyDay {
  day: string;
  currency: string;
  /** Promoted payments with a promotion in this currency. */
  payments: number;
  promotions: number;
  amountMinor: bigint;
}

/** One promo id's savings in one currency over the window. */
export interface PromoSavings {
  promoId: string | null;
  promoName: string | null;
  /** The live rule set's campaign the promo id falls under (exact beats prefix), if any. */
  campaign: string | null;
  currency: string;
  payments: number;
  promotions: number;
  amountMinor: bigint;
}

/** One live campaign's savings in one currency (`campaign` null: promotions under no campaign). */
export interface CampaignSavings {
  campaign: string | null;
  currency: string;
  promotions: number;
  amountMinor: bigint;
}

/** A live campaign with a budget against the promotion money it saw in the window. */
export interface BudgetBurn {
  campaign: string;
  key: string;
  currency: string;
  budgetMinor: bigint;
  /** Promotions received in the budget's currency, on successful payments in the window. */
  spentMinor: bigint;
  promotions: number;
  /** The campaign's promotions received in other currencies: shown apart, never converted. */
  otherCurrencies: { currency: string; amountMinor: bigint }[];
}

/** Decisions in which a rule hit, per UTC day (a decision counts once per rule). */
export interface RuleHitDay {
  day: string;
  rule: string;
  decisions: number;
}

/** Payments received on a UTC day whose promotions were not fully read (any outcome). */
export interface UnclearPromotionDay {
  day: string;
  payments: number;
}

/** Risk decisions per UTC day by outcome (every context: pay, evaluation, cashier). */
export interface OutcomeDay {
  day: string;
  decisions: number;
  allow: number;
  review: number;
  reject: number;
}

export interface OpenWork {
  /** REVIEW decisions of payments no one has given a verdict yet (the pending review queue). */
  reviews: number;
  oldestReviewAt: Date | null;
  cases: {
    open: number;
    investigating: number;
    /** Open or investigating with a deadline already past. */
    overdue: number;
    earliestDeadline: Date | null;
  };
}

export interface Overview {
  window: StatsWindow;
  ruleSetVersion: number;
  promotedDays: PromotedDay[];
  promotionMoney: PromotionMoneyDay[];
  promos: PromoSavings[];
  campaigns: CampaignSavings[];
  budgets: BudgetBurn[];
  ruleHits: RuleHitDay[];
  outcomes: OutcomeDay[];
  unclearPromotions: UnclearPromotionDay[];
  open: OpenWork;
}

/**
 * The overview for `window` under the live rule set's campaigns; `now` dates "overdue" and says
 * which days are closed (rolled up, filled first when missing) and which are live.
 */
export async function loadOverview(
  db: DbOrTx,
  window: StatsWindow,
  now = new Date(),
): Promise<Overview> {
  const ruleSetVersion = await liveVersion(db);
  const config = await publishedConfig(db, ruleSetVersion);
  // [fromAt, liveAt): closed days, from the rollup; [liveAt, toAt): live, from the source tables.
  const liveAt = new Date(
    Math.min(window.toAt.getTime(), Math.max(window.fromAt.getTime(), liveFrom(now).getTime())),
  );
  const parts: WindowParts = { fromAt: window.fromAt, liveAt, toAt: window.toAt };
  await rollUpClosedDays(db, window.fromAt, liveAt);
  const [promotions, ruleHits, outcomes, unclearPromotions, open] = await Promise.all([
    promotionFigures(db, parts),
    ruleHitsPerDay(db, parts),
    outcomesPerDay(db, parts),
    unclearPromotionsPerDay(db, parts),
    openWork(db, now),
  ]);
  const promos = promotions.promos.map((promo) => ({
    ...promo,
    campaign: campaignFor(config, promo.promoId ?? undefined)?.name ?? null,
  }));
  return {
    window,
    ruleSetVersion,
    promotedDays: promotions.promotedDays,
    promotionMoney: promotions.promotionMoney,
    promos,
    campaigns: savingsByCampaign(promos),
    budgets: budgetBurn(config, promos),
    ruleHits,
    outcomes,
    unclearPromotions,
    open,
  };
}

/** The window cut where the live days start: `fromAt <= liveAt <= toAt`. */
interface WindowParts {
  fromAt: Date;
  liveAt: Date;
  toAt: Date;
}

const day = (at: Date) => sql`${at.toISOString().slice(0, 10)}::date`;

interface PromotionRow extends Record<string, unknown> {
  level: number;
  day: string | null;
  currency: string | null;
  promoId: string | null;
  promoName: string | null;
  payments: number;
  promotions: number;
  amountMinor: string;
}

/**
 * The window's promotions three ways: per day (promoted payments), per day and currency
 * (promotion money), per promo id and currency (savings). The closed days' rollup rows, minus the
 * promotions of their payments cancelled after success, plus the live days computed the same
 * way, are summed per group; a group left with no promotion is gone, as it would be live. A promo
 * id's name is the greatest name among its promotions still counted, as `max()` over the source
 * rows would give.
 */
async function promotionFigures(db: DbOrTx, parts: WindowParts) {
  const { fromAt, liveAt, toAt } = parts;
  const closed = sql`day >= ${day(fromAt)} and day < ${day(liveAt)}`;
  const cancelled =
    liveAt > fromAt
      ? promotionGroups([cancelledAfterSuccessIn(fromAt, liveAt)], -1)
      : sql`select * from overview_promotion_days where false`;
  const live =
    toAt > liveAt
      ? promotionGroups([successfulIn(liveAt, toAt)])
      : sql`select * from overview_promotion_days where false`;
  // (day, currency, promo id) as a key a hash join can use (a promo id may be null).
  const key = (t: string) =>
    sql.raw(`(${t}.day, ${t}.currency, ${t}.promo_id is null, coalesce(${t}.promo_id, ''))`);
  const rows = await db.execute<PromotionRow>(sql`
    with cancelled as materialized (${cancelled}),
    live as materialized (${live}),
    -- Per day and per day and currency: the rollup's rows, minus cancellations, plus live days.
    days as (
      select level, day, currency, sum(payments)::int as payments,
             sum(promotions)::int as promotions, sum(amount_minor) as amount_minor
        from (select level, day, currency, payments, promotions, amount_minor
                from overview_promotion_days where level in (3, 7) and ${closed}
              union all
              select level, day, currency, payments, promotions, amount_minor
                from cancelled where level in (3, 7)
              union all
              select level, day, currency, payments, promotions, amount_minor
                from live where level in (3, 7)) x
       group by level, day, currency
      having sum(promotions) <> 0),
    -- A day's promo id some cancellation touched: what is left of it, and its greatest name among
    -- the promotions left (level 0 when that day had several names, else its only name).
    touched as (
      select c.day, c.currency, c.promo_id,
             r.payments + c.payments as payments, r.promotions + c.promotions as promotions,
             r.amount_minor + c.amount_minor as amount_minor,
             coalesce((select max(n.promo_name)
                         from (select n.promo_name from (
                                 select r0.promo_name, r0.promotions from overview_promotion_days r0
                                  where r0.level = 0 and ${key("r0")} = ${key("c")}
                                 union all
                                 select c0.promo_name, c0.promotions from cancelled c0
                                  where c0.level = 0 and ${key("c0")} = ${key("c")}) n
                                group by n.promo_name having sum(n.promotions) > 0) n
                        where exists (select 1 from overview_promotion_days r0
                                       where r0.level = 0 and ${key("r0")} = ${key("c")})),
                      r.promo_name) as promo_name
        from cancelled c
        join overview_promotion_days r on r.level = 1 and ${key("r")} = ${key("c")}
       where c.level = 1),
    promo_days as (
      select r.currency, r.promo_id, r.promo_name, r.payments, r.promotions, r.amount_minor
        from overview_promotion_days r
       where r.level = 1 and ${closed}
         and not exists (select 1 from touched t where ${key("t")} = ${key("r")})
      union all
      select currency, promo_id, promo_name, payments, promotions, amount_minor
        from touched where promotions > 0
      union all
      select currency, promo_id, promo_name, payments, promotions, amount_minor
        from live where level = 1)
    select level::int as "level", to_char(day, 'YYYY-MM-DD') as "day",
           currency::text as "currency", null::text as "promoId", null::text as "promoName",
           payments as "payments", promotions as "promotions", amount_minor::text as "amountMinor"
      from days
     union all
    select 1, null, currency::text, promo_id, max(promo_name), sum(payments)::int,
           sum(promotions)::int, sum(amount_minor)::text
      from promo_days
     group by currency, promo_id`);

  const promotedDays: PromotedDay[] = [];
  const promotionMoney: PromotionMoneyDay[] = [];
  const promos: Omit<PromoSavings, "campaign">[] = [];
  for (const row of rows) {
    const figures = {
      payments: row.payments,
      promotions: row.promotions,
      amountMinor: BigInt(row.amountMinor),
    };
    // grouping() bits: day 8, currency 4, promo id 2, promo name 1 (set = not grouped by it).
    if (row.level === 7) promotedDays.push({ day: row.day!, payments: row.payments });
    // Lines without a readable amount have no currency: counted above, no money to show.
    else if (row.currency === null) continue;
    else if (row.level === 3) {
      promotionMoney.push({ day: row.day!, currency: row.currency, ...figures });
    } else if (row.level === 1) {
      promos.push({
        promoId: row.promoId,
        promoName: row.promoName,
        currency: row.currency,
        ...figures,
      });
    }
  }
  promotedDays.sort((a, b) => a.day.localeCompare(b.day));
  promotionMoney.sort((a, b) => a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency));
  promos.sort(
    (a, b) =>
      a.currency.localeCompare(b.currency) ||
      compareBigintDesc(a.amountMinor, b.amountMinor) ||
      (a.promoId ?? "").localeCompare(b.promoId ?? ""),
  );
  return { promotedDays, promotionMoney, promos };
}

function compareBigintDesc(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

/** Savings per live campaign and currency, from the per-promo figures (exact bigint sums). */
export function savingsByCampaign(promos: readonly PromoSavings[]): CampaignSavings[] {
  const totals = new Map<string, CampaignSavings>();
  for (const promo of promos) {
    const key = JSON.stringify([promo.campaign, promo.currency]);
    const total = totals.get(key) ?? {
      campaign: promo.campaign,
      currency: promo.currency,
      promotions: 0,
      amountMinor: 0n,
    };
    total.promotions += promo.promotions;
    total.amountMinor += promo.amountMinor;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) =>
      a.currency.localeCompare(b.currency) || compareBigintDesc(a.amountMinor, b.amountMinor),
  );
}

/**
 * Each live campaign with a budget against its promotions in the window: a promo id belongs to
 * the campaign `campaignFor` picks for it (exact beats prefix, longer prefix beats shorter), as a
 * live decision would. Only money received in the budget's currency counts against it.
 */
export function budgetBurn(
  config: RuleSetConfig,
  promos: readonly Omit<PromoSavings, "campaign">[],
): BudgetBurn[] {
  const burns: BudgetBurn[] = [];
  for (const campaign of config.campaigns) {
    const budget = campaign.budget;
    if (!budget) continue;
    let spentMinor = 0n;
    let promotions = 0;
    const others = new Map<string, bigint>();
    for (const promo of promos) {
      if (campaignFor(config, promo.promoId ?? undefined) !== campaign) continue;
      if (promo.currency === budget.currency) {
        spentMinor += promo.amountMinor;
        promotions += promo.promotions;
      } else {
        others.set(promo.currency, (others.get(promo.currency) ?? 0n) + promo.amountMinor);
      }
    }
    burns.push({
      campaign: campaign.name,
      key: campaignKey(campaign),
      currency: budget.currency,
      budgetMinor: BigInt(budget.amountMinor),
      spentMinor,
      promotions,
      otherCurrencies: [...others]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amountMinor]) => ({ currency, amountMinor })),
    });
  }
  return burns;
}

/**
 * Per day and rule, the decisions in which the rule said HIT (in any campaign group: a rule that
 * hit in two groups of one decision counts once): the rollup's closed days, the live days counted
 * (./overview-rollup.ts ruleHitRows).
 */
async function ruleHitsPerDay(db: DbOrTx, parts: WindowParts): Promise<RuleHitDay[]> {
  const { fromAt, liveAt, toAt } = parts;
  const rows = await db.execute<RuleHitDay & Record<string, unknown>>(sql`
    select to_char(day, 'YYYY-MM-DD') as "day", rule as "rule", decisions as "decisions"
      from (select day, rule, decisions from overview_rule_hit_days
             where day >= ${day(fromAt)} and day < ${day(liveAt)}
            ${
              toAt > liveAt
                ? sql`union all
            select h.day, h.rule, count(*)::int from (${ruleHitRows(liveAt, toAt)}) h group by 1, 2`
                : sql``
            }) x
     order by day, rule`);
  return [...rows];
}

async function outcomesPerDay(db: DbOrTx, parts: WindowParts): Promise<OutcomeDay[]> {
  const { fromAt, liveAt, toAt } = parts;
  const rows = await db.execute<OutcomeDay & Record<string, unknown>>(sql`
    select to_char(day, 'YYYY-MM-DD') as "day", decisions as "decisions",
           allow as "allow", review as "review", reject as "reject"
      from (select day, decisions, allow, review, reject from overview_outcome_days
             where day >= ${day(fromAt)} and day < ${day(liveAt)}
            ${toAt > liveAt ? sql`union all ${outcomeRows(liveAt, toAt)}` : sql``}) x
     order by day`);
  return [...rows];
}

/** Per day, payments whose promotions were not fully read: the rollup's, then the live days'. */
async function unclearPromotionsPerDay(
  db: DbOrTx,
  parts: WindowParts,
): Promise<UnclearPromotionDay[]> {
  const { fromAt, liveAt, toAt } = parts;
  const rows = await db.execute<UnclearPromotionDay & Record<string, unknown>>(sql`
    select to_char(day, 'YYYY-MM-DD') as "day", payments as "payments"
      from (select day, payments from overview_unclear_promotion_days
             where day >= ${day(fromAt)} and day < ${day(liveAt)}
            ${toAt > liveAt ? sql`union all ${unclearPromotionRows(liveAt, toAt)}` : sql``}) x
     order by day`);
  return [...rows];
}

/**
 * What waits for staff now (not windowed): REVIEW decisions of payments without a verdict (the
 * review queue's pending tab: its partial index holds open reviews only, each checked against
 * payment_reviews by primary key), and cases still open or under investigation.
 */
async function openWork(db: DbOrTx, now: Date): Promise<OpenWork> {
  const [reviews] = await db.execute<{ reviews: number; oldest: string | null }>(sql`
    select count(*)::int as "reviews",
           ${isoText(sql`min(d.decided_at)`)} as "oldest"
      from risk_decisions d
     where d.outcome = 'REVIEW' and d.payment_id is not null and d.reviewed_at is null
       and not exists (select 1 from payment_reviews r where r.decision_id = d.id)`);
  const [cases] = await db.execute<{
    open: number;
    investigating: number;
    overdue: number;
    earliest: string | null;
  }>(sql`
    select count(*) filter (where status = 'OPEN')::int as "open",
           count(*) filter (where status = 'INVESTIGATING')::int as "investigating",
           count(*) filter (where deadline < ${now.toISOString()}::timestamptz)::int as "overdue",
           ${isoText(sql`min(deadline)`)} as "earliest"
      from risk_cases
     where status in ('OPEN', 'INVESTIGATING')`);
  return {
    reviews: reviews?.reviews ?? 0,
    oldestReviewAt: reviews?.oldest ? new Date(reviews.oldest) : null,
    cases: {
      open: cases?.open ?? 0,
      investigating: cases?.investigating ?? 0,
      overdue: cases?.overdue ?? 0,
      earliestDeadline: cases?.earliest ? new Date(cases.earliest) : null,
    },
  };
}

/** A timestamptz as ISO 8601 UTC text (raw statements return no Date objects). */
function isoText(expression: ReturnType<typeof sql>) {
  return sql`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

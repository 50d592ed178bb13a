/**
 * The console's overview figures (issue 6 "Overview", PRODUCT.md M8) for a window of UTC days:
 * promoted payments and promotion money per day, savings by promo id and by rule-set campaign,
 * campaign budget burn, decisions per rule per day, outcome shares per day, and the open reviews
 * and cases. Money stays per currency (as received in `savingsAmount`), never summed across
 * currencies; counts and sums come from SQL as exact integers (sums as decimal text).
 *
 * Every windowed statement is bounded by the window's timestamps: `risk_decisions.decided_at`
 * (risk_decisions_decided_at_idx, and (outcome, decided_at) for an index-only count) and
 * `payments.received_at`, which has no index leading with it yet: what the promotions statement
 * wants is `payments (received_at, payment_id) WHERE status = 'SUCCESS'` (an index-only range).
 * Until then it reads the window's payments once for all of its figures (grouping sets) rather
 * than once per chart.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { campaignFor, type Campaign, type RuleSetConfig } from "../risk/rule-config";
import { liveVersion, publishedConfig } from "../risk/rule-sets";
import type { StatsWindow } from "./stats-window";

/** A campaign's key as the rule set writes it: `=ID` (exact promo id) or `^PREFIX`. */
export function campaignKey(campaign: Campaign): string {
  return campaign.promoId !== undefined ? `=${campaign.promoId}` : `^${campaign.promoIdPrefix}`;
}

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
  open: OpenWork;
}

/** The overview for `window` under the live rule set's campaigns; `now` dates "overdue". */
export async function loadOverview(
  db: DbOrTx,
  window: StatsWindow,
  now = new Date(),
): Promise<Overview> {
  const ruleSetVersion = await liveVersion(db);
  const config = await publishedConfig(db, ruleSetVersion);
  const [promotions, ruleHits, outcomes, open] = await Promise.all([
    promotionFigures(db, window),
    ruleHitsPerDay(db, window),
    outcomesPerDay(db, window),
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
    open,
  };
}

interface PromotionRow extends Record<string, unknown> {
  set: number;
  day: string | null;
  currency: string | null;
  promoId: string | null;
  promoName: string | null;
  payments: number;
  promotions: number;
  amountMinor: string;
}

/**
 * One pass over the window's successful payments and their promotions, grouped three ways:
 * per day (promoted payments), per day and currency (promotion money), per promo id and currency
 * (savings). `grouping()` tells the sets apart (a promo id may itself be null).
 */
async function promotionFigures(db: DbOrTx, window: StatsWindow) {
  const rows = await db.execute<PromotionRow>(sql`
    select grouping(x.day, x.currency, x.promo_id)::int as "set",
           to_char(x.day, 'YYYY-MM-DD') as "day",
           x.currency::text as "currency",
           x.promo_id as "promoId",
           max(x.promo_name) as "promoName",
           count(distinct x.payment_id)::int as "payments",
           count(*)::int as "promotions",
           sum(x.amount_minor)::text as "amountMinor"
      from (select p.payment_id,
                   (p.received_at at time zone 'UTC')::date as day,
                   pp.currency, pp.promo_id, pp.promo_name, pp.amount_minor
              from payments p
              join payment_promotions pp on pp.payment_id = p.payment_id
             where p.received_at >= ${window.fromAt.toISOString()}::timestamptz
               and p.received_at < ${window.toAt.toISOString()}::timestamptz
               and p.status = 'SUCCESS') x
     group by grouping sets ((x.day), (x.day, x.currency), (x.promo_id, x.currency))`);

  const promotedDays: PromotedDay[] = [];
  const promotionMoney: PromotionMoneyDay[] = [];
  const promos: Omit<PromoSavings, "campaign">[] = [];
  for (const row of rows) {
    const figures = {
      payments: row.payments,
      promotions: row.promotions,
      amountMinor: BigInt(row.amountMinor),
    };
    // grouping() bits: day 4, currency 2, promo id 1 (a set bit = not grouped by that column).
    if (row.set === 3) promotedDays.push({ day: row.day!, payments: row.payments });
    else if (row.set === 1) {
      promotionMoney.push({ day: row.day!, currency: row.currency!, ...figures });
    } else if (row.set === 4) {
      promos.push({
        promoId: row.promoId,
        promoName: row.promoName,
        currency: row.currency!,
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
 * hit in two groups of one decision counts once, deduplicated within the decision, so that the
 * statement reads the window through the decided_at index instead of sorting it by decision id).
 */
async function ruleHitsPerDay(db: DbOrTx, window: StatsWindow): Promise<RuleHitDay[]> {
  const rows = await db.execute<RuleHitDay & Record<string, unknown>>(sql`
    select to_char((d.decided_at at time zone 'UTC')::date, 'YYYY-MM-DD') as "day",
           hit.rule as "rule",
           count(*)::int as "decisions"
      from risk_decisions d
     cross join lateral (
             select distinct r #>> '{}' as rule
               from jsonb_path_query(d.verdicts, 'strict $[*] ? (@.verdict == "HIT").rule') r
           ) hit
     where d.decided_at >= ${window.fromAt.toISOString()}::timestamptz
       and d.decided_at < ${window.toAt.toISOString()}::timestamptz
       -- Containment on the binary jsonb is cheap: only decisions with a hit reach the path query.
       and d.verdicts @> '[{"verdict": "HIT"}]'::jsonb
     group by 1, 2
     order by 1, 2`);
  return [...rows];
}

async function outcomesPerDay(db: DbOrTx, window: StatsWindow): Promise<OutcomeDay[]> {
  const rows = await db.execute<OutcomeDay & Record<string, unknown>>(sql`
    select to_char((decided_at at time zone 'UTC')::date, 'YYYY-MM-DD') as "day",
           count(*)::int as "decisions",
           count(*) filter (where outcome = 'ALLOW')::int as "allow",
           count(*) filter (where outcome = 'REVIEW')::int as "review",
           count(*) filter (where outcome = 'REJECT')::int as "reject"
      from risk_decisions
     where decided_at >= ${window.fromAt.toISOString()}::timestamptz
       and decided_at < ${window.toAt.toISOString()}::timestamptz
     group by 1
     order by 1`);
  return [...rows];
}

/**
 * What waits for staff now (not windowed): REVIEW decisions of payments without a verdict (the
 * review queue's pending tab: an index-only walk of its partial index, each decision looked up
 * in payment_reviews by primary key), and cases still open or under investigation.
 */
async function openWork(db: DbOrTx, now: Date): Promise<OpenWork> {
  const [reviews] = await db.execute<{ reviews: number; oldest: string | null }>(sql`
    select count(*)::int as "reviews",
           ${isoText(sql`min(d.decided_at)`)} as "oldest"
      from risk_decisions d
     where d.outcome = 'REVIEW' and d.payment_id is not null
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

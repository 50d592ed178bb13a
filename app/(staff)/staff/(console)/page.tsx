import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { MoneyByCurrency } from "@/components/staff/money-by-currency";
import { NotAllowed } from "@/components/staff/not-allowed";
import {
  OverviewBudgetChart,
  OverviewPromotedChart,
  OverviewPromotionMoneyChart,
  OverviewRatesChart,
  OverviewRuleHitsChart,
  OverviewSavingsChart,
} from "@/components/staff/overview-charts";
import {
  BudgetTable,
  OverviewSection,
  percentText,
  PromotionsPerDayTable,
  UnclearCount,
  unclearPaymentsHref,
  RatesTable,
  RULE_ORDER,
  RuleHitsTable,
  SavingsTables,
} from "@/components/staff/overview-tables";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { TextField } from "@/components/staff/field";
import { statsWindow, type StatsWindow } from "@/server/console-stats/stats-window";
import { ruleLabel } from "@/server/rule-admin/rule-catalogue";
import { DomainError } from "@/server/errors";
import { staffRead } from "../staff-api";

export const metadata: Metadata = { title: "Overview" };

type Search = { from?: string; to?: string };

/** The window asked for, or the default one with the reason when the request was not a window. */
function windowOf(search: Search): { window: StatsWindow; problem: string | null } {
  try {
    return {
      window: statsWindow({ from: search.from || undefined, to: search.to || undefined }),
      problem: null,
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { window: statsWindow({}), problem: error.message };
  }
}

const DAY_MS = 86_400_000;

function lastDaysHref(days: number): string {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * DAY_MS);
  const day = (at: Date) => at.toISOString().slice(0, 10);
  return `/staff?${new URLSearchParams({ from: day(from), to: day(to) })}`;
}

/**
 * Promoted volume, savings, budget burn, rule hits, outcome rates and open work for a window of
 * UTC days; every chart has its data table, every money figure is per currency.
 */
export default async function OverviewPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { window, problem } = windowOf(await searchParams);
  const result = await staffRead((api) => api.overview.get({ from: window.from, to: window.to }));
  if (!result.allowed) return <NotAllowed message={result.message} />;
  const data = result.data;
  const { days } = data.window;

  const promotedTotal = data.promotedDays.reduce((sum, row) => sum + row.payments, 0);
  const moneyTotals: Record<string, string> = {};
  for (const row of data.promotionMoney) {
    moneyTotals[row.currency] = (
      BigInt(moneyTotals[row.currency] ?? "0") + BigInt(row.amountMinor)
    ).toString();
  }
  const decisions = data.outcomes.reduce(
    (sum, row) => ({
      all: sum.all + row.decisions,
      review: sum.review + row.review,
      reject: sum.reject + row.reject,
    }),
    { all: 0, review: 0, reject: 0 },
  );
  const promotedPoints = days.map((day) => ({
    day,
    payments: data.promotedDays.find((row) => row.day === day)?.payments ?? 0,
  }));
  // The rules that hit in the window, in the rule set's order (an unknown id last).
  const hit = new Set(data.ruleHits.map((point) => point.rule));
  const rules = [
    ...RULE_ORDER.filter((rule) => hit.has(rule)),
    ...[...hit].filter((rule) => !RULE_ORDER.includes(rule)).sort(),
  ];

  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            {days.length} days from {data.window.from} to {data.window.to}. Days are UTC days
            (00:00–24:00 UTC). Money is per currency as Alipay+ sent it, never added across
            currencies. Campaigns are those of live rule set version {data.ruleSetVersion}.
          </>
        }
      />
      {problem && (
        <p
          role="alert"
          className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          That window cannot be shown ({problem}); showing the last 30 days instead.
        </p>
      )}
      <form className="mb-6 flex flex-wrap items-end gap-3" aria-label="Window">
        <div className="w-44">
          <TextField
            label="From (UTC day)"
            name="from"
            type="date"
            defaultValue={data.window.from}
          />
        </div>
        <div className="w-44">
          <TextField label="To (UTC day)" name="to" type="date" defaultValue={data.window.to} />
        </div>
        <button
          type="submit"
          className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        >
          Show
        </button>
        <nav aria-label="Quick windows" className="flex gap-3 pb-2 text-sm">
          {[7, 30, 90].map((n) => (
            <Link key={n} href={lastDaysHref(n)} className="text-sky-800 underline">
              Last {n} days
            </Link>
          ))}
        </nav>
      </form>

      <dl className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Promoted payments">{promotedTotal}</Stat>
        <Stat label="Promotion money">
          <MoneyByCurrency amounts={moneyTotals} />
        </Stat>
        <Stat label="Promotions not fully read">
          <UnclearCount
            count={data.unclearPromotions.reduce((sum, row) => sum + row.payments, 0)}
            href={unclearPaymentsHref(data.window.from, data.window.to)}
          />
          <span className="block text-xs font-normal text-slate-600">payments, any outcome</span>
        </Stat>
        <Stat label="Risk decisions">
          {decisions.all}
          <span className="block text-xs font-normal text-slate-600">
            reject {percentText(decisions.reject, decisions.all)}, review{" "}
            {percentText(decisions.review, decisions.all)}
          </span>
        </Stat>
        <Stat label="Open reviews">
          <Link href="/staff/reviews" className="text-sky-800 underline">
            {data.open.reviews}
          </Link>
          <span className="block text-xs font-normal text-slate-600">
            {data.open.oldestReviewAt ? (
              <>
                oldest <StaffTime value={data.open.oldestReviewAt} />
              </>
            ) : (
              "none waiting"
            )}
          </span>
        </Stat>
        <Stat label="Open cases">
          <Link href="/staff/cases" className="text-sky-800 underline">
            {data.open.cases.open + data.open.cases.investigating}
          </Link>
          <span className="block text-xs font-normal text-slate-600">
            {data.open.cases.open} open, {data.open.cases.investigating} investigating,{" "}
            <span className={data.open.cases.overdue > 0 ? "font-semibold text-red-800" : ""}>
              {data.open.cases.overdue} overdue
            </span>
          </span>
        </Stat>
      </dl>

      <div className="grid items-start gap-4 2xl:grid-cols-2">
        <OverviewSection
          id="overview-promotions"
          title="Promoted payments and promotion money per day"
          description="Successful payments (not failed, not cancelled) carrying at least one promotion, by the UTC day Plusdesk received them, and their promotions' savings per currency as received (pick a currency to chart). The table also counts each day's payments, whatever their outcome, whose promotion information Alipay+ sent in a shape Plusdesk could not fully read."
          chart={
            <div className="grid gap-4">
              <OverviewPromotedChart points={promotedPoints} />
              <OverviewPromotionMoneyChart days={days} points={data.promotionMoney} />
            </div>
          }
          table={
            <PromotionsPerDayTable
              days={days}
              promoted={data.promotedDays}
              unclear={data.unclearPromotions}
              money={data.promotionMoney}
            />
          }
        />
        <OverviewSection
          id="overview-savings"
          title="Savings by campaign"
          description="The ten promo ids that saved customers the most in the window, per currency. The table also rolls them up by the live rule set's campaigns (exact promo id beats prefix)."
          chart={
            <OverviewSavingsChart
              rows={data.promos.map((row) => ({
                label: row.promoId ?? "(no promo id)",
                currency: row.currency,
                amountMinor: row.amountMinor,
              }))}
            />
          }
          table={<SavingsTables campaigns={data.campaigns} promos={data.promos} />}
        />
        <OverviewSection
          id="overview-budgets"
          title="Campaign budget burn"
          description="Each live campaign with a budget: promotion money received in the budget's currency during the window, as a share of the budget. Money in other currencies is listed apart, not converted."
          chart={<OverviewBudgetChart rows={data.budgets} />}
          table={<BudgetTable rows={data.budgets} />}
        />
        <OverviewSection
          id="overview-rules"
          title="Decisions per rule per day"
          description="Risk decisions in which each rule said HIT (a decision counts once per rule), by UTC day."
          chart={
            <OverviewRuleHitsChart
              days={days}
              rules={rules.map((rule) => ({ id: rule, label: ruleLabel(rule) }))}
              points={data.ruleHits}
            />
          }
          table={<RuleHitsTable days={days} rules={rules} points={data.ruleHits} />}
        />
        <OverviewSection
          id="overview-rates"
          title="Reject and review rates"
          description="The share of each day's risk decisions (pay, payment evaluation and cashier) whose outcome was REJECT or REVIEW."
          chart={<OverviewRatesChart days={days} points={data.outcomes} />}
          table={<RatesTable days={days} points={data.outcomes} />}
        />
      </div>
    </>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

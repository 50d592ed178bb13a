/**
 * The overview's sections and the data table under each chart: the exact figures (counts, and
 * money per currency formatted from minor units), so every number a chart draws can be read and
 * checked against the database to the unit, also without the chart.
 */
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { ReactNode } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { VERDICT_RULES } from "@/server/risk/rule-config";
import { ruleLabel } from "@/server/rule-admin/rule-catalogue";
import { StaffMoney } from "./money-by-currency";

/** What overview.get answers: plain JSON, money as decimal strings of minor units. */
export type OverviewDto = inferRouterOutputs<AppRouter>["overview"]["get"];

/** The order rules are listed in: the rule set's, then a campaign's kill switch. */
export const RULE_ORDER: readonly string[] = VERDICT_RULES;

/** `part / whole` in percent with two decimals, rounded half up in integers; "—" for 0 / 0. */
export function percentText(part: number | bigint, whole: number | bigint): string {
  const p = BigInt(part);
  const w = BigInt(whole);
  if (w === 0n) return "—";
  const basisPoints = (p * 20_000n + w) / (2n * w);
  return `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, "0")} %`;
}

const TH = "whitespace-nowrap px-3 py-2 font-semibold";
const TD = "whitespace-nowrap px-3 py-1.5 tabular-nums";

/** A chart section: heading, what is counted, the chart, and its data table. */
export function OverviewSection({
  id,
  title,
  description,
  chart,
  table,
}: {
  id: string;
  title: string;
  description: ReactNode;
  chart: ReactNode;
  table: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4"
      data-testid={id}
    >
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mb-3 mt-1 text-sm text-slate-600">{description}</p>
      {chart}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-sky-800 underline">
          Data table: {title.toLowerCase()}
        </summary>
        <div className="mt-2 max-h-96 overflow-auto">{table}</div>
      </details>
    </section>
  );
}

function Table({
  caption,
  head,
  children,
}: {
  caption: string;
  head: readonly ReactNode[];
  children: ReactNode;
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sticky top-0 bg-slate-50 text-xs uppercase text-slate-600">
        <tr>
          {head.map((cell, i) => (
            <th key={i} scope="col" className={TH}>
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
}

function sumMinor(values: readonly string[]): string {
  return values.reduce((sum, value) => sum + BigInt(value), 0n).toString();
}

/** The Payments list of the payments whose promotions were not fully read, for some days. */
export function unclearPaymentsHref(from: string, to: string): string {
  return `/staff/payments?${new URLSearchParams({ from, to })}`;
}

/**
 * Per day: promoted payments, the payments (any outcome) whose promotions were not fully read,
 * and per currency the promotions and their money.
 */
export function PromotionsPerDayTable({
  days,
  promoted,
  unclear,
  money,
}: {
  days: readonly string[];
  promoted: OverviewDto["promotedDays"];
  unclear: OverviewDto["unclearPromotions"];
  money: OverviewDto["promotionMoney"];
}) {
  const currencies = [...new Set(money.map((row) => row.currency))].sort();
  const paymentsOn = new Map(promoted.map((row) => [row.day, row.payments]));
  const unclearOn = new Map(unclear.map((row) => [row.day, row.payments]));
  const moneyOn = new Map(money.map((row) => [`${row.day} ${row.currency}`, row]));
  const total = promoted.reduce((sum, row) => sum + row.payments, 0);
  const unclearTotal = unclear.reduce((sum, row) => sum + row.payments, 0);
  return (
    <Table
      caption="Promoted payments and promotion money per day"
      head={[
        "Day (UTC)",
        "Promoted payments",
        "Promotions not fully read (any outcome)",
        ...currencies.flatMap((currency) => [
          `Promotions (${currency})`,
          `Promotion money (${currency})`,
        ]),
      ]}
    >
      {days.map((day) => (
        <tr key={day}>
          <th scope="row" className={`${TD} font-normal`}>
            {day}
          </th>
          <td className={TD}>{paymentsOn.get(day) ?? 0}</td>
          <td className={TD}>
            <UnclearCount count={unclearOn.get(day) ?? 0} href={unclearPaymentsHref(day, day)} />
          </td>
          {currencies.map((currency) => {
            const row = moneyOn.get(`${day} ${currency}`);
            return [
              <td key={`${currency}-n`} className={TD}>
                {row?.promotions ?? 0}
              </td>,
              <td key={`${currency}-m`} className={TD}>
                <StaffMoney amountMinor={row?.amountMinor ?? "0"} currency={currency} />
              </td>,
            ];
          })}
        </tr>
      ))}
      <tr className="bg-slate-50 font-semibold">
        <th scope="row" className={TD}>
          Total
        </th>
        <td className={TD}>{total}</td>
        <td className={TD}>
          <UnclearCount
            count={unclearTotal}
            href={unclearPaymentsHref(days[0] ?? "", days.at(-1) ?? "")}
          />
        </td>
        {currencies.map((currency) => {
          const rows = money.filter((row) => row.currency === currency);
          return [
            <td key={`${currency}-n`} className={TD}>
              {rows.reduce((sum, row) => sum + row.promotions, 0)}
            </td>,
            <td key={`${currency}-m`} className={TD}>
              <StaffMoney
                amountMinor={sumMinor(rows.map((row) => row.amountMinor))}
                currency={currency}
              />
            </td>,
          ];
        })}
      </tr>
    </Table>
  );
}

/** A count of payments with promotions not fully read, linked to them when there are any. */
export function UnclearCount({ count, href }: { count: number; href: string }) {
  if (count === 0) return <>0</>;
  return (
    <Link href={href} className="text-sky-800 underline">
      {count}
    </Link>
  );
}

/** How many promo ids per currency the table lists before summing the rest into one line. */
export const PROMO_ROWS_PER_CURRENCY = 50;

export function SavingsTables({
  campaigns,
  promos,
}: {
  campaigns: OverviewDto["campaigns"];
  promos: OverviewDto["promos"];
}) {
  const currencies = [...new Set(promos.map((row) => row.currency))].sort();
  return (
    <div className="grid gap-4">
      <Table
        caption="Savings by rule-set campaign"
        head={["Campaign", "Currency", "Promotions", "Savings"]}
      >
        {campaigns.map((row) => (
          <tr key={`${row.campaign ?? ""} ${row.currency}`}>
            <th scope="row" className={`${TD} font-normal`}>
              {row.campaign ?? <span className="text-slate-500">No campaign (defaults)</span>}
            </th>
            <td className={TD}>{row.currency}</td>
            <td className={TD}>{row.promotions}</td>
            <td className={TD}>
              <StaffMoney amountMinor={row.amountMinor} currency={row.currency} />
            </td>
          </tr>
        ))}
      </Table>
      <Table
        caption="Savings by promo id"
        head={["Promo id", "Name", "Campaign", "Currency", "Payments", "Promotions", "Savings"]}
      >
        {currencies.flatMap((currency) => {
          const rows = promos.filter((row) => row.currency === currency);
          const shown = rows.slice(0, PROMO_ROWS_PER_CURRENCY);
          const rest = rows.slice(PROMO_ROWS_PER_CURRENCY);
          return [
            ...shown.map((row) => (
              <tr key={`${row.promoId ?? ""} ${currency}`}>
                <th scope="row" className={`${TD} font-mono text-xs font-normal`}>
                  {row.promoId ?? <span className="text-slate-500">(no promo id)</span>}
                </th>
                <td className={TD}>{row.promoName ?? "—"}</td>
                <td className={TD}>{row.campaign ?? "—"}</td>
                <td className={TD}>{currency}</td>
                <td className={TD}>{row.payments}</td>
                <td className={TD}>{row.promotions}</td>
                <td className={TD}>
                  <StaffMoney amountMinor={row.amountMinor} currency={currency} />
                </td>
              </tr>
            )),
            ...(rest.length > 0
              ? [
                  <tr key={`rest ${currency}`} className="text-slate-600">
                    <th scope="row" className={`${TD} font-normal`} colSpan={3}>
                      {rest.length} more promo ids
                    </th>
                    <td className={TD}>{currency}</td>
                    <td className={TD}>{rest.reduce((sum, row) => sum + row.payments, 0)}</td>
                    <td className={TD}>{rest.reduce((sum, row) => sum + row.promotions, 0)}</td>
                    <td className={TD}>
                      <StaffMoney
                        amountMinor={sumMinor(rest.map((row) => row.amountMinor))}
                        currency={currency}
                      />
                    </td>
                  </tr>,
                ]
              : []),
          ];
        })}
      </Table>
    </div>
  );
}

export function BudgetTable({ rows }: { rows: OverviewDto["budgets"] }) {
  return (
    <Table
      caption="Campaign budget burn"
      head={["Campaign", "Promo ids", "Budget", "Spent", "Share", "Promotions", "Not counted"]}
    >
      {rows.length === 0 && (
        <tr>
          <td colSpan={7} className={`${TD} text-slate-500`}>
            No live campaign has a budget.
          </td>
        </tr>
      )}
      {rows.map((row) => (
        <tr key={row.key}>
          <th scope="row" className={`${TD} font-normal`}>
            {row.campaign}
          </th>
          <td className={`${TD} font-mono text-xs`}>
            {row.key.startsWith("=") ? row.key.slice(1) : `${row.key.slice(1)}…`}
          </td>
          <td className={TD}>
            <StaffMoney amountMinor={row.budgetMinor} currency={row.currency} />
          </td>
          <td className={TD}>
            <StaffMoney amountMinor={row.spentMinor} currency={row.currency} />
          </td>
          <td className={TD}>{percentText(BigInt(row.spentMinor), BigInt(row.budgetMinor))}</td>
          <td className={TD}>{row.promotions}</td>
          <td className={TD}>
            {row.otherCurrencies.length === 0
              ? "—"
              : row.otherCurrencies.map((other) => (
                  <span key={other.currency} className="block">
                    <StaffMoney amountMinor={other.amountMinor} currency={other.currency} />
                  </span>
                ))}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function RuleHitsTable({
  days,
  rules,
  points,
}: {
  days: readonly string[];
  rules: readonly string[];
  points: OverviewDto["ruleHits"];
}) {
  const on = new Map(points.map((point) => [`${point.day} ${point.rule}`, point.decisions]));
  return (
    <Table
      caption="Decisions per rule per day (decisions in which the rule hit)"
      head={["Day (UTC)", ...rules.map(ruleLabel)]}
    >
      {days.map((day) => (
        <tr key={day}>
          <th scope="row" className={`${TD} font-normal`}>
            {day}
          </th>
          {rules.map((rule) => (
            <td key={rule} className={TD}>
              {on.get(`${day} ${rule}`) ?? 0}
            </td>
          ))}
        </tr>
      ))}
      <tr className="bg-slate-50 font-semibold">
        <th scope="row" className={TD}>
          Total
        </th>
        {rules.map((rule) => (
          <td key={rule} className={TD}>
            {points.filter((p) => p.rule === rule).reduce((sum, p) => sum + p.decisions, 0)}
          </td>
        ))}
      </tr>
    </Table>
  );
}

export function RatesTable({
  days,
  points,
}: {
  days: readonly string[];
  points: OverviewDto["outcomes"];
}) {
  const byDay = new Map(points.map((point) => [point.day, point]));
  const zero = { decisions: 0, allow: 0, review: 0, reject: 0 };
  const total = points.reduce(
    (sum, p) => ({
      decisions: sum.decisions + p.decisions,
      allow: sum.allow + p.allow,
      review: sum.review + p.review,
      reject: sum.reject + p.reject,
    }),
    zero,
  );
  const cells = (row: typeof zero) => (
    <>
      <td className={TD}>{row.decisions}</td>
      <td className={TD}>{row.allow}</td>
      <td className={TD}>{row.review}</td>
      <td className={TD}>{percentText(row.review, row.decisions)}</td>
      <td className={TD}>{row.reject}</td>
      <td className={TD}>{percentText(row.reject, row.decisions)}</td>
    </>
  );
  return (
    <Table
      caption="Risk decisions per day by outcome"
      head={["Day (UTC)", "Decisions", "Allow", "Review", "Review rate", "Reject", "Reject rate"]}
    >
      {days.map((day) => (
        <tr key={day}>
          <th scope="row" className={`${TD} font-normal`}>
            {day}
          </th>
          {cells(byDay.get(day) ?? zero)}
        </tr>
      ))}
      <tr className="bg-slate-50 font-semibold">
        <th scope="row" className={TD}>
          Total
        </th>
        {cells(total)}
      </tr>
    </Table>
  );
}

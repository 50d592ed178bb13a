"use client";

/**
 * The overview's charts (recharts, in the browser). Props are plain JSON: money as decimal
 * strings of minor units with their currency. An amount becomes a chart number only for the axis
 * (through the currency's exponent, from the exact decimal string), and tooltips show the
 * formatted amount; the exact figures are in the data table each chart sits beside.
 */
import { useId, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatMoney, toDecimalString } from "@/server/money/format";

const CHART_STYLE = { width: "100%", height: 260 } as const;
const AXIS_TICK = { fontSize: 12, fill: "#475569" } as const;

/** Distinguishable on white, in a fixed order (rule i always gets colour i). */
export const SERIES_COLOURS = [
  "#0369a1",
  "#b45309",
  "#047857",
  "#b91c1c",
  "#6d28d9",
  "#0f766e",
  "#a21caf",
  "#4d7c0f",
  "#c2410c",
  "#1d4ed8",
  "#57534e",
];

/** A minor-unit amount as a number of major units, for an axis (exact text first). */
function chartNumber(amountMinor: string, currency: string): number {
  return Number(toDecimalString({ amountMinor: BigInt(amountMinor), currency }));
}

/** The exact amount a chart row carries next to its axis number. */
function minorOf(row: unknown): string {
  return (row as { minor: string }).minor;
}

function money(amountMinor: string, currency: string): string {
  return formatMoney({ amountMinor: BigInt(amountMinor), currency }, "en");
}

const AXIS_NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 3 });
const axisNumber = (value: unknown) => AXIS_NUMBER.format(Number(value));

/** A long promo id on an axis: its start and its end (the table and the tooltip have it whole). */
const axisLabel = (value: unknown) => {
  const text = String(value);
  return text.length <= 24 ? text : `${text.slice(0, 10)}…${text.slice(-12)}`;
};

/** What a chart shows, above it (the section heading names the figure; this names the unit). */
function ChartCaption({ children }: { children: string }) {
  return <p className="mb-1 text-xs font-medium text-slate-600">{children}</p>;
}

/** "2026-11-26" → "11-26" on the axis (the year is in the window heading). */
const shortDay = (day: unknown) => String(day).slice(5);

function CurrencyPicker({
  currencies,
  value,
  onChange,
}: {
  currencies: readonly string[];
  value: string;
  onChange: (currency: string) => void;
}) {
  const id = useId();
  if (currencies.length < 2) return null;
  return (
    <div className="mb-2 flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-700">
        Currency
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="rounded border border-slate-300 bg-white px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-700"
      >
        {currencies.map((currency) => (
          <option key={currency}>{currency}</option>
        ))}
      </select>
    </div>
  );
}

function NoData({ children }: { children: string }) {
  return (
    <p className="flex h-24 items-center justify-center rounded bg-slate-50 text-sm text-slate-500">
      {children}
    </p>
  );
}

/** Promoted payments per day (bars). */
export function OverviewPromotedChart({
  points,
}: {
  points: readonly { day: string; payments: number }[];
}) {
  if (points.every((point) => point.payments === 0)) {
    return <NoData>No promoted payments in this window.</NoData>;
  }
  return (
    <>
      <ChartCaption>Promoted payments per day</ChartCaption>
      <BarChart responsive style={CHART_STYLE} data={[...points]} title="Promoted payments per day">
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} width={48} />
        <Tooltip />
        <Bar
          dataKey="payments"
          name="Promoted payments"
          fill={SERIES_COLOURS[0]}
          isAnimationActive={false}
        />
      </BarChart>
    </>
  );
}

/** Promotion money per day in one currency at a time (a currency picker when there are more). */
export function OverviewPromotionMoneyChart({
  days,
  points,
}: {
  days: readonly string[];
  points: readonly { day: string; currency: string; amountMinor: string }[];
}) {
  const currencies = [...new Set(points.map((point) => point.currency))].sort();
  const [picked, setPicked] = useState(currencies[0] ?? "");
  const currency = currencies.includes(picked) ? picked : (currencies[0] ?? "");
  if (!currency) return <NoData>No promotion money in this window.</NoData>;
  const byDay = new Map(
    points.filter((p) => p.currency === currency).map((p) => [p.day, p.amountMinor]),
  );
  const data = days.map((day) => {
    const minor = byDay.get(day) ?? "0";
    return { day, amount: chartNumber(minor, currency), minor };
  });
  return (
    <>
      <CurrencyPicker currencies={currencies} value={currency} onChange={setPicked} />
      <ChartCaption>{`Promotion money per day, ${currency}`}</ChartCaption>
      <BarChart responsive style={CHART_STYLE} data={data} title={`Promotion money, ${currency}`}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={12} />
        <YAxis tick={AXIS_TICK} width={72} tickFormatter={axisNumber} />
        <Tooltip formatter={(_value, _name, item) => money(minorOf(item.payload), currency)} />
        <Bar
          dataKey="amount"
          name={`Promotion money (${currency})`}
          fill={SERIES_COLOURS[1]}
          isAnimationActive={false}
        />
      </BarChart>
    </>
  );
}

/** The largest savings in one currency at a time, as horizontal bars (top 10). */
export function OverviewSavingsChart({
  rows,
}: {
  rows: readonly { label: string; currency: string; amountMinor: string }[];
}) {
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  const [picked, setPicked] = useState(currencies[0] ?? "");
  const currency = currencies.includes(picked) ? picked : (currencies[0] ?? "");
  if (!currency) return <NoData>No savings in this window.</NoData>;
  const data = rows
    .filter((row) => row.currency === currency)
    .slice(0, 10)
    .map((row) => ({
      label: row.label,
      amount: chartNumber(row.amountMinor, currency),
      minor: row.amountMinor,
    }));
  return (
    <>
      <CurrencyPicker currencies={currencies} value={currency} onChange={setPicked} />
      <ChartCaption>{`Savings by promo id, ${currency}`}</ChartCaption>
      <BarChart
        responsive
        layout="vertical"
        style={{ width: "100%", height: 60 + data.length * 28 }}
        data={data}
        title={`Savings, ${currency}`}
        margin={{ left: 8, right: 16 }}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tick={AXIS_TICK} tickFormatter={axisNumber} />
        <YAxis
          type="category"
          dataKey="label"
          tick={AXIS_TICK}
          width={190}
          tickFormatter={axisLabel}
        />
        <Tooltip formatter={(_value, _name, item) => money(minorOf(item.payload), currency)} />
        <Bar
          dataKey="amount"
          name={`Savings (${currency})`}
          fill={SERIES_COLOURS[2]}
          isAnimationActive={false}
        />
      </BarChart>
    </>
  );
}

/** Each budgeted campaign's spend as a share of its budget (a share has no currency). */
export function OverviewBudgetChart({
  rows,
}: {
  rows: readonly { campaign: string; currency: string; budgetMinor: string; spentMinor: string }[];
}) {
  if (rows.length === 0) return <NoData>No live campaign has a budget.</NoData>;
  const data = rows.map((row) => {
    const budget = BigInt(row.budgetMinor);
    // Basis points in bigint, then a number: exact for any amounts.
    const basisPoints = budget === 0n ? 0 : Number((BigInt(row.spentMinor) * 10_000n) / budget);
    return { ...row, percent: basisPoints / 100 };
  });
  return (
    <>
      <ChartCaption>Share of each budget spent, %</ChartCaption>
      <BarChart
        responsive
        layout="vertical"
        style={{ width: "100%", height: 60 + data.length * 32 }}
        data={data}
        title="Budget burn"
        margin={{ left: 8, right: 16 }}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis
          type="number"
          unit="%"
          tick={AXIS_TICK}
          domain={[0, (max: number) => Math.max(100, max)]}
        />
        <YAxis
          type="category"
          dataKey="campaign"
          tick={AXIS_TICK}
          width={190}
          tickFormatter={axisLabel}
        />
        <Tooltip
          formatter={(_value, _name, item) => {
            const row = item.payload as (typeof data)[number];
            return `${money(row.spentMinor, row.currency)} of ${money(row.budgetMinor, row.currency)} (${row.percent.toFixed(2)} %)`;
          }}
        />
        <Bar
          dataKey="percent"
          name="Budget spent"
          fill={SERIES_COLOURS[3]}
          isAnimationActive={false}
        />
      </BarChart>
    </>
  );
}

/** Decisions per rule per day, stacked by rule. */
export function OverviewRuleHitsChart({
  days,
  rules,
  points,
}: {
  days: readonly string[];
  rules: readonly { id: string; label: string }[];
  points: readonly { day: string; rule: string; decisions: number }[];
}) {
  if (points.length === 0) return <NoData>No rule hit in this window.</NoData>;
  const data = days.map((day) => {
    const row: Record<string, string | number> = { day };
    for (const rule of rules) row[rule.id] = 0;
    return row;
  });
  const index = new Map(days.map((day, i) => [day, i]));
  for (const point of points) {
    const row = data[index.get(point.day) ?? -1];
    if (row) row[point.rule] = point.decisions;
  }
  return (
    <>
      <ChartCaption>Decisions with a hit, per rule and day</ChartCaption>
      <BarChart responsive style={{ width: "100%", height: 300 }} data={data} title="Rule hits">
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} width={48} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {rules.map((rule, i) => (
          <Bar
            key={rule.id}
            dataKey={rule.id}
            name={rule.label}
            stackId="hits"
            fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </>
  );
}

/** The share of each day's decisions that were REJECT and REVIEW, in percent. */
export function OverviewRatesChart({
  days,
  points,
}: {
  days: readonly string[];
  points: readonly { day: string; decisions: number; review: number; reject: number }[];
}) {
  if (points.length === 0) return <NoData>No risk decisions in this window.</NoData>;
  const byDay = new Map(points.map((point) => [point.day, point]));
  const percent = (part: number, whole: number) =>
    whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;
  const data = days.map((day) => {
    const point = byDay.get(day);
    return {
      day,
      reject: point ? percent(point.reject, point.decisions) : null,
      review: point ? percent(point.review, point.decisions) : null,
    };
  });
  return (
    <>
      <ChartCaption>Share of the day&apos;s decisions, %</ChartCaption>
      <LineChart responsive style={CHART_STYLE} data={data} title="Reject and review rates">
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={12} />
        <YAxis unit="%" tick={AXIS_TICK} width={56} />
        <Tooltip formatter={(value) => (value === undefined ? "—" : `${String(value)} %`)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          dataKey="reject"
          name="Reject rate"
          stroke={SERIES_COLOURS[3]}
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
        <Line
          dataKey="review"
          name="Review rate"
          stroke={SERIES_COLOURS[1]}
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
      </LineChart>
    </>
  );
}

"use client";

import Link from "next/link";
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { BacktestReportDto } from "@/server/trpc/routers/rules";
import type { ActionState } from "./action-form";
import { MoneyByCurrency } from "./money-by-currency";
import { ConsoleTable } from "@/components/staff/console-table";

export interface BacktestState extends ActionState {
  report?: BacktestReportDto;
}

const CONTROL =
  "mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-sky-700";

/**
 * The backtest form and its report. A month of payments takes a while: the button says so while
 * the server action runs, and the report replaces the previous one when it comes.
 */
export function RulesBacktest({
  action,
  version,
  defaultFrom,
  defaultTo,
  maxDays,
  baselines,
  ruleLabels,
}: {
  action: (state: BacktestState | null, form: FormData) => Promise<BacktestState>;
  version: number;
  defaultFrom: string;
  defaultTo: string;
  maxDays: number;
  baselines: { value: string; label: string }[];
  ruleLabels: Record<string, string>;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <>
      <form
        action={formAction}
        className="mb-8 grid gap-3 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end"
      >
        <input type="hidden" name="version" value={version} />
        <label className="block text-sm font-medium text-slate-800">
          First day (UTC)
          <input type="date" name="from" defaultValue={defaultFrom} required className={CONTROL} />
        </label>
        <label className="block text-sm font-medium text-slate-800">
          Last day (UTC)
          <input type="date" name="to" defaultValue={defaultTo} required className={CONTROL} />
        </label>
        <label className="block text-sm font-medium text-slate-800">
          Compare with
          <select name="against" defaultValue="" className={CONTROL}>
            {baselines.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <RunButton />
        <p className="text-xs text-slate-500 sm:col-span-4">
          At most {maxDays} days. Every payment of the window is judged again under both versions:
          event signals as of its time, state signals as recorded in its decision.
        </p>
        <p
          role="status"
          className={`text-sm sm:col-span-4 ${state?.ok ? "text-emerald-800" : "font-medium text-red-800"}`}
        >
          {state?.message}
        </p>
      </form>
      {state?.report && <BacktestReportView report={state.report} ruleLabels={ruleLabels} />}
    </>
  );
}

function RunButton() {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-describedby={pending ? "backtest-running" : undefined}
      className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
    >
      {pending ? "Running… (this can take a minute)" : "Run backtest"}
      {pending && (
        <span id="backtest-running" className="sr-only">
          The backtest is running.
        </span>
      )}
    </button>
  );
}

const TH = "px-3 py-2";

export function BacktestReportView({
  report,
  ruleLabels,
}: {
  report: BacktestReportDto;
  ruleLabels: Record<string, string>;
}) {
  const { candidate, baseline } = report;
  const rules = [
    ...new Set([...candidate.rules.map((r) => r.rule), ...baseline.rules.map((r) => r.rule)]),
  ];
  const impact = (side: typeof candidate, rule: string) =>
    side.rules.find((r) => r.rule === rule) ?? { stoppedPayments: 0, stoppedPromotionMoney: {} };
  return (
    <section aria-labelledby="report-heading" className="space-y-6">
      <div>
        <h2 id="report-heading" className="text-lg font-semibold">
          Backtest of version {candidate.version} against version {baseline.version}
        </h2>
        <p className="text-sm text-slate-600">
          {report.from.slice(0, 10)} – {report.to.slice(0, 10)} (UTC): {report.payments} payments,{" "}
          {report.undecided} undecided (no recorded decision
          {report.undecidedBeforeEventsKept > 0 && ", or older than the kept device events"}),{" "}
          {report.changedTotal} would change outcome; {(report.durationMs / 1000).toFixed(1)} s.
        </p>
        {report.eventsKeptSince && report.eventsKeptSince > report.from && (
          <p role="note" className="mt-2 text-sm font-medium text-amber-900">
            Device events are kept since {report.eventsKeptSince.slice(0, 10)} (UTC): the part of
            the window before it cannot be judged again, and its {report.undecidedBeforeEventsKept}{" "}
            payments are reported as undecided.
          </p>
        )}
      </div>

      <ConsoleTable
        caption="Outcomes"
        showCaption
        columns={["Version", "Allowed", "Review", "Rejected"]}
      >
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {[
            { name: `version ${candidate.version} (tested)`, side: candidate },
            { name: `version ${baseline.version} (baseline)`, side: baseline },
          ].map(({ name, side }) => (
            <tr key={name}>
              <th scope="row" className={`${TH} font-medium`}>
                {name}
              </th>
              <td className={TH}>{side.outcomes.ALLOW}</td>
              <td className={TH}>{side.outcomes.REVIEW}</td>
              <td className={TH}>{side.outcomes.REJECT}</td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>

      <ConsoleTable
        caption="What each rule would have stopped (rejected payments and their promotion money, per currency)"
        showCaption
        columns={[
          "Rule",
          <>Payments: v{candidate.version}</>,
          <>Payments: v{baseline.version}</>,
          <>Promotion money: v{candidate.version}</>,
          <>Promotion money: v{baseline.version}</>,
        ]}
      >
        <tbody className="divide-y divide-slate-100 align-top tabular-nums">
          {rules.length === 0 && (
            <tr>
              <td colSpan={5} className="px-3 py-4 text-center text-slate-500">
                Neither version would have stopped a payment in this window.
              </td>
            </tr>
          )}
          {rules.map((rule) => {
            const [now, was] = [impact(candidate, rule), impact(baseline, rule)];
            const delta = now.stoppedPayments - was.stoppedPayments;
            return (
              <tr key={rule}>
                <th scope="row" className={`${TH} font-medium`}>
                  {ruleLabels[rule] ?? rule}
                </th>
                <td className={TH}>
                  {now.stoppedPayments}
                  {delta !== 0 && (
                    <span
                      className={`ml-1 text-xs ${delta > 0 ? "text-red-800" : "text-emerald-800"}`}
                    >
                      ({delta > 0 ? "+" : ""}
                      {delta})
                    </span>
                  )}
                </td>
                <td className={TH}>{was.stoppedPayments}</td>
                <td className={TH}>
                  <MoneyByCurrency amounts={now.stoppedPromotionMoney} />
                </td>
                <td className={TH}>
                  <MoneyByCurrency amounts={was.stoppedPromotionMoney} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </ConsoleTable>

      <ConsoleTable
        caption={
          <>
            Payments whose outcome would change ({report.changedTotal}
            {report.changedTotal > report.changed.length
              ? `, the first ${report.changed.length} listed`
              : ""}
            )
          </>
        }
        showCaption
        columns={["Payment", "Received (UTC)", <>v{baseline.version}</>, <>v{candidate.version}</>]}
      >
        <tbody className="divide-y divide-slate-100">
          {report.changed.length === 0 && (
            <tr>
              <td colSpan={4} className="px-3 py-4 text-center text-slate-500">
                No payment would change outcome.
              </td>
            </tr>
          )}
          {report.changed.map((change) => (
            <tr key={change.paymentId}>
              <th scope="row" className={`${TH} font-normal`}>
                <Link
                  href={`/staff/payments/${encodeURIComponent(change.paymentId)}`}
                  className="font-mono text-xs text-sky-800 underline"
                >
                  {change.paymentId}
                </Link>
                <span className="block font-mono text-xs text-slate-500">
                  {change.paymentRequestId}
                </span>
              </th>
              <td className={`${TH} tabular-nums`}>
                {change.receivedAt.slice(0, 19).replace("T", " ")}
              </td>
              <td className={TH}>{change.baseline}</td>
              <td className={`${TH} font-semibold`}>{change.candidate}</td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { RulesBacktest } from "@/components/staff/rules-backtest";
import { roleCan } from "@/server/auth/staff-permissions";
import { MAX_BACKTEST_DAYS } from "@/server/rule-admin/rule-admin";
import { RULE_LABELS } from "@/server/rule-admin/rule-catalogue";
import { requireStaff, staffRead } from "../../../../staff-api";
import { backtestAction } from "../actions";

export const metadata: Metadata = { title: "Backtest the draft" };

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Re-runs a past window of payments under the draft and shows what it would change. */
export default async function RulesBacktestPage() {
  const me = await requireStaff();
  const overview = await staffRead((api) => api.rules.overview());
  if (!overview.allowed) return <NotAllowed message={overview.message} />;
  if (!roleCan(me.role, "rules.draft")) {
    return <NotAllowed message="backtests need the rules.draft permission" />;
  }
  const { draft, live, versions } = overview.data;
  const today = new Date();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/staff/rules/draft" className="text-sky-800 underline">
          ← The draft
        </Link>
      </p>
      <PageHeader
        title={draft ? `Backtest draft version ${draft.version}` : "Backtest"}
        description="Which stored payments of a past window the draft would judge differently from the live version (or another published one): per rule, the payments and promotion money it would stop."
      />
      {draft ? (
        <RulesBacktest
          action={backtestAction}
          version={draft.version}
          defaultFrom={utcDay(new Date(today.getTime() - 6 * 86_400_000))}
          defaultTo={utcDay(today)}
          maxDays={MAX_BACKTEST_DAYS}
          baselines={[
            { value: "", label: `the live version (${live.version})` },
            ...versions
              .filter((v) => v.status === "PUBLISHED" && !v.live)
              .map((v) => ({ value: String(v.version), label: `version ${v.version}` })),
          ]}
          ruleLabels={RULE_LABELS}
        />
      ) : (
        <p className="text-sm text-slate-700">
          There is no draft to backtest.{" "}
          <Link href="/staff/rules" className="text-sky-800 underline">
            Start one
          </Link>
          .
        </p>
      )}
    </>
  );
}

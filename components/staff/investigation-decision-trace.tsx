import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { Badge, DataTable, Facts, TD, ValueList } from "./investigation-parts";
import { ruleLabel } from "@/server/rule-admin/rule-catalogue";
import { StaffTime } from "./staff-time";

type Decision = inferRouterOutputs<AppRouter>["payments"]["investigate"]["decisions"][number];

const OUTCOME_TONE = { ALLOW: "good", REVIEW: "warn", REJECT: "bad" } as const;
const VERDICT_TONE = {
  HIT: "bad",
  MISS: "good",
  UNAVAILABLE: "neutral",
  SKIPPED: "neutral",
  OFF: "neutral",
} as const;

/** Each stored risk decision: outcome, rule-set version, every rule's verdict with the values seen. */
export function DecisionTrace({ decisions }: { decisions: Decision[] }) {
  if (decisions.length === 0) {
    return (
      <p className="text-sm text-slate-600">No risk decision was recorded for this payment.</p>
    );
  }
  return (
    <div className="space-y-6">
      {decisions.map((decision) => (
        <article key={decision.id} aria-labelledby={`decision-${decision.id}`}>
          <h3 id={`decision-${decision.id}`} className="mb-2 text-base font-semibold">
            Decision {decision.id}:{" "}
            <Badge tone={OUTCOME_TONE[decision.outcome as keyof typeof OUTCOME_TONE] ?? "neutral"}>
              {decision.outcome}
            </Badge>
          </h3>
          <Facts
            items={[
              ["Context", decision.context],
              ["Rule-set version", `v${decision.ruleSetVersion}`],
              ["Decided at", <StaffTime key="t" value={decision.decidedAt} />],
              ["Took", `${(decision.durationUs / 1000).toFixed(2)} ms`],
              ["Campaigns matched", decision.campaigns.join(", ") || "none"],
              ["Device", decision.deviceId],
            ]}
          />
          <div className="mt-3">
            <DataTable
              caption={`Rule verdicts of decision ${decision.id}`}
              columns={[
                { label: "Rule" },
                { label: "Verdict" },
                { label: "Action" },
                { label: "Campaign" },
                { label: "Signal values" },
              ]}
              empty="No rules were evaluated."
              rowCount={decision.verdicts.length}
            >
              {decision.verdicts.map((verdict) => (
                <tr key={`${verdict.rule}-${verdict.campaign ?? ""}`}>
                  <th scope="row" className={`${TD} font-medium`}>
                    {ruleLabel(verdict.rule)}
                  </th>
                  <td className={TD}>
                    <Badge tone={VERDICT_TONE[verdict.verdict]}>{verdict.verdict}</Badge>
                  </td>
                  <td className={TD}>{verdict.action}</td>
                  <td className={TD}>{verdict.campaign ?? "defaults"}</td>
                  <td className={TD}>
                    <ValueList values={verdict.values} />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-sky-800 underline">
              State signals as read at decision time
            </summary>
            <div className="mt-2 rounded bg-slate-50 p-3">
              <ValueList values={decision.signals} />
            </div>
          </details>
        </article>
      ))}
    </div>
  );
}

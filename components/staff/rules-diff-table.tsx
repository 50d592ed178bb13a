import type { RuleSetChange } from "@/server/risk/rule-diff";
import { ruleLabel, settingInfo } from "@/server/rule-admin/rule-catalogue";
import { SettingValue } from "./rules-values";
import { ConsoleTable } from "@/components/staff/console-table";

const CAMPAIGN_FIELDS: Record<string, string> = {
  name: "Name",
  killSwitch: "Kill switch",
  budget: "Budget",
};

function describe(change: RuleSetChange): { rule: string; setting: string; label: string } {
  if (change.subject.kind === "rule") {
    const rule = change.subject.rule;
    return {
      rule,
      setting: change.setting,
      label: settingInfo(rule, change.setting)?.label ?? change.setting,
    };
  }
  const dot = change.setting.indexOf(".");
  if (dot < 0) {
    return {
      rule: "",
      setting: change.setting,
      label: CAMPAIGN_FIELDS[change.setting] ?? change.setting,
    };
  }
  const [rule, setting] = [change.setting.slice(0, dot), change.setting.slice(dot + 1)];
  return {
    rule,
    setting,
    label: `${ruleLabel(rule)}: ${settingInfo(rule, setting)?.label ?? setting}`,
  };
}

function Subject({ change }: { change: RuleSetChange }) {
  if (change.subject.kind === "rule") return <>{ruleLabel(change.subject.rule)}</>;
  const { key, name } = change.subject;
  return (
    <>
      Campaign {name}{" "}
      <span className="block font-mono text-xs font-normal text-slate-500">
        {key.startsWith("=") ? `promo id ${key.slice(1)}` : `prefix ${key.slice(1)}`}
      </span>
    </>
  );
}

/** Field by field: rule or campaign, setting, before → after. */
export function RulesDiffTable({
  changes,
  caption,
}: {
  changes: RuleSetChange[];
  caption: string;
}) {
  if (changes.length === 0) {
    return <p className="text-sm text-slate-600">No differences: the two versions are the same.</p>;
  }
  return (
    <ConsoleTable
      caption={<>{caption}</>}
      columns={["Rule or campaign", "Setting", "Before", "After"]}
    >
      <tbody className="divide-y divide-slate-100 align-top">
        {changes.map((change, index) => {
          const { rule, setting, label } = describe(change);
          const empty = change.subject.kind === "campaign" && rule ? "default" : "—";
          return (
            <tr key={index}>
              <th scope="row" className="px-3 py-2 font-medium">
                <Subject change={change} />
              </th>
              <td className="px-3 py-2">{label}</td>
              <td className="px-3 py-2 bg-red-50/50">
                <span className="sr-only">before: </span>
                <SettingValue rule={rule} setting={setting} value={change.before} empty={empty} />
              </td>
              <td className="px-3 py-2 bg-emerald-50/50">
                <span className="sr-only">after: </span>
                <SettingValue rule={rule} setting={setting} value={change.after} empty={empty} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </ConsoleTable>
  );
}

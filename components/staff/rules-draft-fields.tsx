import type { RuleSetConfig } from "@/server/risk/rule-config";
import { RULE_CATALOGUE, type SettingInfo } from "@/server/rule-admin/rule-catalogue";
import { budgetText } from "@/server/rule-admin/rule-form";
import {
  RulesCheckbox,
  RulesDisclosure,
  RulesGroupError,
  RulesSelect,
  RulesTextInput,
} from "./rules-edit-form";
import { settingText, type ShownValue } from "./rules-values";

const ACTIONS = [
  { value: "REJECT", label: "reject" },
  { value: "REVIEW", label: "review" },
  { value: "ALLOW", label: "record only" },
];
const SCOPES = [
  { value: "PROMOTED", label: "promoted payments" },
  { value: "ALL", label: "all payments" },
];
const RATINGS = ["GOOD", "FAIR", "BAD"] as const;
const INHERIT = { value: "", label: "default" };

function text(value: ShownValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "object") return String(value);
  return "amountMinor" in value ? value.amountMinor : value.join(", ");
}

function hintOf(setting: SettingInfo): string | undefined {
  if (setting.kind === "mccs") return "4-digit codes, separated by commas";
  return setting.unit;
}

/** One setting of the defaults form. */
function DefaultField({
  name,
  setting,
  value,
}: {
  name: string;
  setting: SettingInfo;
  value: ShownValue;
}) {
  switch (setting.kind) {
    case "switch":
      return <RulesCheckbox name={name} label={setting.label} defaultChecked={value === true} />;
    case "action":
    case "scope":
      return (
        <RulesSelect
          name={name}
          label={setting.label}
          defaultValue={text(value)}
          options={setting.kind === "action" ? ACTIONS : SCOPES}
        />
      );
    case "ratings":
      return (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{setting.label}</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {RATINGS.map((rating) => (
              <RulesCheckbox
                key={rating}
                name={name}
                value={rating}
                label={rating}
                defaultChecked={Array.isArray(value) && value.includes(rating)}
                showError={false}
              />
            ))}
          </div>
          <RulesGroupError name={name} />
        </fieldset>
      );
    case "integer":
    case "number":
    case "mccs":
      return (
        <RulesTextInput
          name={name}
          label={setting.label}
          defaultValue={text(value)}
          hint={hintOf(setting)}
          inputMode={setting.kind === "mccs" ? "text" : "decimal"}
        />
      );
  }
}

/** One override of a campaign form: blank (or "default") leaves the rule's default. */
function OverrideField({
  name,
  setting,
  value,
  base,
}: {
  name: string;
  setting: SettingInfo;
  value: ShownValue;
  base: ShownValue;
}) {
  const inherited = `default (${settingText(setting.kind, base, setting.unit) || "—"})`;
  switch (setting.kind) {
    case "switch":
      return (
        <RulesSelect
          name={name}
          label={setting.label}
          defaultValue={value === undefined ? "" : value ? "on" : "off"}
          options={[
            { value: "", label: inherited },
            { value: "on", label: "on" },
            { value: "off", label: "off" },
          ]}
        />
      );
    case "action":
    case "scope":
      return (
        <RulesSelect
          name={name}
          label={setting.label}
          defaultValue={text(value)}
          options={[
            { ...INHERIT, label: inherited },
            ...(setting.kind === "action" ? ACTIONS : SCOPES),
          ]}
        />
      );
    case "ratings":
    case "mccs":
    case "integer":
    case "number":
      return (
        <RulesTextInput
          name={name}
          label={setting.label}
          defaultValue={text(value)}
          placeholder={text(base)}
          hint={
            setting.kind === "ratings" || setting.kind === "mccs"
              ? `Blank keeps the ${inherited}; “none” empties the list.`
              : `${setting.unit ? `${setting.unit}. ` : ""}Blank keeps the ${inherited}.`
          }
          inputMode={setting.kind === "integer" || setting.kind === "number" ? "decimal" : "text"}
        />
      );
  }
}

const GRID = "grid gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-5";

/** The defaults form's fields: a group per rule. */
export function RuleDefaultsFields({ rules }: { rules: RuleSetConfig["rules"] }) {
  return (
    <div className="space-y-4">
      {RULE_CATALOGUE.map((rule) => {
        const values = rules[rule.id] as Record<string, ShownValue>;
        return (
          <fieldset key={rule.id} className="rounded border border-slate-200 p-3">
            <legend className="px-1 font-semibold">{rule.label}</legend>
            <p className="mb-2 text-xs text-slate-600">{rule.description}</p>
            <div className={GRID}>
              {rule.settings.map((setting) => (
                <DefaultField
                  key={setting.name}
                  name={`rules.${rule.id}.${setting.name}`}
                  setting={setting}
                  value={values[setting.name]}
                />
              ))}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}

type CampaignValue = RuleSetConfig["campaigns"][number];

/** A campaign form's fields: what it matches, name, kill switch, budget, then its overrides. */
export function CampaignFields({
  campaign,
  defaults,
}: {
  campaign?: CampaignValue;
  defaults: RuleSetConfig["rules"];
}) {
  return (
    <div className="space-y-4">
      <div className={GRID}>
        <RulesTextInput name="name" label="Name" defaultValue={campaign?.name ?? ""} />
        <RulesSelect
          name="match"
          label="Matches"
          defaultValue={campaign?.promoIdPrefix !== undefined ? "promoIdPrefix" : "promoId"}
          options={[
            { value: "promoId", label: "this exact promo id" },
            { value: "promoIdPrefix", label: "promo ids starting with" },
          ]}
        />
        <RulesTextInput
          name="promoKey"
          label="Promo id or prefix"
          defaultValue={campaign?.promoId ?? campaign?.promoIdPrefix ?? ""}
        />
        <div className="self-end pb-2">
          <RulesCheckbox
            name="killSwitch"
            label="Kill switch (reject every matching payment)"
            defaultChecked={campaign?.killSwitch ?? false}
          />
        </div>
        <RulesTextInput
          name="budgetCurrency"
          label="Budget currency"
          defaultValue={campaign?.budget?.currency ?? ""}
          hint="e.g. KRW; blank: no budget"
        />
        <RulesTextInput
          name="budgetAmount"
          label="Budget amount"
          defaultValue={budgetText(campaign?.budget)}
          inputMode="decimal"
          hint="in the currency's units, e.g. 500000 or 1250.50; watched, never enforced"
        />
      </div>
      <RulesDisclosure
        summary={`Overrides of the rules (${Object.keys(campaign?.rules ?? {}).length} overridden)`}
        defaultOpen={campaign !== undefined && Object.keys(campaign.rules).length > 0}
        fieldPrefix="rules."
      >
        <div className="mt-3 space-y-3">
          {RULE_CATALOGUE.map((rule) => {
            const set = (campaign?.rules[rule.id] ?? {}) as Record<string, ShownValue>;
            const base = defaults[rule.id] as Record<string, ShownValue>;
            return (
              <fieldset key={rule.id} className="rounded border border-slate-200 p-3">
                <legend className="px-1 text-sm font-semibold">{rule.label}</legend>
                <div className={GRID}>
                  {rule.settings.map((setting) => (
                    <OverrideField
                      key={setting.name}
                      name={`rules.${rule.id}.${setting.name}`}
                      setting={setting}
                      value={set[setting.name]}
                      base={base[setting.name]}
                    />
                  ))}
                </div>
              </fieldset>
            );
          })}
        </div>
      </RulesDisclosure>
    </div>
  );
}

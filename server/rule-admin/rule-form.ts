/**
 * The draft editor's forms read back into rule-set config (README "Staff console"). Reading only
 * converts text to the types the config holds — a number field to a number, a list to an array —
 * and keeps what it cannot convert as it was typed, so ZRuleSetConfig (the procedure's input
 * schema) is what judges every value; its issues come back to the field they are about
 * (`fieldForIssue`).
 *
 * Field names: the defaults form names each setting `rules.<rule>.<setting>`; a campaign form
 * names its own fields (`name`, `match`, `promoKey`, `killSwitch`, `budgetCurrency`,
 * `budgetAmount`) and its overrides `rules.<rule>.<setting>` too (blank = the default applies).
 */
import { parseMajorUnits } from "../money/amount";
import { currencyExponent, isIsoCurrency } from "../money/currencies";
import { toDecimalString } from "../money/format";
import { RULE_IDS, type Campaign, type RuleSetConfig } from "../risk/rule-config";
import { RULE_CATALOGUE, type SettingInfo } from "./rule-catalogue";

/** What a form posted: each field's values (several for a group of checkboxes). */
export type FormValues = Record<string, string[]>;

export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form.entries()) {
    // React's own fields for server actions are not the form's.
    if (typeof value !== "string" || name.startsWith("$ACTION")) continue;
    (values[name] ??= []).push(value);
  }
  return values;
}

function first(values: FormValues, name: string): string {
  return (values[name]?.[0] ?? "").trim();
}

/** A number when the text is one; otherwise the text itself, for the schema to refuse. */
function numberOrText(text: string): number | string | undefined {
  if (text === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function listOf(text: string, upper: boolean): string[] {
  if (text.toLowerCase() === "none") return [];
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => (upper ? item.toUpperCase() : item));
}

/**
 * A setting as its form posts it. The defaults form has a value for every setting (a checkbox
 * for a switch, a checkbox per rating); an override is undefined when left blank, and posts a
 * switch as "on"/"off" and ratings as one list.
 */
function postedValue(
  values: FormValues,
  name: string,
  setting: SettingInfo,
  form: "defaults" | "override",
): unknown {
  const text = first(values, name);
  const override = form === "override";
  if (override && text === "") return undefined;
  switch (setting.kind) {
    case "switch":
      if (!override) return values[name] !== undefined;
      return text === "on" ? true : text === "off" ? false : text;
    case "action":
    case "scope":
      return text;
    case "integer":
    case "number":
      return numberOrText(text);
    case "mccs":
      return listOf(text, false);
    case "ratings":
      return override ? listOf(text, true) : (values[name] ?? []);
  }
}

/** The defaults form: every rule's every setting. */
export function readRulesForm(values: FormValues): RuleSetConfig["rules"] {
  const rules: Record<string, Record<string, unknown>> = {};
  for (const rule of RULE_CATALOGUE) {
    rules[rule.id] = Object.fromEntries(
      rule.settings.map((s) => [
        s.name,
        postedValue(values, `rules.${rule.id}.${s.name}`, s, "defaults"),
      ]),
    );
  }
  // Not yet checked: the procedure's ZRuleSetConfig input is the judge.
  return rules as RuleSetConfig["rules"];
}

export interface CampaignFormResult {
  campaign: Campaign;
  /** Problems found while reading (a budget amount that is no amount): field → message. */
  errors: Record<string, string>;
}

/** Budget amounts are typed in the currency's major unit ("1,000.50" USD) and kept in minor units. */
function budgetMinor(currency: string, amount: string): string | null {
  return parseMajorUnits(amount.replaceAll(",", ""), currency)?.toString() ?? null;
}

/** One campaign's form: its match, name, kill switch, budget and overrides. */
export function readCampaignForm(values: FormValues): CampaignFormResult {
  const errors: Record<string, string> = {};
  const key = first(values, "promoKey");
  const match = first(values, "match");
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const rule of RULE_CATALOGUE) {
    const set = Object.fromEntries(
      rule.settings
        .map(
          (s) =>
            [s.name, postedValue(values, `rules.${rule.id}.${s.name}`, s, "override")] as const,
        )
        .filter(([, value]) => value !== undefined),
    );
    if (Object.keys(set).length > 0) overrides[rule.id] = set;
  }
  const currency = first(values, "budgetCurrency").toUpperCase();
  const amount = first(values, "budgetAmount");
  let budget: Campaign["budget"];
  if (currency || amount) {
    if (!currency) errors.budgetCurrency = "a budget needs its currency";
    else if (!isIsoCurrency(currency)) errors.budgetCurrency = "not an ISO 4217 currency code";
    else if (!amount) errors.budgetAmount = "a budget needs an amount";
    else {
      const minor = budgetMinor(currency, amount);
      if (minor === null)
        errors.budgetAmount = `not an amount in ${currency} (at most ${currencyExponent(currency)} decimals)`;
      else budget = { currency, amountMinor: minor };
    }
  }
  const campaign = {
    name: first(values, "name"),
    ...(match === "promoIdPrefix" ? { promoIdPrefix: key } : { promoId: key }),
    killSwitch: values.killSwitch !== undefined,
    ...(budget ? { budget } : {}),
    rules: overrides,
  } as Campaign;
  return { campaign, errors };
}

/** A budget's amount as the form shows it (major units). */
export function budgetText(budget: Campaign["budget"]): string {
  if (!budget) return "";
  return toDecimalString({ amountMinor: BigInt(budget.amountMinor), currency: budget.currency });
}

/**
 * The defaults form's field an issue of the config is about (`rules.<rule>.<setting>`), or null
 * when it is about something else.
 */
export function rulesFieldForIssue(path: readonly PropertyKey[]): string | null {
  const [top, rule, setting] = path.map(String);
  if (top !== "rules" || !rule || !(RULE_IDS as readonly string[]).includes(rule)) return null;
  return setting ? `rules.${rule}.${setting}` : null;
}

/** The campaign form's field an issue of the config's campaign `index` is about, or null. */
export function campaignFieldForIssue(path: readonly PropertyKey[], index: number): string | null {
  const [top, at, field, sub, setting] = path.map(String);
  if (top !== "campaigns" || at !== String(index)) return null;
  switch (field) {
    case undefined: // "needs exactly one of …", "matches the same promotions as another campaign"
    case "promoId":
    case "promoIdPrefix":
      return "promoKey";
    case "name":
    case "killSwitch":
      return field;
    case "budget":
      return sub === "currency" ? "budgetCurrency" : "budgetAmount";
    case "rules":
      return sub && setting ? `rules.${sub}.${setting}` : null;
    default:
      return null;
  }
}

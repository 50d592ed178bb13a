/**
 * What changed between two rule-set configs, field by field (the console's Rules diff):
 * each rule's settings, then each campaign — identified by what it matches (an exact promo id or a
 * prefix), so a renamed campaign is a changed name and a campaign moved to another promo id is one
 * removed and one added. Pure: the two configs in, the changes out.
 */
import {
  campaignKey,
  RULE_IDS,
  ZRuleSettings,
  type Campaign,
  type RuleId,
  type RuleSetConfig,
} from "./rule-config";

/** A setting's value as a person reads it; `null` = not set (no such campaign, no override). */
export type SettingValue =
  boolean | number | string | readonly string[] | { currency: string; amountMinor: string } | null;

export type RuleSetChangeSubject =
  | { kind: "rule"; rule: RuleId }
  | {
      kind: "campaign";
      /** `=<promo id>` or `^<prefix>` (campaignKey). */
      key: string;
      /** The newer config's name when the campaign is in it, else the older one's. */
      name: string;
    };

export interface RuleSetChange {
  subject: RuleSetChangeSubject;
  /** A rule's setting (`minPriorRedemptions`), or a campaign's: `name`, `killSwitch`, `budget`,
   * `<rule>.<setting>` for an override. */
  setting: string;
  before: SettingValue;
  after: SettingValue;
}

/** Each rule's settings in the order its schema declares them (enabled, action, scope, …). */
export function ruleSettingNames(rule: RuleId): string[] {
  return Object.keys(ZRuleSettings[rule].shape);
}

function same(a: SettingValue, b: SettingValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    // A list of MCCs or ratings is a set: a new order is no change.
    return (
      JSON.stringify([...(a as string[])].sort()) === JSON.stringify([...(b as string[])].sort())
    );
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function valueOf(value: unknown): SettingValue {
  return value === undefined ? null : (value as SettingValue);
}

function campaignFields(campaign: Campaign | undefined): Map<string, SettingValue> {
  const fields = new Map<string, SettingValue>();
  if (!campaign) return fields;
  fields.set("name", campaign.name);
  fields.set("killSwitch", campaign.killSwitch);
  fields.set("budget", valueOf(campaign.budget));
  for (const rule of RULE_IDS) {
    const override = campaign.rules[rule] as Record<string, unknown> | undefined;
    if (!override) continue;
    for (const setting of ruleSettingNames(rule)) {
      if (override[setting] !== undefined)
        fields.set(`${rule}.${setting}`, valueOf(override[setting]));
    }
  }
  return fields;
}

/** The order a campaign's fields are listed in: name, kill switch, budget, then overrides. */
const CAMPAIGN_FIELD_ORDER = [
  "name",
  "killSwitch",
  "budget",
  ...RULE_IDS.flatMap((rule) => ruleSettingNames(rule).map((setting) => `${rule}.${setting}`)),
];

export function diffRuleSetConfigs(before: RuleSetConfig, after: RuleSetConfig): RuleSetChange[] {
  const changes: RuleSetChange[] = [];
  for (const rule of RULE_IDS) {
    const old = before.rules[rule] as Record<string, unknown>;
    const now = after.rules[rule] as Record<string, unknown>;
    for (const setting of ruleSettingNames(rule)) {
      const [a, b] = [valueOf(old[setting]), valueOf(now[setting])];
      if (!same(a, b))
        changes.push({ subject: { kind: "rule", rule }, setting, before: a, after: b });
    }
  }

  const older = new Map(before.campaigns.map((c) => [campaignKey(c), c]));
  const newer = new Map(after.campaigns.map((c) => [campaignKey(c), c]));
  // The newer config's order, then the campaigns it no longer has.
  const keys = [...newer.keys(), ...[...older.keys()].filter((key) => !newer.has(key))];
  for (const key of keys) {
    const [was, is] = [older.get(key), newer.get(key)];
    const subject = { kind: "campaign" as const, key, name: (is ?? was)!.name };
    const [a, b] = [campaignFields(was), campaignFields(is)];
    for (const setting of CAMPAIGN_FIELD_ORDER) {
      const [x, y] = [a.get(setting) ?? null, b.get(setting) ?? null];
      if (!same(x, y)) changes.push({ subject, setting, before: x, after: y });
    }
  }
  return changes;
}

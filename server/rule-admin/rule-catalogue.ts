/**
 * How the console names and edits each rule's settings (README "Staff console"): a label and a kind
 * per setting, in the order of server/risk/rule-config.ts. The kinds drive the draft form (an input
 * per setting) and its reading back (./rule-form.ts); the labels are the view's and the diff's.
 */
import { RULE_IDS, VERDICT_RULES, type RuleId } from "../risk/rule-config";
import { ruleSettingNames } from "../risk/rule-diff";

export type SettingKind =
  | "switch" // enabled, checkCountry
  | "action" // REJECT | REVIEW | ALLOW
  | "scope" // PROMOTED | ALL
  | "integer"
  | "number"
  | "mccs" // a list of 4-digit MCCs
  | "ratings"; // a subset of GOOD, FAIR, BAD

export interface SettingInfo {
  name: string;
  label: string;
  kind: SettingKind;
  /** The unit of a number, said after it. */
  unit?: string;
}

export interface RuleInfo {
  id: RuleId;
  label: string;
  /** When it hits, in the words of docs/protocol.md#risk-rules. */
  description: string;
  settings: SettingInfo[];
}

const COMMON: Record<string, Omit<SettingInfo, "name">> = {
  enabled: { label: "On", kind: "switch" },
  action: { label: "Action on a hit", kind: "action" },
  scope: { label: "Applies to", kind: "scope" },
};

const SPECIFIC: Record<RuleId, { label: string; description: string } & Record<string, unknown>> = {
  repeatRedemption: {
    label: "Repeat redemption",
    description:
      "The customer already has this many successful, uncancelled payments using the promo id within the window.",
    minPriorRedemptions: { label: "Earlier redemptions", kind: "integer", unit: "or more" },
    windowDays: { label: "Window", kind: "integer", unit: "days" },
  },
  deviceFarming: {
    label: "Device farming",
    description:
      "This many distinct customers (the payer included) paid with promotions from the device within the window.",
    minCustomers: { label: "Customers on the device", kind: "integer", unit: "or more" },
    windowDays: { label: "Window", kind: "integer", unit: "days" },
  },
  newAccount: {
    label: "New account",
    description: "The account was created less than this long before the payment.",
    minAccountAgeHours: { label: "Minimum account age", kind: "integer", unit: "hours" },
  },
  promoThenRefund: {
    label: "Promo then refund",
    description: "This many of the customer's promoted payments were refunded within the window.",
    minRefundedPayments: { label: "Refunded promoted payments", kind: "integer", unit: "or more" },
    windowDays: { label: "Window", kind: "integer", unit: "days" },
  },
  blockList: {
    label: "Block list",
    description: "The customer or the device is on the block list.",
  },
  gambling: {
    label: "Gambling",
    description:
      "The merchant's or store's MCC is one of these, or the merchant is on the merchant block list.",
    mccs: { label: "MCCs", kind: "mccs" },
  },
  badCredit: {
    label: "Bad credit",
    description:
      "The customer's credit rating is one of these, or the credit score is below the minimum.",
    ratings: { label: "Ratings", kind: "ratings" },
    minScore: { label: "Minimum credit score", kind: "integer", unit: "of 1000" },
  },
  locationMismatch: {
    label: "Location mismatch",
    description:
      "In-store payments: the device's latest usable fix is farther from the store than the maximum, or in another country.",
    maxDistanceKm: { label: "Maximum distance", kind: "number", unit: "km" },
    maxFixAgeMinutes: { label: "Fix at most", kind: "integer", unit: "minutes old" },
    maxAccuracyM: { label: "Fix accuracy at most", kind: "number", unit: "m" },
    checkCountry: { label: "Check the country", kind: "switch" },
  },
  tamperedDevice: {
    label: "Tampered app or device",
    description:
      "The device's latest integrity result says modified app, emulator, rooted/jailbroken or hooked.",
  },
  sharedDevice: {
    label: "Shared device",
    description:
      "This many distinct customers (the payer included) logged in on the device within the window.",
    minCustomers: { label: "Customers logged in", kind: "integer", unit: "or more" },
    windowHours: { label: "Window", kind: "integer", unit: "hours" },
  },
};

export const RULE_CATALOGUE: RuleInfo[] = RULE_IDS.map((id) => ({
  id,
  label: SPECIFIC[id].label,
  description: SPECIFIC[id].description,
  settings: ruleSettingNames(id).map((name) => {
    const info = (COMMON[name] ?? SPECIFIC[id][name]) as Omit<SettingInfo, "name"> | undefined;
    if (!info) throw new Error(`rule ${id}: no label for the setting ${name}`);
    return { name, ...info };
  }),
}));

const BY_ID = new Map(RULE_CATALOGUE.map((rule) => [rule.id as string, rule]));

/** A rule's name for people; verdicts also name `killSwitch`, a campaign's. */
export function ruleLabel(rule: string): string {
  if (rule === "killSwitch") return "Campaign kill switch";
  return BY_ID.get(rule)?.label ?? rule;
}

/** Every rule id a verdict can name (the kill switch included), with its name for people. */
export const RULE_LABELS: Record<string, string> = Object.fromEntries(
  VERDICT_RULES.map((id) => [id, ruleLabel(id)]),
);

export function settingInfo(rule: string, setting: string): SettingInfo | undefined {
  return BY_ID.get(rule)?.settings.find((s) => s.name === setting);
}

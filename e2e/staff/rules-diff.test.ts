/**
 * The Rules screens' pure parts: the field-by-field diff of two hand-built configs, and reading
 * the draft editor's forms back into config (every value left for ZRuleSetConfig to judge).
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RULE_SET_CONFIG,
  ZRuleSetConfig,
  type RuleSetConfig,
} from "@/server/risk/rule-config";
import { diffRuleSetConfigs } from "@/server/risk/rule-diff";
import {
  campaignFieldForIssue,
  readCampaignForm,
  readRulesForm,
  rulesFieldForIssue,
  type FormValues,
} from "@/server/rule-admin/rule-form";

const defaults = DEFAULT_RULE_SET_CONFIG;

const before: RuleSetConfig = {
  rules: {
    ...defaults.rules,
    badCredit: { ...defaults.rules.badCredit, ratings: ["FAIR", "BAD"] },
  },
  campaigns: [
    {
      name: "Once only",
      promoId: "P-ONCE",
      killSwitch: false,
      rules: { repeatRedemption: { minPriorRedemptions: 1 } },
    },
    {
      name: "Family",
      promoIdPrefix: "FAM-",
      killSwitch: false,
      budget: { currency: "KRW", amountMinor: "100000" },
      rules: {},
    },
  ],
};

const after: RuleSetConfig = {
  rules: {
    ...defaults.rules,
    newAccount: { ...defaults.rules.newAccount, action: "REJECT" },
    gambling: {
      ...defaults.rules.gambling,
      mccs: ["7995", "7800", "7801", "7802", "9406", "7996"],
    },
    // The same ratings in another order: no change.
    badCredit: { ...defaults.rules.badCredit, ratings: ["BAD", "FAIR"], enabled: false },
  },
  campaigns: [
    {
      name: "Added",
      promoId: "P-NEW",
      killSwitch: false,
      rules: { sharedDevice: { windowHours: 48 } },
    },
    {
      name: "Once, renamed",
      promoId: "P-ONCE",
      killSwitch: true,
      rules: { repeatRedemption: { minPriorRedemptions: 2 }, deviceFarming: { windowDays: 1 } },
    },
  ],
};

describe("diffRuleSetConfigs", () => {
  it("lists every changed setting of rules and campaigns, old → new", () => {
    expect(diffRuleSetConfigs(before, after)).toEqual([
      {
        subject: { kind: "rule", rule: "newAccount" },
        setting: "action",
        before: "REVIEW",
        after: "REJECT",
      },
      {
        subject: { kind: "rule", rule: "gambling" },
        setting: "mccs",
        before: ["7995", "7800", "7801", "7802", "9406"],
        after: ["7995", "7800", "7801", "7802", "9406", "7996"],
      },
      {
        subject: { kind: "rule", rule: "badCredit" },
        setting: "enabled",
        before: true,
        after: false,
      },
      // A campaign the newer version added: each of its fields from nothing.
      {
        subject: { kind: "campaign", key: "=P-NEW", name: "Added" },
        setting: "name",
        before: null,
        after: "Added",
      },
      {
        subject: { kind: "campaign", key: "=P-NEW", name: "Added" },
        setting: "killSwitch",
        before: null,
        after: false,
      },
      {
        subject: { kind: "campaign", key: "=P-NEW", name: "Added" },
        setting: "sharedDevice.windowHours",
        before: null,
        after: 48,
      },
      // The same promo id: one campaign, renamed, killed, an override changed and one added.
      {
        subject: { kind: "campaign", key: "=P-ONCE", name: "Once, renamed" },
        setting: "name",
        before: "Once only",
        after: "Once, renamed",
      },
      {
        subject: { kind: "campaign", key: "=P-ONCE", name: "Once, renamed" },
        setting: "killSwitch",
        before: false,
        after: true,
      },
      {
        subject: { kind: "campaign", key: "=P-ONCE", name: "Once, renamed" },
        setting: "repeatRedemption.minPriorRedemptions",
        before: 1,
        after: 2,
      },
      {
        subject: { kind: "campaign", key: "=P-ONCE", name: "Once, renamed" },
        setting: "deviceFarming.windowDays",
        before: null,
        after: 1,
      },
      // A campaign the newer version dropped: each of its fields to nothing.
      {
        subject: { kind: "campaign", key: "^FAM-", name: "Family" },
        setting: "name",
        before: "Family",
        after: null,
      },
      {
        subject: { kind: "campaign", key: "^FAM-", name: "Family" },
        setting: "killSwitch",
        before: false,
        after: null,
      },
      {
        subject: { kind: "campaign", key: "^FAM-", name: "Family" },
        setting: "budget",
        before: { currency: "KRW", amountMinor: "100000" },
        after: null,
      },
    ]);
  });

  it("finds nothing between a config and itself, and reverses cleanly", () => {
    expect(diffRuleSetConfigs(after, after)).toEqual([]);
    const forth = diffRuleSetConfigs(before, after);
    const back = diffRuleSetConfigs(after, before);
    expect(back).toHaveLength(forth.length);
    for (const change of forth) {
      const reverse = back.find(
        (c) =>
          c.setting === change.setting &&
          c.subject.kind === change.subject.kind &&
          JSON.stringify(c.subject).includes(
            change.subject.kind === "rule" ? change.subject.rule : change.subject.key,
          ),
      );
      expect(reverse).toMatchObject({ before: change.after, after: change.before });
    }
  });
});

/** FormData as a browser posts the defaults form for `config` (what the page renders). */
function postedRules(config: RuleSetConfig): FormValues {
  const values: FormValues = {};
  for (const [rule, settings] of Object.entries(config.rules)) {
    for (const [name, value] of Object.entries(settings as Record<string, unknown>)) {
      const field = `rules.${rule}.${name}`;
      if (value === true) values[field] = ["on"];
      else if (value === false)
        continue; // an unticked checkbox is not posted
      else if (name === "ratings") values[field] = value as string[];
      else if (Array.isArray(value)) values[field] = [value.join(", ")];
      else values[field] = [String(value)];
    }
  }
  return values;
}

describe("reading the draft forms", () => {
  it("reads the defaults form back into the same rules", () => {
    const config = { ...after, campaigns: [] };
    expect(readRulesForm(postedRules(config))).toEqual(config.rules);
  });

  it("leaves a bad threshold for the schema, which names its field", () => {
    const posted = postedRules(defaults);
    posted["rules.repeatRedemption.minPriorRedemptions"] = ["0"];
    posted["rules.sharedDevice.windowHours"] = ["a day"];
    const rules = readRulesForm(posted);
    const parsed = ZRuleSetConfig.safeParse({ rules, campaigns: [] });
    expect(parsed.success).toBe(false);
    const fields = parsed.error!.issues.map((issue) => rulesFieldForIssue(issue.path));
    expect(fields.sort()).toEqual([
      "rules.repeatRedemption.minPriorRedemptions",
      "rules.sharedDevice.windowHours",
    ]);
  });

  it("reads a campaign: prefix, kill switch, budget in major units, overrides (blank = default)", () => {
    const { campaign, errors } = readCampaignForm({
      name: [" Spring "],
      match: ["promoIdPrefix"],
      promoKey: ["SPRING-"],
      killSwitch: ["on"],
      budgetCurrency: ["usd"],
      budgetAmount: ["1,250.5"],
      "rules.repeatRedemption.minPriorRedemptions": ["2"],
      "rules.repeatRedemption.windowDays": [""],
      "rules.repeatRedemption.enabled": [""],
      "rules.newAccount.enabled": ["off"],
      "rules.newAccount.action": ["REJECT"],
      "rules.gambling.mccs": ["none"],
      "rules.badCredit.ratings": ["bad, fair"],
    });
    expect(errors).toEqual({});
    expect(
      ZRuleSetConfig.parse({ rules: defaults.rules, campaigns: [campaign] }).campaigns,
    ).toEqual([
      {
        name: "Spring",
        promoIdPrefix: "SPRING-",
        killSwitch: true,
        budget: { currency: "USD", amountMinor: "125050" },
        rules: {
          repeatRedemption: { minPriorRedemptions: 2 },
          newAccount: { enabled: false, action: "REJECT" },
          gambling: { mccs: [] },
          badCredit: { ratings: ["BAD", "FAIR"] },
        },
      },
    ]);
  });

  it("refuses a budget it cannot read, naming the field", () => {
    const read = (currency: string, amount: string) =>
      Object.entries(
        readCampaignForm({
          name: ["x"],
          promoKey: ["P"],
          budgetCurrency: [currency],
          budgetAmount: [amount],
        }).errors,
      );
    expect(read("KRW", "10.5")).toEqual([
      ["budgetAmount", "not an amount in KRW (at most 0 decimals)"],
    ]);
    expect(read("XXQ", "1")).toEqual([["budgetCurrency", "not an ISO 4217 currency code"]]);
    expect(read("", "1")).toEqual([["budgetCurrency", "a budget needs its currency"]]);
    expect(read("JPY", "")).toEqual([["budgetAmount", "a budget needs an amount"]]);
    expect(read("", "")).toEqual([]);
  });

  it("maps the schema's issues on one campaign to that campaign form's fields", () => {
    const issuesOf = (campaigns: unknown[]) =>
      ZRuleSetConfig.safeParse({ rules: defaults.rules, campaigns }).error!.issues;
    const twins = issuesOf([
      { name: "A", promoId: "SAME" },
      { name: "A", promoId: "SAME" },
    ]);
    expect(twins.map((issue) => campaignFieldForIssue(issue.path, 1)).sort()).toEqual([
      "name",
      "promoKey",
    ]);
    // Another campaign's issues are not this form's.
    expect(twins.map((issue) => campaignFieldForIssue(issue.path, 0))).toEqual([null, null]);
    const bad = issuesOf([
      { name: "B", promoId: "P", promoIdPrefix: "P" },
      { name: "C", promoId: "Q", rules: { deviceFarming: { windowDays: 0 } } },
      { name: "D", promoId: "R", budget: { currency: "krw", amountMinor: "1" } },
    ]);
    expect(bad.map((issue) => campaignFieldForIssue(issue.path, Number(issue.path[1])))).toEqual([
      "promoKey",
      "rules.deviceFarming.windowDays",
      "budgetCurrency",
    ]);
  });
});

/** Campaign precedence and rule-set validation (docs/protocol.md#risk-rules: campaigns). */
import { describe, expect, it } from "vitest";
import {
  campaignFor,
  DEFAULT_RULE_SET_CONFIG,
  effectiveRules,
  ZRuleSetConfig,
  type Campaign,
  type RuleSetConfig,
} from "./rule-config";

const campaign = (
  name: string,
  key: { promoId: string } | { promoIdPrefix: string },
): Campaign => ({
  name,
  ...key,
  killSwitch: false,
  rules: {},
});

const CONFIG: RuleSetConfig = {
  ...DEFAULT_RULE_SET_CONFIG,
  campaigns: [
    campaign("all autumn", { promoIdPrefix: "PROMO-AUTUMN" }),
    campaign("autumn Japan", { promoIdPrefix: "PROMO-AUTUMN-JP" }),
    campaign("the 300 voucher", { promoId: "PROMO-AUTUMN-JP-300" }),
  ],
};

describe("campaignFor", () => {
  it.each([
    ["PROMO-AUTUMN-JP-300", "the 300 voucher"],
    ["PROMO-AUTUMN-JP-100", "autumn Japan"],
    ["PROMO-AUTUMN-SG-1", "all autumn"],
    ["PROMO-WINTER-1", null],
  ])("%s falls under %s (exact beats prefix, longer prefix beats shorter)", (promoId, expected) => {
    expect(campaignFor(CONFIG, promoId)?.name ?? null).toBe(expected);
  });

  it("puts a promotion without a promo id under the defaults", () => {
    expect(campaignFor(CONFIG, undefined)).toBeNull();
  });
});

describe("effectiveRules", () => {
  it("lays a campaign's overrides over the defaults, setting by setting", () => {
    const strict: Campaign = {
      ...campaign("strict", { promoId: "P" }),
      rules: { repeatRedemption: { minPriorRedemptions: 1 }, newAccount: { action: "REJECT" } },
    };
    const rules = effectiveRules(DEFAULT_RULE_SET_CONFIG, strict);
    expect(rules.repeatRedemption).toEqual({
      ...DEFAULT_RULE_SET_CONFIG.rules.repeatRedemption,
      minPriorRedemptions: 1,
    });
    expect(rules.newAccount.action).toBe("REJECT");
    expect(rules.sharedDevice).toBe(DEFAULT_RULE_SET_CONFIG.rules.sharedDevice);
  });
});

describe("ZRuleSetConfig", () => {
  it("accepts the defaults", () => {
    expect(ZRuleSetConfig.parse(DEFAULT_RULE_SET_CONFIG)).toEqual(DEFAULT_RULE_SET_CONFIG);
  });

  it.each([
    ["a campaign with both keys", { name: "x", promoId: "A", promoIdPrefix: "A" }],
    ["a campaign with no key", { name: "x" }],
    ["an unknown rule override", { name: "x", promoId: "A", rules: { nope: {} } }],
    [
      "a negative threshold",
      { name: "x", promoId: "A", rules: { sharedDevice: { minCustomers: -1 } } },
    ],
    ["a bad action", { name: "x", promoId: "A", rules: { badCredit: { action: "BLOCK" } } }],
    [
      "a budget with a float",
      { name: "x", promoId: "A", budget: { currency: "KRW", amountMinor: "1.5" } },
    ],
  ])("refuses %s", (_case, bad) => {
    expect(ZRuleSetConfig.safeParse({ ...DEFAULT_RULE_SET_CONFIG, campaigns: [bad] }).success).toBe(
      false,
    );
  });

  it("refuses two campaigns on the same promotions or with the same name", () => {
    const twice = [campaign("a", { promoId: "P" }), campaign("b", { promoId: "P" })];
    const sameName = [campaign("a", { promoId: "P" }), campaign("a", { promoId: "Q" })];
    for (const campaigns of [twice, sameName]) {
      expect(ZRuleSetConfig.safeParse({ ...DEFAULT_RULE_SET_CONFIG, campaigns }).success).toBe(
        false,
      );
    }
  });
});

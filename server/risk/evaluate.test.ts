/**
 * The rules as a table (docs/protocol.md#risk-rules): for each, a hit, a near miss at the threshold
 * and a missing signal, with the defaults; then scope, the allow list, kill switches and the
 * outcome order.
 */
import { describe, expect, it } from "vitest";
import { evaluateGroup, outcomeOf, type PaymentFacts, type RuleGroup } from "./evaluate";
import { DEFAULT_RULE_SET_CONFIG, type RuleId } from "./rule-config";
import type { RiskSignals } from "./signals";

const AT = new Date("2026-11-26T12:00:00Z");
const hoursBefore = (h: number) => new Date(AT.getTime() - h * 3_600_000).toISOString();

/** Signals that hit nothing: a long-standing customer with good credit on a clean device. */
const CLEAN: RiskSignals = {
  customer: { creditRating: "GOOD", creditScore: 720, accountCreatedAt: hoursBefore(24 * 400) },
  lists: [],
  redemptions: { "PROMO-A": 0 },
  farmingOtherCustomers: 0,
  refundedPromotedPayments: 0,
  store: { region: "JP", lat: 35.6717, lng: 139.7649 },
  integrity: {
    at: hoursBefore(1),
    appSignatureValid: true,
    emulator: false,
    rooted: false,
    hooked: false,
  },
  location: { at: hoursBefore(0.1), lat: 35.6702, lng: 139.7628, accuracyM: 20 },
  loginOtherCustomers: 0,
  liveVersion: 1,
};

const FACTS: PaymentFacts = {
  at: AT,
  promoted: true,
  inStore: true,
  merchantMcc: "5814",
  storeMcc: "5814",
};

const GROUP: RuleGroup = {
  campaign: null,
  killSwitch: false,
  settings: DEFAULT_RULE_SET_CONFIG.rules,
  promoIds: ["PROMO-A"],
};

function verdictOf(
  rule: RuleId,
  signals: Partial<RiskSignals> = {},
  facts: Partial<PaymentFacts> = {},
  group: Partial<RuleGroup> = {},
) {
  const verdicts = evaluateGroup(
    { ...GROUP, ...group },
    { ...CLEAN, ...signals },
    { ...FACTS, ...facts },
  );
  const found = verdicts.find((v) => v.rule === rule);
  if (!found) throw new Error(`no verdict for ${rule}`);
  return found.verdict;
}

describe("each rule with the defaults", () => {
  it.each<[RuleId, string, Partial<RiskSignals>, Partial<PaymentFacts>, string]>([
    ["repeatRedemption", "3 earlier redemptions", { redemptions: { "PROMO-A": 3 } }, {}, "HIT"],
    ["repeatRedemption", "2 earlier redemptions", { redemptions: { "PROMO-A": 2 } }, {}, "MISS"],
    ["deviceFarming", "2 others + the payer", { farmingOtherCustomers: 2 }, {}, "HIT"],
    ["deviceFarming", "1 other + the payer", { farmingOtherCustomers: 1 }, {}, "MISS"],
    ["deviceFarming", "no device", { farmingOtherCustomers: null }, {}, "UNAVAILABLE"],
    [
      "newAccount",
      "23h59m old",
      { customer: { ...CLEAN.customer!, accountCreatedAt: hoursBefore(23 + 59 / 60) } },
      {},
      "HIT",
    ],
    [
      "newAccount",
      "24h old",
      { customer: { ...CLEAN.customer!, accountCreatedAt: hoursBefore(24) } },
      {},
      "MISS",
    ],
    [
      "newAccount",
      "no account date",
      { customer: { ...CLEAN.customer!, accountCreatedAt: null } },
      {},
      "UNAVAILABLE",
    ],
    ["promoThenRefund", "3 refunded", { refundedPromotedPayments: 3 }, {}, "HIT"],
    ["promoThenRefund", "2 refunded", { refundedPromotedPayments: 2 }, {}, "MISS"],
    [
      "blockList",
      "device blocked",
      { lists: [{ list: "BLOCK", subjectType: "DEVICE" }] },
      {},
      "HIT",
    ],
    [
      "blockList",
      "merchant blocked only",
      { lists: [{ list: "BLOCK", subjectType: "MERCHANT" }] },
      {},
      "MISS",
    ],
    ["gambling", "store MCC 7995", {}, { storeMcc: "7995" }, "HIT"],
    [
      "gambling",
      "merchant on the block list",
      { lists: [{ list: "BLOCK", subjectType: "MERCHANT" }] },
      {},
      "HIT",
    ],
    ["gambling", "MCC 7996", {}, { merchantMcc: "7996", storeMcc: "7996" }, "MISS"],
    ["gambling", "no MCC", {}, { merchantMcc: undefined, storeMcc: undefined }, "UNAVAILABLE"],
    [
      "badCredit",
      "rating BAD",
      { customer: { ...CLEAN.customer!, creditRating: "BAD" } },
      {},
      "HIT",
    ],
    ["badCredit", "score 299", { customer: { ...CLEAN.customer!, creditScore: 299 } }, {}, "HIT"],
    ["badCredit", "score 300", { customer: { ...CLEAN.customer!, creditScore: 300 } }, {}, "MISS"],
    [
      "badCredit",
      "no rating nor score",
      { customer: { ...CLEAN.customer!, creditRating: null, creditScore: null } },
      {},
      "UNAVAILABLE",
    ],
    [
      "locationMismatch",
      "Osaka fix for a Ginza store (~400 km)",
      { location: { ...CLEAN.location!, lat: 34.7025, lng: 135.4959 } },
      {},
      "HIT",
    ],
    [
      "locationMismatch",
      "Yokohama fix (~27 km)",
      { location: { ...CLEAN.location!, lat: 35.4437, lng: 139.638 } },
      {},
      "MISS",
    ],
    [
      "locationMismatch",
      "fix across a border within 50 km (Johor Bahru for a Singapore store)",
      {
        store: { region: "SG", lat: 1.2864, lng: 103.8491 },
        location: { ...CLEAN.location!, lat: 1.4927, lng: 103.7414 },
      },
      {},
      "HIT",
    ],
    [
      "locationMismatch",
      "fix 31 minutes old",
      { location: { ...CLEAN.location!, at: hoursBefore(31 / 60) } },
      {},
      "UNAVAILABLE",
    ],
    [
      "locationMismatch",
      "fix accuracy 1,001 m",
      { location: { ...CLEAN.location!, accuracyM: 1001 } },
      {},
      "UNAVAILABLE",
    ],
    ["locationMismatch", "store not registered", { store: null }, {}, "UNAVAILABLE"],
    [
      "locationMismatch",
      "not in store",
      { location: { ...CLEAN.location!, lat: 34.7, lng: 135.5 } },
      { inStore: false },
      "SKIPPED",
    ],
    [
      "tamperedDevice",
      "emulator",
      { integrity: { ...CLEAN.integrity!, emulator: true } },
      {},
      "HIT",
    ],
    [
      "tamperedDevice",
      "modified app",
      { integrity: { ...CLEAN.integrity!, appSignatureValid: false } },
      {},
      "HIT",
    ],
    ["tamperedDevice", "no integrity result", { integrity: null }, {}, "UNAVAILABLE"],
    ["sharedDevice", "2 others + the payer", { loginOtherCustomers: 2 }, {}, "HIT"],
    ["sharedDevice", "1 other + the payer", { loginOtherCustomers: 1 }, {}, "MISS"],
    ["sharedDevice", "no device", { loginOtherCustomers: null }, {}, "UNAVAILABLE"],
  ])("%s: %s → %s", (rule, _case, signals, facts, expected) => {
    expect(verdictOf(rule, signals, facts)).toBe(expected);
  });

  it("a clean payment hits nothing and is allowed", () => {
    const verdicts = evaluateGroup(GROUP, CLEAN, FACTS);
    expect(verdicts.filter((v) => v.verdict === "HIT")).toEqual([]);
    expect(outcomeOf(verdicts)).toBe("ALLOW");
  });
});

describe("scope, allow list, kill switch, outcome", () => {
  it("skips rules scoped to promoted payments for a payment without promotions", () => {
    const verdicts = evaluateGroup(
      { ...GROUP, promoIds: [] },
      { ...CLEAN, farmingOtherCustomers: 5 },
      {
        ...FACTS,
        promoted: false,
      },
    );
    expect(new Set(verdicts.map((v) => v.verdict))).toEqual(new Set(["SKIPPED"]));
  });

  it("judges a payment without promotions when a rule is widened to all payments", () => {
    const settings = {
      ...GROUP.settings,
      deviceFarming: { ...GROUP.settings.deviceFarming, scope: "ALL" as const },
    };
    expect(
      verdictOf("deviceFarming", { farmingOtherCustomers: 5 }, { promoted: false }, { settings }),
    ).toBe("HIT");
  });

  it("lets an allow-listed customer skip every rule but the block list, gambling and kill switches", () => {
    const signals: Partial<RiskSignals> = {
      lists: [
        { list: "ALLOW", subjectType: "CUSTOMER" },
        { list: "BLOCK", subjectType: "DEVICE" },
      ],
      redemptions: { "PROMO-A": 9 },
      loginOtherCustomers: 9,
    };
    expect(verdictOf("repeatRedemption", signals)).toBe("SKIPPED");
    expect(verdictOf("sharedDevice", signals)).toBe("SKIPPED");
    expect(verdictOf("blockList", signals)).toBe("HIT");
    expect(verdictOf("gambling", signals, { storeMcc: "7801" })).toBe("HIT");
    const verdicts = evaluateGroup(
      { ...GROUP, killSwitch: true, campaign: "stop" },
      { ...CLEAN, ...signals },
      FACTS,
    );
    expect(verdicts[0]).toMatchObject({ rule: "killSwitch", verdict: "HIT", action: "REJECT" });
  });

  it("records a rule that is off, and its hit has no effect with action ALLOW", () => {
    const settings = {
      ...GROUP.settings,
      badCredit: { ...GROUP.settings.badCredit, enabled: false },
      sharedDevice: { ...GROUP.settings.sharedDevice, action: "ALLOW" as const },
    };
    const verdicts = evaluateGroup(
      { ...GROUP, settings },
      {
        ...CLEAN,
        customer: { ...CLEAN.customer!, creditRating: "BAD" },
        loginOtherCustomers: 4,
      },
      FACTS,
    );
    expect(verdicts.find((v) => v.rule === "badCredit")?.verdict).toBe("OFF");
    expect(verdicts.find((v) => v.rule === "sharedDevice")?.verdict).toBe("HIT");
    expect(outcomeOf(verdicts)).toBe("ALLOW");
  });

  it("takes the strictest action among the hits", () => {
    const review = { ...CLEAN, refundedPromotedPayments: 3 };
    expect(outcomeOf(evaluateGroup(GROUP, review, FACTS))).toBe("REVIEW");
    expect(outcomeOf(evaluateGroup(GROUP, { ...review, loginOtherCustomers: 2 }, FACTS))).toBe(
      "REJECT",
    );
  });
});

describe("the location rule's country check", () => {
  it("takes a territory as its own region: a Hong Kong fix for a Hong Kong store is no mismatch", () => {
    const hongKong = { region: "HK", lat: 22.2819, lng: 114.1582 };
    const fix = { ...CLEAN.location!, lat: 22.2988, lng: 114.1722 };
    expect(verdictOf("locationMismatch", { store: hongKong, location: fix })).toBe("MISS");
  });
});

/**
 * What a rule set holds (docs/protocol.md#risk-rules): one setting per seed rule — on/off, the
 * action on a hit, its scope (promoted payments, or all), its thresholds — and campaigns, overrides
 * keyed by a promo id or promo id prefix with their own settings, a budget to watch and a kill
 * switch. The defaults are the table of docs/protocol.md#risk-rules, the single source of what each
 * rule does out of the box.
 */
import { z } from "zod";

export const RULE_IDS = [
  "repeatRedemption",
  "deviceFarming",
  "newAccount",
  "promoThenRefund",
  "blockList",
  "gambling",
  "badCredit",
  "locationMismatch",
  "tamperedDevice",
  "sharedDevice",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What a verdict can name, in the order rules are listed: every rule, then a campaign's kill switch. */
export const VERDICT_RULES = [...RULE_IDS, "killSwitch"] as const;
export type VerdictRule = (typeof VERDICT_RULES)[number];

export const ZRiskAction = z.enum(["REJECT", "REVIEW", "ALLOW"]);
export type RiskAction = z.infer<typeof ZRiskAction>;

const common = {
  enabled: z.boolean(),
  action: ZRiskAction,
  /** PROMOTED: only payments carrying a promotion; ALL: every payment. */
  scope: z.enum(["PROMOTED", "ALL"]),
};
const count = z.int().min(1).max(1_000_000);
const days = z.int().min(1).max(366);

/** Each rule's settings; thresholds are inclusive ("3 or more"). */
export const ZRuleSettings = {
  repeatRedemption: z.strictObject({ ...common, minPriorRedemptions: count, windowDays: days }),
  deviceFarming: z.strictObject({ ...common, minCustomers: count, windowDays: days }),
  newAccount: z.strictObject({ ...common, minAccountAgeHours: z.int().min(1).max(87_600) }),
  promoThenRefund: z.strictObject({ ...common, minRefundedPayments: count, windowDays: days }),
  blockList: z.strictObject({ ...common }),
  gambling: z.strictObject({
    ...common,
    mccs: z.array(z.string().regex(/^\d{4}$/, "must be a 4-digit MCC")).max(200),
  }),
  badCredit: z.strictObject({
    ...common,
    ratings: z.array(z.enum(["GOOD", "FAIR", "BAD"])).max(3),
    /** Hits below this score (of 1000). */
    minScore: z.int().min(0).max(1000),
  }),
  locationMismatch: z.strictObject({
    ...common,
    maxDistanceKm: z.number().positive().max(20_000),
    maxFixAgeMinutes: z.int().min(1).max(10_080),
    maxAccuracyM: z.number().positive().max(1_000_000),
    checkCountry: z.boolean(),
  }),
  tamperedDevice: z.strictObject({ ...common }),
  sharedDevice: z.strictObject({
    ...common,
    minCustomers: count,
    windowHours: z.int().min(1).max(8_784),
  }),
} satisfies Record<RuleId, z.ZodType>;

export type RuleSettings = { [R in RuleId]: z.infer<(typeof ZRuleSettings)[R]> };

const ZRuleSettingsMap = z.strictObject(ZRuleSettings);
/** A campaign's overrides: any rule, any of its settings. */
const ZRuleOverrides = z.strictObject({
  repeatRedemption: ZRuleSettings.repeatRedemption.partial().optional(),
  deviceFarming: ZRuleSettings.deviceFarming.partial().optional(),
  newAccount: ZRuleSettings.newAccount.partial().optional(),
  promoThenRefund: ZRuleSettings.promoThenRefund.partial().optional(),
  blockList: ZRuleSettings.blockList.partial().optional(),
  gambling: ZRuleSettings.gambling.partial().optional(),
  badCredit: ZRuleSettings.badCredit.partial().optional(),
  locationMismatch: ZRuleSettings.locationMismatch.partial().optional(),
  tamperedDevice: ZRuleSettings.tamperedDevice.partial().optional(),
  sharedDevice: ZRuleSettings.sharedDevice.partial().optional(),
});

const ZPromoKey = z.string().trim().min(1).max(64);

export const ZCampaign = z
  .strictObject({
    /** A name for people (the console); unique within the rule set. */
    name: z.string().trim().min(1).max(100),
    /** Exactly one: an exact promo id, or a prefix of promo ids. */
    promoId: ZPromoKey.optional(),
    promoIdPrefix: ZPromoKey.optional(),
    /** Rejects every payment using a matching promotion. */
    killSwitch: z.boolean().default(false),
    /** Promotion money to watch (the console shows its burn); never blocks by itself. */
    budget: z
      .strictObject({
        currency: z.string().regex(/^[A-Z]{3}$/),
        amountMinor: z.string().regex(/^(0|[1-9][0-9]{0,18})$/),
      })
      .optional(),
    rules: ZRuleOverrides.default({}),
  })
  .refine((c) => (c.promoId === undefined) !== (c.promoIdPrefix === undefined), {
    message: "needs exactly one of promoId and promoIdPrefix",
  });
export type Campaign = z.infer<typeof ZCampaign>;

/** What a campaign matches, as one text: its identity within a rule set (no two share it). */
export function campaignKey(campaign: Pick<Campaign, "promoId" | "promoIdPrefix">): string {
  return campaign.promoId !== undefined ? `=${campaign.promoId}` : `^${campaign.promoIdPrefix}`;
}

export const ZRuleSetConfig = z
  .strictObject({
    rules: ZRuleSettingsMap,
    campaigns: z.array(ZCampaign).max(1000).default([]),
  })
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    const keys = new Set<string>();
    config.campaigns.forEach((campaign, index) => {
      const key = campaignKey(campaign);
      if (names.has(campaign.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["campaigns", index, "name"],
          message: "is used twice",
        });
      }
      if (keys.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["campaigns", index],
          message: "matches the same promotions as another campaign",
        });
      }
      names.add(campaign.name);
      keys.add(key);
    });
  });
export type RuleSetConfig = z.infer<typeof ZRuleSetConfig>;

/** The table of docs/protocol.md#risk-rules. */
export const DEFAULT_RULE_SET_CONFIG: RuleSetConfig = {
  rules: {
    repeatRedemption: {
      enabled: true,
      action: "REJECT",
      scope: "PROMOTED",
      minPriorRedemptions: 3,
      windowDays: 30,
    },
    deviceFarming: {
      enabled: true,
      action: "REJECT",
      scope: "PROMOTED",
      minCustomers: 3,
      windowDays: 7,
    },
    newAccount: { enabled: true, action: "REVIEW", scope: "PROMOTED", minAccountAgeHours: 24 },
    promoThenRefund: {
      enabled: true,
      action: "REVIEW",
      scope: "PROMOTED",
      minRefundedPayments: 3,
      windowDays: 30,
    },
    blockList: { enabled: true, action: "REJECT", scope: "PROMOTED" },
    gambling: {
      enabled: true,
      action: "REJECT",
      scope: "PROMOTED",
      mccs: ["7995", "7800", "7801", "7802", "9406"],
    },
    badCredit: {
      enabled: true,
      action: "REJECT",
      scope: "PROMOTED",
      ratings: ["BAD"],
      minScore: 300,
    },
    locationMismatch: {
      enabled: true,
      action: "REJECT",
      scope: "PROMOTED",
      maxDistanceKm: 50,
      maxFixAgeMinutes: 30,
      maxAccuracyM: 1000,
      checkCountry: true,
    },
    tamperedDevice: { enabled: true, action: "REJECT", scope: "PROMOTED" },
    sharedDevice: {
      enabled: true,
      action: "REJECT",
      scope: "PROMOTED",
      minCustomers: 3,
      windowHours: 24,
    },
  },
  campaigns: [],
};

/**
 * The campaign a promotion falls under: an exact promo id beats a prefix, a longer prefix beats a
 * shorter one (docs/protocol.md#risk-rules); null when none matches (the defaults apply).
 */
export function campaignFor(config: RuleSetConfig, promoId: string | undefined): Campaign | null {
  if (promoId === undefined) return null;
  let best: Campaign | null = null;
  for (const campaign of config.campaigns) {
    if (campaign.promoId === promoId) return campaign;
    const prefix = campaign.promoIdPrefix;
    if (prefix !== undefined && promoId.startsWith(prefix)) {
      if (!best || prefix.length > (best.promoIdPrefix ?? "").length) best = campaign;
    }
  }
  return best;
}

/** The defaults with a campaign's overrides laid over them. */
export function effectiveRules(config: RuleSetConfig, campaign: Campaign | null): RuleSettings {
  if (!campaign) return config.rules;
  const merged = { ...config.rules } as Record<RuleId, object>;
  for (const id of RULE_IDS) {
    const override = campaign.rules[id];
    if (override) merged[id] = { ...config.rules[id], ...override };
  }
  return merged as RuleSettings;
}

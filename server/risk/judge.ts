/**
 * Judging one payment under one rule set (docs/protocol.md#risk-rules): its promotions grouped by
 * the campaign each falls under (each matching campaign applies; promotions under none, and a
 * payment without any, get the defaults), the signals for each group's windows, every rule's
 * verdict and the strictest outcome. Shared by live decisions (./decide.ts) and backtests
 * (./backtest.ts), which differ only in where the signals come from.
 */
import {
  evaluateGroup,
  outcomeOf,
  type RiskOutcome,
  type RuleGroup,
  type RuleVerdict,
} from "./evaluate";
import { campaignFor, effectiveRules, type Campaign, type RuleSetConfig } from "./rule-config";
import type { RiskSignals, RiskSubject, SignalWindows } from "./signals";

/** A payment as the rules see it. */
export interface RiskCase extends Omit<RiskSubject, "promoIds"> {
  /** One entry per promotion detail (its promo id, if it has one). */
  promotions: readonly (string | undefined)[];
  merchantMcc: string | undefined;
  storeMcc: string | undefined;
  /** `paymentFactor.isInStorePayment == "true"`. */
  inStore: boolean;
}

export interface Judgement {
  outcome: RiskOutcome;
  verdicts: RuleVerdict[];
  /** The campaigns whose settings applied. */
  campaigns: string[];
  /** The signals of the first group (the defaults' windows unless a campaign changed them). */
  signals: RiskSignals;
}

/** What the signal query needs of a case. */
export function subjectOf(riskCase: RiskCase): RiskSubject {
  return {
    ...riskCase,
    promoIds: riskCase.promotions.filter((id): id is string => id !== undefined),
  };
}

/** Signals for a set of windows; called once per distinct set. */
export type SignalSource = (windows: SignalWindows) => Promise<RiskSignals>;

/** Null when no rule applies (not promoted and nothing widened to all payments, or all off). */
export async function judge(
  config: RuleSetConfig,
  riskCase: RiskCase,
  signalsFor: SignalSource,
): Promise<Judgement | null> {
  const groups = groupsOf(config, riskCase.promotions);
  const promoted = riskCase.promotions.length > 0;
  const enabled = (g: RuleGroup) => Object.values(g.settings).filter((rule) => rule.enabled);
  if (!promoted && !groups.some((g) => enabled(g).some((rule) => rule.scope === "ALL"))) {
    return null;
  }
  if (!groups.some((g) => g.killSwitch || enabled(g).length > 0)) return null;

  const byWindows = new Map<string, RiskSignals>();
  const verdicts: RuleVerdict[] = [];
  let first: RiskSignals | undefined;
  for (const group of groups) {
    const windows = windowsOf(group);
    const key = JSON.stringify(windows);
    let signals = byWindows.get(key);
    if (!signals) {
      signals = await signalsFor(windows);
      byWindows.set(key, signals);
    }
    first ??= signals;
    verdicts.push(
      ...evaluateGroup(group, signals, {
        at: riskCase.at,
        promoted,
        inStore: riskCase.inStore,
        merchantMcc: riskCase.merchantMcc,
        storeMcc: riskCase.storeMcc,
      }),
    );
  }
  return {
    outcome: outcomeOf(verdicts),
    verdicts,
    campaigns: groups.flatMap((g) => (g.campaign === null ? [] : [g.campaign])),
    signals: first!,
  };
}

function groupsOf(config: RuleSetConfig, promotions: readonly (string | undefined)[]): RuleGroup[] {
  const byCampaign = new Map<Campaign | null, string[]>();
  for (const promoId of promotions) {
    const campaign = campaignFor(config, promoId);
    const ids = byCampaign.get(campaign) ?? [];
    if (promoId) ids.push(promoId);
    byCampaign.set(campaign, ids);
  }
  if (byCampaign.size === 0) byCampaign.set(null, []);
  return [...byCampaign].map(([campaign, promoIds]) => ({
    campaign: campaign?.name ?? null,
    killSwitch: campaign?.killSwitch ?? false,
    settings: effectiveRules(config, campaign),
    promoIds,
  }));
}

function windowsOf(group: RuleGroup): SignalWindows {
  const s = group.settings;
  return {
    redemptionDays: s.repeatRedemption.windowDays,
    farmingDays: s.deviceFarming.windowDays,
    refundDays: s.promoThenRefund.windowDays,
    loginHours: s.sharedDevice.windowHours,
  };
}

/**
 * The rules themselves (docs/protocol.md#risk-rules), as a pure function of settings and signals:
 * every rule says HIT, MISS, UNAVAILABLE (a signal it needs is missing: never a hit), SKIPPED (out
 * of scope: not promoted, not in store, allow-listed) or OFF, with the signal values it looked at.
 * The outcome is the strictest action among the hits.
 */
import type { JsonValue } from "../alipayplus/strict-json";
import { distanceKm, regionsAt } from "./geo";
import type { RiskAction, RuleId, RuleSettings, VerdictRule } from "./rule-config";
import type { RiskSignals } from "./signals";

export type Verdict = "HIT" | "MISS" | "UNAVAILABLE" | "SKIPPED" | "OFF";
export type RiskOutcome = "ALLOW" | "REVIEW" | "REJECT";

export interface RuleVerdict {
  rule: VerdictRule;
  verdict: Verdict;
  action: RiskAction;
  /** The campaign whose settings applied; null for the defaults. */
  campaign: string | null;
  /** What the rule saw (and why it skipped), for the decision trace. */
  values: { [key: string]: JsonValue };
}

/** The payment's facts the rules read besides the signals. */
export interface PaymentFacts {
  at: Date;
  promoted: boolean;
  /** `paymentFactor.isInStorePayment == "true"`. */
  inStore: boolean;
  merchantMcc: string | undefined;
  storeMcc: string | undefined;
}

/** A group of the payment's promotions under one campaign (or the defaults). */
export interface RuleGroup {
  campaign: string | null;
  killSwitch: boolean;
  settings: RuleSettings;
  /** The group's promo ids: repeat redemptions count these. */
  promoIds: readonly string[];
}

/** Rules an allow-listed customer or device still meets (docs/protocol.md#risk-rules). */
const NOT_SKIPPED_BY_ALLOW_LIST: ReadonlySet<RuleId> = new Set(["blockList", "gambling"]);

export function evaluateGroup(
  group: RuleGroup,
  signals: RiskSignals,
  payment: PaymentFacts,
): RuleVerdict[] {
  const allowListed = signals.lists.some(
    (entry) => entry.list === "ALLOW" && entry.subjectType !== "MERCHANT",
  );
  const verdicts: RuleVerdict[] = [];
  if (group.killSwitch) {
    verdicts.push({
      rule: "killSwitch",
      verdict: "HIT",
      action: "REJECT",
      campaign: group.campaign,
      values: { promoIds: [...group.promoIds] },
    });
  }
  for (const rule of Object.keys(CHECKS) as RuleId[]) {
    const settings = group.settings[rule];
    const base = { rule, action: settings.action, campaign: group.campaign };
    if (!settings.enabled) {
      verdicts.push({ ...base, verdict: "OFF", values: {} });
    } else if (settings.scope === "PROMOTED" && !payment.promoted) {
      verdicts.push({ ...base, verdict: "SKIPPED", values: { reason: "not promoted" } });
    } else if (allowListed && !NOT_SKIPPED_BY_ALLOW_LIST.has(rule)) {
      verdicts.push({ ...base, verdict: "SKIPPED", values: { reason: "allow-listed" } });
    } else {
      const [verdict, values] = CHECKS[rule](group.settings, signals, payment, group);
      verdicts.push({ ...base, verdict, values });
    }
  }
  return verdicts;
}

const STRICTNESS: Record<RiskOutcome, number> = { ALLOW: 0, REVIEW: 1, REJECT: 2 };

/** Any REJECT hit rejects; else any REVIEW hit reviews; else ALLOW (an ALLOW action only records). */
export function outcomeOf(verdicts: readonly RuleVerdict[]): RiskOutcome {
  let outcome: RiskOutcome = "ALLOW";
  for (const v of verdicts) {
    if (v.verdict !== "HIT" || v.action === "ALLOW") continue;
    if (STRICTNESS[v.action] > STRICTNESS[outcome]) outcome = v.action;
  }
  return outcome;
}

type Check = (
  settings: RuleSettings,
  signals: RiskSignals,
  payment: PaymentFacts,
  group: RuleGroup,
) => [Verdict, { [key: string]: JsonValue }];

const hitIf = (hit: boolean): Verdict => (hit ? "HIT" : "MISS");
const HOUR_MS = 3_600_000;

const CHECKS: Record<RuleId, Check> = {
  repeatRedemption: ({ repeatRedemption: s }, signals, _payment, group) => {
    const prior = Object.fromEntries(
      group.promoIds.map((id) => [id, signals.redemptions[id] ?? 0] as const),
    );
    const most = Math.max(0, ...Object.values(prior));
    return [
      hitIf(most >= s.minPriorRedemptions),
      {
        priorRedemptions: prior,
        minPriorRedemptions: s.minPriorRedemptions,
        windowDays: s.windowDays,
      },
    ];
  },
  deviceFarming: ({ deviceFarming: s }, signals) => {
    if (signals.farmingOtherCustomers === null) return ["UNAVAILABLE", { device: null }];
    const customers = signals.farmingOtherCustomers + 1;
    return [
      hitIf(customers >= s.minCustomers),
      {
        customersWithPromotions: customers,
        minCustomers: s.minCustomers,
        windowDays: s.windowDays,
      },
    ];
  },
  newAccount: ({ newAccount: s }, signals, payment) => {
    const created = signals.customer?.accountCreatedAt;
    if (!created) return ["UNAVAILABLE", { accountCreatedAt: null }];
    const ageHours = (payment.at.getTime() - new Date(created).getTime()) / HOUR_MS;
    return [
      hitIf(ageHours < s.minAccountAgeHours),
      {
        accountCreatedAt: created,
        accountAgeHours: round(ageHours),
        minAccountAgeHours: s.minAccountAgeHours,
      },
    ];
  },
  promoThenRefund: ({ promoThenRefund: s }, signals) => [
    hitIf(signals.refundedPromotedPayments >= s.minRefundedPayments),
    {
      refundedPromotedPayments: signals.refundedPromotedPayments,
      minRefundedPayments: s.minRefundedPayments,
      windowDays: s.windowDays,
    },
  ],
  blockList: (_settings, signals) => {
    const blocked = signals.lists
      .filter((entry) => entry.list === "BLOCK" && entry.subjectType !== "MERCHANT")
      .map((entry) => entry.subjectType);
    return [hitIf(blocked.length > 0), { blocked }];
  },
  gambling: ({ gambling: s }, signals, payment) => {
    const merchantBlocked = signals.lists.some(
      (entry) => entry.list === "BLOCK" && entry.subjectType === "MERCHANT",
    );
    const mccs = [payment.merchantMcc, payment.storeMcc].filter((m): m is string => !!m);
    const values = {
      merchantMcc: payment.merchantMcc ?? null,
      storeMcc: payment.storeMcc ?? null,
      merchantBlocked,
    };
    if (merchantBlocked || mccs.some((mcc) => s.mccs.includes(mcc))) return ["HIT", values];
    return [mccs.length === 0 ? "UNAVAILABLE" : "MISS", values];
  },
  badCredit: ({ badCredit: s }, signals) => {
    const rating = signals.customer?.creditRating ?? null;
    const score = signals.customer?.creditScore ?? null;
    const values = { creditRating: rating, creditScore: score, minScore: s.minScore };
    const ratingBad = rating !== null && (s.ratings as readonly string[]).includes(rating);
    const scoreLow = score !== null && score < s.minScore;
    if (ratingBad || scoreLow) return ["HIT", values];
    return [rating === null && score === null ? "UNAVAILABLE" : "MISS", values];
  },
  locationMismatch: ({ locationMismatch: s }, signals, payment) => {
    if (!payment.inStore) return ["SKIPPED", { reason: "not an in-store payment" }];
    const { store, location } = signals;
    if (!store) return ["UNAVAILABLE", { store: null }];
    if (!location) return ["UNAVAILABLE", { fix: null }];
    const ageMinutes = (payment.at.getTime() - new Date(location.at).getTime()) / 60_000;
    const fix = { at: location.at, accuracyM: location.accuracyM, ageMinutes: round(ageMinutes) };
    if (ageMinutes > s.maxFixAgeMinutes || location.accuracyM > s.maxAccuracyM) {
      return ["UNAVAILABLE", { fix, reason: "no recent, accurate fix" }];
    }
    const km = distanceKm(location, store);
    const regions = s.checkCountry ? regionsAt(location) : [];
    const otherCountry = regions.length > 0 && !regions.includes(store.region);
    return [
      hitIf(km > s.maxDistanceKm || otherCountry),
      {
        fix,
        distanceKm: round(km),
        maxDistanceKm: s.maxDistanceKm,
        fixRegions: regions,
        storeRegion: store.region,
      },
    ];
  },
  tamperedDevice: (_settings, signals) => {
    const integrity = signals.integrity;
    if (!integrity) return ["UNAVAILABLE", { integrity: null }];
    const tampered =
      !integrity.appSignatureValid || integrity.emulator || integrity.rooted || integrity.hooked;
    return [hitIf(tampered), { ...integrity }];
  },
  sharedDevice: ({ sharedDevice: s }, signals) => {
    if (signals.loginOtherCustomers === null) return ["UNAVAILABLE", { device: null }];
    const accounts = signals.loginOtherCustomers + 1;
    return [
      hitIf(accounts >= s.minCustomers),
      { accountsOnDevice: accounts, minCustomers: s.minCustomers, windowHours: s.windowHours },
    ];
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

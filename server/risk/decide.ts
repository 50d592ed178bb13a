/**
 * Deciding a live payment (docs/protocol.md#risk-rules) under the live rule set. Called inside the
 * payment's transaction before money moves (pay, payment evaluation, cashier confirm); the decision
 * row is written in the same transaction, so a decision exists exactly when its outcome was acted
 * on. The signal query also reads the live version: a publish or roll back on any instance takes
 * effect for this process's next payment.
 */
import { fillPlaceholders, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Tx } from "@/db";
import { riskDecisions } from "@/db/schema";
import type { PayRequest } from "../alipayplus/wire";
import { getMetrics } from "../metrics/metrics";
import type { RiskOutcome, RuleVerdict } from "./evaluate";
import { judge, subjectOf, type RiskCase } from "./judge";
import { liveVersion, publishedConfig } from "./rule-sets";
import { clientOf, readSignals, type RiskSignals } from "./signals";

export type RiskContext = "PAY" | "EVALUATION" | "CASHIER";

export interface RiskInput {
  context: RiskContext;
  request: PayRequest;
  customerId: string;
  deviceId: string | undefined;
  /** When Plusdesk received the request (windows end here). */
  receivedAt: Date;
}

export interface RiskDecision {
  input: RiskInput;
  outcome: RiskOutcome;
  ruleSetVersion: number;
  verdicts: RuleVerdict[];
  signals: RiskSignals;
  campaigns: string[];
  durationUs: number;
}

/** The last live version this process saw: the signal query confirms it on every decision. */
let lastLive: number | undefined;

/**
 * The decision for a payment, or null when no rule applies to it (a payment without promotions
 * while every rule is scoped to promoted payments, or every rule switched off): then nothing is
 * judged or recorded.
 */
export async function decideRisk(tx: Tx, input: RiskInput): Promise<RiskDecision | null> {
  const started = process.hrtime.bigint();
  const riskCase = caseOf(input);
  let version = lastLive ?? (await liveVersion(tx));
  // A cached version must be confirmed against the live one by this decision: the signal query
  // reads it; when no signal query runs (nothing to judge, every rule off), a lookup does.
  let confirmed = lastLive === undefined;
  for (;;) {
    const config = await publishedConfig(tx, version);
    let seen: number | null = version;
    const judgement = await judge(config, riskCase, async (windows) => {
      const signals = await readSignals(tx, subjectOf(riskCase), windows);
      seen = signals.liveVersion;
      confirmed = true;
      return signals;
    });
    if (!confirmed) {
      seen = await liveVersion(tx);
      confirmed = true;
    }
    // Published or rolled back since this process last looked: decide again under the live one.
    if (seen !== null && seen !== version) {
      version = lastLive = seen;
      continue;
    }
    lastLive = version;
    if (!judgement) return null;
    return {
      input,
      ...judgement,
      ruleSetVersion: version,
      durationUs: Number((process.hrtime.bigint() - started) / 1000n),
    };
  }
}

/** Writes the decision; `paymentId` null for an evaluation (it creates no payment). */
export async function recordDecision(
  tx: Tx,
  decision: RiskDecision,
  paymentId: string | null,
): Promise<void> {
  const { input } = decision;
  const { liveVersion: _live, ...signals } = decision.signals;
  const values: DecisionRow = {
    paymentRequestId: input.request.paymentRequestId,
    paymentId,
    context: input.context,
    customerId: input.customerId,
    deviceId: input.deviceId ?? null,
    ruleSetVersion: decision.ruleSetVersion,
    outcome: decision.outcome,
    verdicts: decision.verdicts,
    signals,
    campaigns: decision.campaigns,
    decidedAt: input.receivedAt,
    durationUs: decision.durationUs,
  };
  // What Drizzle's prepared execute does (its columns encode the values: jsonb as JSON text,
  // timestamptz as ISO 8601), without building the query again for every payment.
  await clientOf(tx).unsafe(
    INSERT_DECISION.sql,
    fillPlaceholders(INSERT_DECISION.params, values) as never[],
    { prepare: true },
  );
  countDecision(decision);
}

/**
 * Counted once written, inside the payment's transaction: the rare transaction that fails after
 * this point (answered U) is counted too.
 */
function countDecision(decision: RiskDecision): void {
  const metrics = getMetrics();
  metrics.riskDecisions.inc({ context: decision.input.context, outcome: decision.outcome });
  for (const { rule, verdict } of decision.verdicts)
    metrics.riskRuleVerdicts.inc({ rule, verdict });
}

/** The columns a decision writes (the others keep their defaults). */
const DECISION_COLUMNS = [
  "paymentRequestId",
  "paymentId",
  "context",
  "customerId",
  "deviceId",
  "ruleSetVersion",
  "outcome",
  "verdicts",
  "signals",
  "campaigns",
  "decidedAt",
  "durationUs",
] as const;

type DecisionRow = {
  [K in (typeof DECISION_COLUMNS)[number]]-?: (typeof riskDecisions.$inferInsert)[K];
};

/**
 * The decision row's INSERT, built by Drizzle once from the schema with a placeholder per column
 * and prepared (named) per connection: one round trip per payment and no query object built per
 * payment (the pay hot path; README "Throughput with risk on and off").
 */
const INSERT_DECISION = (() => {
  const row = Object.fromEntries(DECISION_COLUMNS.map((name) => [name, sql.placeholder(name)]));
  return drizzle
    .mock({ casing: "snake_case" })
    .insert(riskDecisions)
    .values(row as Record<keyof DecisionRow, ReturnType<typeof sql.placeholder>>)
    .toSQL();
})();

function caseOf(input: RiskInput): RiskCase {
  const { request } = input;
  const merchant = request.order.merchant;
  return {
    at: input.receivedAt,
    customerId: input.customerId,
    deviceId: input.deviceId,
    // Every promotion line, read or not: any promotion information makes the payment promoted,
    // and campaigns match on the promo ids that could be read.
    promotions: request.paymentPromoInfo.lines.map((line) => line.promoId),
    referenceMerchantId: merchant?.referenceMerchantId,
    referenceStoreId: merchant?.store?.referenceStoreId,
    merchantMcc: merchant?.merchantMCC,
    storeMcc: merchant?.store?.storeMCC,
    inStore: request.paymentFactor?.isInStorePayment === true,
  };
}

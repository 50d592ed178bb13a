/**
 * Rule-set management for the console (README "Staff console"): server/risk/rule-sets.ts does the
 * work, this adds who did it — every change writes its audit row in the same transaction as the
 * change (rule-sets' own transactions then run as savepoints inside it) — and the reads the screens
 * need.
 */
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { liveRuleSet, ruleSets } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { backtest, type BacktestReport } from "../risk/backtest";
import { ZRuleSetConfig, type RuleSetConfig } from "../risk/rule-config";
import { diffRuleSetConfigs, type RuleSetChange } from "../risk/rule-diff";
import {
  createDraft,
  discardDraft,
  listRuleSets,
  liveVersion,
  publishDraft,
  rollBack,
  ruleSetConfig,
  updateDraft,
  type RuleSetSummary,
} from "../risk/rule-sets";

/** A backtest re-runs every payment of its window: a month at most keeps it within a minute. */
export const MAX_BACKTEST_DAYS = 31;

const SUBJECT = "rule-set";

export interface RuleSetsOverview {
  live: { version: number; since: Date; by: string };
  /** Newest first (one per publish, plus the draft). */
  versions: RuleSetSummary[];
  draft: RuleSetSummary | null;
}

export async function ruleSetsOverview(db: DbOrTx): Promise<RuleSetsOverview> {
  const versions = await listRuleSets(db); // makes version 1 live on an empty database
  const [live] = await db.select().from(liveRuleSet);
  if (!live) throw new Error("no live rule set");
  return {
    live: { version: live.version, since: live.changedAt, by: live.changedBy },
    versions,
    draft: versions.find((v) => v.status === "DRAFT") ?? null,
  };
}

export interface RuleSetDetail {
  summary: RuleSetSummary;
  config: RuleSetConfig;
}

export async function ruleSetDetail(db: DbOrTx, version: number): Promise<RuleSetDetail> {
  const live = await liveVersion(db);
  const [row] = await db.select().from(ruleSets).where(eq(ruleSets.version, version));
  if (!row) throw new DomainError("not_found", `rule set ${version} does not exist`);
  const { config, ...summary } = row;
  return {
    summary: { ...summary, live: row.version === live },
    config: ZRuleSetConfig.parse(config),
  };
}

export async function diffRuleSets(
  db: DbOrTx,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: RuleSetChange[] }> {
  const [before, after] = [await ruleSetConfig(db, from), await ruleSetConfig(db, to)];
  return { from, to, changes: diffRuleSetConfigs(before, after) };
}

/** Starts the one draft as a copy of `from` (default: the live version). */
export async function createRuleDraft(
  db: Db,
  actor: StaffActor,
  from?: number,
): Promise<{ version: number; from: number }> {
  return db.transaction(async (tx) => {
    const base = from ?? (await liveVersion(tx));
    const draft = await createDraft(tx, actor.email, base);
    await recordStaffAction(tx, actor, {
      action: "rules.draft-create",
      subjectType: SUBJECT,
      subjectId: String(draft.version),
      after: { from: base, config: draft.config },
    });
    return { version: draft.version, from: base };
  });
}

/**
 * The draft row, locked until the caller's transaction ends; refused when `version` is not it, and
 * when `revision` (the one the caller's edit or publish was made from) is no longer its revision:
 * another save came in between, which this change would undo or ship unseen.
 */
async function lockDraft(tx: DbOrTx, version: number, revision?: number) {
  const [row] = await tx
    .select({ config: ruleSets.config, note: ruleSets.note, revision: ruleSets.revision })
    .from(ruleSets)
    .where(and(eq(ruleSets.version, version), eq(ruleSets.status, "DRAFT")))
    .for("update");
  if (!row) throw new DomainError("not_found", `rule set ${version} is not the draft`);
  if (revision !== undefined && row.revision !== revision)
    throw new DomainError(
      "conflict",
      `the draft changed since you opened it (revision ${row.revision}, yours ${revision}): reload it and check the changes`,
    );
  return row;
}

/**
 * Replaces the draft's config (and its note when given), validated by ZRuleSetConfig, if the
 * draft is still at `revision`; returns the saved config and the draft's new revision.
 */
export async function updateRuleDraft(
  db: Db,
  actor: StaffActor,
  change: { version: number; revision: number; config: RuleSetConfig; note?: string },
): Promise<{ config: RuleSetConfig; revision: number }> {
  const { version, config, note } = change;
  return db.transaction(async (tx) => {
    const before = await lockDraft(tx, version, change.revision);
    const saved = await updateDraft(tx, version, config, note);
    await recordStaffAction(tx, actor, {
      action: "rules.draft-update",
      subjectType: SUBJECT,
      subjectId: String(version),
      before: { config: before.config, note: before.note },
      after: { config: saved, note: note ?? before.note },
    });
    return { config: saved, revision: before.revision + 1 };
  });
}

export async function discardRuleDraft(db: Db, actor: StaffActor, version: number): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockDraft(tx, version);
    await discardDraft(tx, version);
    await recordStaffAction(tx, actor, {
      action: "rules.draft-discard",
      subjectType: SUBJECT,
      subjectId: String(version),
      before: { config: before.config, note: before.note },
    });
  });
}

/**
 * Publishes the draft as the admin saw it (`revision`): the next payment on every app instance is
 * judged by it.
 */
export async function publishRuleDraft(
  db: Db,
  actor: StaffActor,
  version: number,
  revision: number,
): Promise<{ previous: number; live: number }> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, version, revision);
    const result = await publishDraft(tx, version, actor.email);
    await recordStaffAction(tx, actor, {
      action: "rules.publish",
      subjectType: SUBJECT,
      subjectId: String(version),
      before: { live: result.previous },
      after: { live: result.live },
    });
    return result;
  });
}

/** Makes another published version live again. */
export async function rollBackRuleSet(
  db: Db,
  actor: StaffActor,
  version: number,
): Promise<{ previous: number; live: number }> {
  return db.transaction(async (tx) => {
    const result = await rollBack(tx, version, actor.email);
    await recordStaffAction(tx, actor, {
      action: "rules.rollback",
      subjectType: SUBJECT,
      subjectId: String(version),
      before: { live: result.previous },
      after: { live: result.live },
    });
    return result;
  });
}

export interface BacktestRequest {
  version: number;
  /** Default: the live version. */
  against?: number;
  from: Date;
  to: Date;
}

/**
 * Re-runs stored payments of a bounded window under `version` and the baseline (read-only), then
 * records that it ran: the window and the headline numbers.
 */
export async function backtestRuleSet(
  db: Db,
  actor: StaffActor,
  request: BacktestRequest,
): Promise<BacktestReport> {
  const { from, to } = request;
  if (!(from.getTime() < to.getTime()))
    throw new DomainError("invalid", "the window must end after it starts");
  if (to.getTime() - from.getTime() > MAX_BACKTEST_DAYS * 86_400_000)
    throw new DomainError("invalid", `the window is at most ${MAX_BACKTEST_DAYS} days`);
  if (from.getTime() > Date.now())
    throw new DomainError("invalid", "the window must start in the past");
  const report = await backtest(db, {
    version: request.version,
    against: request.against,
    from,
    to,
  });
  await recordStaffAction(db, actor, {
    action: "rules.backtest",
    subjectType: SUBJECT,
    subjectId: String(request.version),
    after: {
      from,
      to,
      against: report.baseline.version,
      payments: report.payments,
      undecided: report.undecided,
      changedTotal: report.changedTotal,
      outcomes: { candidate: report.candidate.outcomes, baseline: report.baseline.outcomes },
      durationMs: report.durationMs,
    },
  });
  return report;
}

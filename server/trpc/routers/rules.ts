import { z } from "zod";
import type { BacktestReport, BacktestSide } from "../../risk/backtest";
import { ZRuleSetConfig } from "../../risk/rule-config";
import type { RuleSetSummary } from "../../risk/rule-sets";
import {
  backtestRuleSet,
  createRuleDraft,
  diffRuleSets,
  discardRuleDraft,
  publishRuleDraft,
  rollBackRuleSet,
  ruleSetDetail,
  ruleSetsOverview,
  updateRuleDraft,
} from "../../rule-admin/rule-admin";
import { createTRPCRouter, staffProcedure } from "../init";

const ZVersion = z.int().min(1).max(2_147_483_647);
/** A draft's revision (rule_sets.revision): what an edit or a publish was made from. */
const ZRevision = z.int().min(0).max(2_147_483_647);
const ZInstant = z.iso.datetime({ offset: true });

function toSummaryDto(summary: RuleSetSummary) {
  return {
    ...summary,
    createdAt: summary.createdAt.toISOString(),
    publishedAt: summary.publishedAt?.toISOString() ?? null,
  };
}
export type RuleSetSummaryDto = ReturnType<typeof toSummaryDto>;

function toSideDto(side: BacktestSide) {
  return { version: side.version, outcomes: side.outcomes, rules: side.rules };
}

function toBacktestDto(report: BacktestReport) {
  return {
    from: report.from.toISOString(),
    to: report.to.toISOString(),
    payments: report.payments,
    undecided: report.undecided,
    eventsKeptSince: report.eventsKeptSince?.toISOString() ?? null,
    undecidedBeforeEventsKept: report.undecidedBeforeEventsKept,
    candidate: toSideDto(report.candidate),
    baseline: toSideDto(report.baseline),
    changedTotal: report.changedTotal,
    changed: report.changed.map((c) => ({ ...c, receivedAt: c.receivedAt.toISOString() })),
    durationMs: report.durationMs,
  };
}
export type BacktestReportDto = ReturnType<typeof toBacktestDto>;

export const rulesRouter = createTRPCRouter({
  /** The live version, every version (newest first) and the draft, if any. */
  overview: staffProcedure("console.read").query(async ({ ctx }) => {
    const overview = await ruleSetsOverview(ctx.db);
    return {
      live: { ...overview.live, since: overview.live.since.toISOString() },
      versions: overview.versions.map(toSummaryDto),
      draft: overview.draft && toSummaryDto(overview.draft),
    };
  }),

  /** One version's summary and config (a draft's as it stands). */
  version: staffProcedure("console.read")
    .input(z.strictObject({ version: ZVersion }))
    .query(async ({ ctx, input }) => {
      const detail = await ruleSetDetail(ctx.db, input.version);
      return { summary: toSummaryDto(detail.summary), config: detail.config };
    }),

  /** Field by field, what changed from one version to another. */
  diff: staffProcedure("console.read")
    .input(z.strictObject({ from: ZVersion, to: ZVersion }))
    .query(({ ctx, input }) => diffRuleSets(ctx.db, input.from, input.to)),

  /** Starts the draft as a copy of `from` (omitted: the live version). */
  createDraft: staffProcedure("rules.draft")
    .input(z.strictObject({ from: ZVersion.optional() }))
    .mutation(({ ctx, input }) => createRuleDraft(ctx.db, ctx.staff, input.from)),

  /**
   * Replaces the draft's config; ZRuleSetConfig refuses a bad value with the field's path, and a
   * draft saved by someone else since `revision` (the one the edit was made from) is a CONFLICT.
   */
  updateDraft: staffProcedure("rules.draft")
    .input(
      z.strictObject({
        version: ZVersion,
        revision: ZRevision,
        config: ZRuleSetConfig,
        note: z.string().trim().max(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateRuleDraft(ctx.db, ctx.staff, input)),

  discardDraft: staffProcedure("rules.draft")
    .input(z.strictObject({ version: ZVersion }))
    .mutation(async ({ ctx, input }) => {
      await discardRuleDraft(ctx.db, ctx.staff, input.version);
      return { discarded: input.version };
    }),

  /** Re-runs a past window (at most 31 days) under `version` against `against` (default live). */
  backtest: staffProcedure("rules.draft")
    .input(
      z.strictObject({
        version: ZVersion,
        against: ZVersion.optional(),
        from: ZInstant,
        to: ZInstant,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      toBacktestDto(
        await backtestRuleSet(ctx.db, ctx.staff, {
          version: input.version,
          against: input.against,
          from: new Date(input.from),
          to: new Date(input.to),
        }),
      ),
    ),

  /** Publishes the draft at `revision`, the one the admin checked; a later save is a CONFLICT. */
  publish: staffProcedure("rules.publish")
    .input(z.strictObject({ version: ZVersion, revision: ZRevision }))
    .mutation(({ ctx, input }) =>
      publishRuleDraft(ctx.db, ctx.staff, input.version, input.revision),
    ),

  /** Makes another published version live again. */
  rollBack: staffProcedure("rules.publish")
    .input(z.strictObject({ version: ZVersion }))
    .mutation(({ ctx, input }) => rollBackRuleSet(ctx.db, ctx.staff, input.version)),
});

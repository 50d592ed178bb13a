import { z } from "zod";
import { loadOverview } from "../../console-stats/overview";
import { statsWindow } from "../../console-stats/stats-window";
import { createTRPCRouter, staffProcedure } from "../init";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day as YYYY-MM-DD");

export const overviewRouter = createTRPCRouter({
  /**
   * The overview's figures for a window of UTC days (default: the last 30). Money is decimal
   * strings of minor units, one figure per currency, never summed across currencies.
   */
  get: staffProcedure("console.read")
    .input(z.strictObject({ from: ZDay.optional(), to: ZDay.optional() }))
    .query(async ({ ctx, input }) => {
      const overview = await loadOverview(ctx.db, statsWindow(input));
      const { fromAt: _fromAt, toAt: _toAt, ...window } = overview.window;
      const money = <T extends { amountMinor: bigint }>(
        row: T,
      ): Omit<T, "amountMinor"> & { amountMinor: string } => ({
        ...row,
        amountMinor: row.amountMinor.toString(),
      });
      return {
        window: { ...window, timeZone: "UTC" as const },
        ruleSetVersion: overview.ruleSetVersion,
        promotedDays: overview.promotedDays,
        promotionMoney: overview.promotionMoney.map(money),
        promos: overview.promos.map(money),
        campaigns: overview.campaigns.map(money),
        budgets: overview.budgets.map((burn) => ({
          ...burn,
          budgetMinor: burn.budgetMinor.toString(),
          spentMinor: burn.spentMinor.toString(),
          otherCurrencies: burn.otherCurrencies.map(money),
        })),
        ruleHits: overview.ruleHits,
        outcomes: overview.outcomes,
        unclearPromotions: overview.unclearPromotions,
        open: {
          reviews: overview.open.reviews,
          oldestReviewAt: overview.open.oldestReviewAt?.toISOString() ?? null,
          cases: {
            ...overview.open.cases,
            earliestDeadline: overview.open.cases.earliestDeadline?.toISOString() ?? null,
          },
        },
      };
    }),
});

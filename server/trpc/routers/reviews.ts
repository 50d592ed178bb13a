import { z } from "zod";
import { utcDayRange } from "../../console-stats/stats-window";
import { VERDICT_RULES } from "../../risk/rule-config";
import { decideReview, REVIEW_REASON_MAX } from "../../reviews/decide-review";
import { listReviewQueue } from "../../reviews/review-queue";
import { toJsonSafe } from "../../investigation/json-safe";
import { createTRPCRouter, staffProcedure } from "../init";

export const REVIEW_PAGE_SIZE = 25;

const ZDecisionId = z.string().regex(/^[1-9][0-9]{0,18}$/);
const ZText = z.string().trim().max(200);
const ZDay = z.iso.date();

const ZQueueFilter = z.strictObject({
  tab: z.enum(["pending", "decided"]).default("pending"),
  rule: z.enum(VERDICT_RULES).optional(),
  campaign: ZText.optional(),
  merchantId: ZText.optional(),
  /** The payment amount (order currency after promotions), major units: "12.50". */
  currency: z.string().trim().max(3).optional(),
  amountMin: z.string().trim().max(40).optional(),
  amountMax: z.string().trim().max(40).optional(),
  /** Decision dates, whole UTC days, both inclusive. */
  fromDay: ZDay.optional(),
  toDay: ZDay.optional(),
  /** "unclear": only payments whose promotion information was not fully read. */
  promotions: z.literal("unclear").optional(),
  verdict: z.enum(["APPROVED", "REJECTED"]).optional(),
  paymentId: ZText.optional(),
  /** The previous page's `nextAfter`. */
  after: ZDecisionId.optional(),
  limit: z.int().min(1).max(100).default(REVIEW_PAGE_SIZE),
});

export const reviewsRouter = createTRPCRouter({
  /**
   * Payments whose risk decision was REVIEW: pending ones oldest first, decided ones (verdict,
   * reason, who, when) newest first; keyset pages.
   */
  list: staffProcedure("console.read")
    .input(ZQueueFilter.default({ tab: "pending", limit: REVIEW_PAGE_SIZE }))
    .query(async ({ ctx, input }) => {
      const days = utcDayRange(input.fromDay, input.toDay);
      const page = await listReviewQueue(ctx.db, {
        tab: input.tab,
        rule: input.rule,
        campaign: input.campaign || undefined,
        merchantId: input.merchantId || undefined,
        amount:
          input.amountMin || input.amountMax
            ? { currency: input.currency ?? "", min: input.amountMin, max: input.amountMax }
            : undefined,
        unclearPromotions: input.promotions === "unclear",
        decidedFrom: days.fromAt,
        decidedTo: days.toAt,
        verdict: input.verdict,
        paymentId: input.paymentId || undefined,
        after: input.after === undefined ? undefined : BigInt(input.after),
        limit: input.limit,
      });
      return toJsonSafe(page);
    }),

  /**
   * Approve, or reject (the payment is marked as abuse; optionally its customer and/or device
   * blocked in the same transaction). Never moves money. A second verdict on the same payment is a
   * CONFLICT naming the first.
   */
  decide: staffProcedure("reviews.decide")
    .input(
      z.strictObject({
        paymentId: z.string().trim().min(1).max(200),
        decision: z.enum(["APPROVE", "REJECT"]),
        reason: z.string().trim().min(1, "a reason is required").max(REVIEW_REASON_MAX),
        blockCustomer: z.boolean().default(false),
        blockDevice: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => toJsonSafe(await decideReview(ctx.db, ctx.staff, input))),
});

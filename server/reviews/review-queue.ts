/**
 * The review queue (README "Staff console"; docs/protocol.md#risk-rules: on REVIEW the payment goes
 * through and enters the review queue): payments whose risk decision was REVIEW, pending ones
 * oldest first, decided ones newest first, keyset-paginated on (decided_at, id).
 *
 * Pending: the partial index `risk_decisions_open_reviews_idx` holds REVIEW decisions of real
 * payments with no verdict yet (a verdict's trigger sets `reviewed_at`, which takes the decision
 * out), so a page walks open reviews only, however long the decided history; each row is checked
 * against payment_reviews by key and joined to its decision and payment by primary key, the
 * filters checked on those rows.
 *
 * Decided: payment_reviews carries what the tab filters on (the decision's decided_at, the rules
 * that hit, its campaigns, the payment's merchant and amount: copied by the verdict's trigger), so
 * the page is chosen in payment_reviews alone, through (decided_at, decision_id), the merchant's
 * (merchant_id, decided_at, decision_id) or the GIN indexes of rules and campaigns, whichever the
 * planner finds cheaper; only the page's rows are joined to decisions and payments.
 */
import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  notExists,
  sql,
  type SQL,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import {
  customers,
  paymentPromotions,
  paymentReviews,
  payments,
  riskDecisions,
  unclearPromotions,
} from "@/db/schema";
import { moneyOrNull, parseMajorUnits } from "../money/amount";
import { currencyExponent, isIsoCurrency } from "../money/currencies";
import { DomainError } from "../errors";
import type { RuleVerdict } from "../risk/evaluate";

export type ReviewTab = "pending" | "decided";
export type ReviewVerdict = "APPROVED" | "REJECTED";

export interface ReviewQueueFilter {
  tab: ReviewTab;
  /** A rule that HIT in the decision (any campaign). */
  rule?: string;
  /** A campaign key that matched the payment's promotions. */
  campaign?: string;
  /** payments.reference_merchant_id, exact. */
  merchantId?: string;
  /** The payment amount (paymentAmount, the order's currency after promotions), in major units. */
  amount?: { currency: string; min?: string; max?: string };
  /** decided_at in [from, to). */
  decidedFrom?: Date;
  decidedTo?: Date;
  /** Only payments whose promotion information was not fully read. */
  unclearPromotions?: boolean;
  /** Decided tab only. */
  verdict?: ReviewVerdict;
  /** One payment (the page's "just decided" notice). */
  paymentId?: string;
  /** Keyset: the last decision id of the previous page. */
  after?: bigint;
  limit: number;
}

export interface RuleHit {
  rule: string;
  action: string;
  campaign: string | null;
}

export interface ReviewQueueRow {
  decisionId: bigint;
  decidedAt: Date;
  paymentId: string;
  paymentRequestId: string;
  customerId: string | null;
  customerName: string | null;
  deviceId: string | null;
  merchantId: string | null;
  merchantName: string | null;
  storeId: string | null;
  storeName: string | null;
  paymentAmount: { amountMinor: bigint; currency: string } | null;
  payToAmount: { amountMinor: bigint; currency: string } | null;
  /** Promotion savings per currency (wallet currency when converted, else as received). */
  savings: Record<string, bigint>;
  hits: RuleHit[];
  campaigns: string[];
  review: {
    verdict: ReviewVerdict;
    reason: string;
    reviewedAt: Date;
    reviewedBy: string;
  } | null;
}

/** A decimal amount in major units ("12.50") as minor units of `currency`; refuses extra decimals. */
function majorToMinor(text: string, currency: string): bigint {
  const minor = parseMajorUnits(text, currency);
  if (minor === null) {
    throw new DomainError(
      "invalid",
      `amount "${text}" is not a ${currency} amount (up to ${currencyExponent(currency)} decimals)`,
    );
  }
  return minor;
}

/** The amount range on the payment's columns (pending tab). */
function amountConditions(amount: ReviewQueueFilter["amount"]): SQL[] {
  return amountRange(amount, payments.paymentCurrency, payments.paymentAmountMinor);
}

/** The amount range on payment_reviews' copy of the payment's amount (decided tab). */
function decidedAmountConditions(amount: ReviewQueueFilter["amount"]): SQL[] {
  return amountRange(amount, paymentReviews.paymentCurrency, paymentReviews.paymentAmountMinor);
}

function amountRange(
  amount: ReviewQueueFilter["amount"],
  currencyColumn: typeof payments.paymentCurrency | typeof paymentReviews.paymentCurrency,
  amountColumn: typeof payments.paymentAmountMinor | typeof paymentReviews.paymentAmountMinor,
): SQL[] {
  if (!amount || (!amount.min && !amount.max)) return [];
  const currency = amount.currency.trim().toUpperCase();
  if (!isIsoCurrency(currency)) {
    throw new DomainError("invalid", `an amount range needs a currency ("${amount.currency}")`);
  }
  const conditions = [eq(currencyColumn, currency)];
  const min = amount.min ? majorToMinor(amount.min, currency) : undefined;
  const max = amount.max ? majorToMinor(amount.max, currency) : undefined;
  if (min !== undefined && max !== undefined && min > max) {
    throw new DomainError("invalid", "the minimum amount is above the maximum");
  }
  if (min !== undefined) conditions.push(gte(amountColumn, min));
  if (max !== undefined) conditions.push(sql`${amountColumn} <= ${max}`);
  return conditions;
}

export async function listReviewQueue(
  db: DbOrTx,
  filter: ReviewQueueFilter,
): Promise<{ rows: ReviewQueueRow[]; nextAfter: bigint | null }> {
  const pending = filter.tab === "pending";
  if (filter.decidedFrom && filter.decidedTo && filter.decidedFrom >= filter.decidedTo) {
    throw new DomainError("invalid", "the date range ends before it starts");
  }
  // 1. The queue, in order. Its ORDER BY keeps it a planning unit of its own (Postgres does not
  // pull up a sorted subquery), so the per-row lookups below stay per row.
  const c = riskDecisions;
  const r = paymentReviews;
  const queue = pending
    ? db
        .select({ id: c.id, decidedAt: c.decidedAt })
        .from(c)
        .where(
          and(
            // The partial index's predicate spelled as literals, so that the planner matches it.
            sql`${c.outcome} = 'REVIEW'`,
            isNotNull(c.paymentId),
            sql`${c.reviewedAt} is null`,
            notExists(
              sql`(select 1 from ${paymentReviews} where ${paymentReviews.decisionId} = ${c.id})`,
            ),
            filter.decidedFrom ? gte(c.decidedAt, filter.decidedFrom) : undefined,
            filter.decidedTo ? lt(c.decidedAt, filter.decidedTo) : undefined,
            filter.paymentId ? eq(c.paymentId, filter.paymentId) : undefined,
            filter.after === undefined
              ? undefined
              : sql`(${c.decidedAt}, ${c.id}) > (select k.decided_at, k.id from risk_decisions k where k.id = ${filter.after})`,
          ),
        )
        .orderBy(asc(c.decidedAt), asc(c.id))
        .as("queue")
    : db
        .select({ id: r.decisionId, decidedAt: r.decidedAt })
        .from(r)
        .where(
          and(
            filter.verdict ? eq(r.verdict, filter.verdict) : undefined,
            filter.rule ? sql`${r.hitRules} @> array[${filter.rule}]::text[]` : undefined,
            filter.campaign ? sql`${r.campaigns} @> array[${filter.campaign}]::text[]` : undefined,
            filter.merchantId ? eq(r.merchantId, filter.merchantId) : undefined,
            filter.unclearPromotions ? eq(r.promotionsUnclear, true) : undefined,
            ...decidedAmountConditions(filter.amount),
            filter.decidedFrom ? gte(r.decidedAt, filter.decidedFrom) : undefined,
            filter.decidedTo ? lt(r.decidedAt, filter.decidedTo) : undefined,
            filter.paymentId ? eq(r.paymentId, filter.paymentId) : undefined,
            filter.after === undefined
              ? undefined
              : sql`(${r.decidedAt}, ${r.decisionId}) < (select k.decided_at, k.decision_id from payment_reviews k where k.decision_id = ${filter.after})`,
          ),
        )
        .orderBy(desc(r.decidedAt), desc(r.decisionId))
        .limit(filter.limit + 1)
        .as("queue");
  // 2. For each queued decision in order, until the page is full: the decision and its payment by
  // primary key, kept when the filters that need them hold. A LATERAL subquery with LIMIT 1 (it is
  // one row at most anyway) is never flattened, so it stays a per-row lookup whatever the planner
  // guesses: no scan of payments for a merchant, of decisions for a rule.
  const d = alias(riskDecisions, "decision");
  const item = db
    .select({
      decisionId: d.id,
      decidedAt: d.decidedAt,
      deviceId: d.deviceId,
      verdicts: d.verdicts,
      campaigns: d.campaigns,
      paymentId: payments.paymentId,
      paymentRequestId: payments.paymentRequestId,
      customerId: payments.customerId,
      merchantId: payments.referenceMerchantId,
      merchantName: sql<
        string | null
      >`coalesce(${payments.merchantDisplayName}, ${payments.merchantName})`.as("merchant_label"),
      storeId: payments.referenceStoreId,
      storeName: payments.storeName,
      paymentAmountMinor: payments.paymentAmountMinor,
      paymentCurrency: payments.paymentCurrency,
      payToAmountMinor: payments.payToAmountMinor,
      payToCurrency: payments.payToCurrency,
    })
    .from(d)
    .innerJoin(payments, eq(payments.paymentId, d.paymentId))
    .where(
      and(
        sql`${d.id} = ${queue.id}`,
        // The decided tab's filters were applied in payment_reviews already.
        pending && filter.rule
          ? sql`${d.verdicts} @> ${JSON.stringify([{ rule: filter.rule, verdict: "HIT" }])}::jsonb`
          : undefined,
        pending && filter.campaign
          ? sql`${d.campaigns} @> ${JSON.stringify([filter.campaign])}::jsonb`
          : undefined,
        pending && filter.merchantId
          ? eq(payments.referenceMerchantId, filter.merchantId)
          : undefined,
        pending && filter.unclearPromotions ? unclearPromotions : undefined,
        ...(pending ? amountConditions(filter.amount) : []),
      ),
    )
    .limit(1)
    .as("item");
  const found = await db
    .select({
      decisionId: item.decisionId,
      decidedAt: item.decidedAt,
      paymentId: item.paymentId,
      paymentRequestId: item.paymentRequestId,
      customerId: item.customerId,
      customerName: customers.displayName,
      deviceId: item.deviceId,
      merchantId: item.merchantId,
      merchantName: item.merchantName,
      storeId: item.storeId,
      storeName: item.storeName,
      paymentAmountMinor: item.paymentAmountMinor,
      paymentCurrency: item.paymentCurrency,
      payToAmountMinor: item.payToAmountMinor,
      payToCurrency: item.payToCurrency,
      verdicts: item.verdicts,
      campaigns: item.campaigns,
      verdict: paymentReviews.verdict,
      reason: paymentReviews.reason,
      reviewedAt: paymentReviews.reviewedAt,
      reviewedBy: paymentReviews.reviewedBy,
    })
    .from(queue)
    .crossJoinLateral(item)
    .leftJoin(paymentReviews, eq(paymentReviews.decisionId, queue.id))
    .leftJoin(customers, eq(customers.customerId, item.customerId))
    .orderBy(
      ...(pending
        ? [asc(queue.decidedAt), asc(queue.id)]
        : [desc(queue.decidedAt), desc(queue.id)]),
    )
    .limit(filter.limit + 1);
  const page = found.slice(0, filter.limit);
  const savings = await savingsOf(
    db,
    page.map((row) => row.paymentId),
  );
  return {
    rows: page.map((row) => ({
      decisionId: row.decisionId,
      decidedAt: row.decidedAt,
      paymentId: row.paymentId,
      paymentRequestId: row.paymentRequestId,
      customerId: row.customerId,
      customerName: row.customerName,
      deviceId: row.deviceId,
      merchantId: row.merchantId,
      merchantName: row.merchantName,
      storeId: row.storeId,
      storeName: row.storeName,
      paymentAmount: moneyOrNull(row.paymentAmountMinor, row.paymentCurrency),
      payToAmount: moneyOrNull(row.payToAmountMinor, row.payToCurrency),
      savings: savings.get(row.paymentId) ?? {},
      hits: hitsOf(row.verdicts),
      campaigns: Array.isArray(row.campaigns) ? (row.campaigns as string[]) : [],
      review:
        row.verdict && row.reason !== null && row.reviewedAt && row.reviewedBy !== null
          ? {
              verdict: row.verdict,
              reason: row.reason,
              reviewedAt: row.reviewedAt,
              reviewedBy: row.reviewedBy,
            }
          : null,
    })),
    nextAfter: found.length > filter.limit ? (page.at(-1)?.decisionId ?? null) : null,
  };
}

/** The rules that hit, in the decision's order (a campaign's hit is its own entry). */
export function hitsOf(verdicts: unknown): RuleHit[] {
  if (!Array.isArray(verdicts)) return [];
  return (verdicts as RuleVerdict[])
    .filter((v) => v.verdict === "HIT")
    .map((v) => ({ rule: v.rule, action: v.action, campaign: v.campaign ?? null }));
}

/**
 * Savings per currency of each payment: the wallet-currency amount when the promotion was
 * converted, the amount as received when it could not be (never summed across currencies).
 */
export async function savingsOf(
  db: DbOrTx,
  paymentIds: readonly string[],
): Promise<Map<string, Record<string, bigint>>> {
  const result = new Map<string, Record<string, bigint>>();
  if (paymentIds.length === 0) return result;
  const promotions = await db
    .select({
      paymentId: paymentPromotions.paymentId,
      amountMinor: paymentPromotions.amountMinor,
      currency: paymentPromotions.currency,
      walletAmountMinor: paymentPromotions.walletAmountMinor,
      walletCurrency: paymentPromotions.walletCurrency,
    })
    .from(paymentPromotions)
    .where(inArray(paymentPromotions.paymentId, [...paymentIds]));
  for (const promotion of promotions) {
    const saving =
      moneyOrNull(promotion.walletAmountMinor, promotion.walletCurrency) ??
      moneyOrNull(promotion.amountMinor, promotion.currency);
    // A line without a readable amount adds nothing (it is still listed on the payment's page).
    if (!saving) continue;
    const sums = result.get(promotion.paymentId) ?? {};
    sums[saving.currency] = (sums[saving.currency] ?? 0n) + saving.amountMinor;
    result.set(promotion.paymentId, sums);
  }
  return result;
}

/**
 * The payments behind a case's items, with their promotions and risk decisions: the payment an
 * item names by `paymentRequestId`, else the payments of the item's customer and/or device in a
 * bounded window around the case — from ITEM_WINDOW_DAYS_BEFORE days before it was raised to
 * ITEM_WINDOW_DAYS_AFTER days after (what the account did once flagged counts too; a fixed end,
 * so a later export reads the same window), both ends inclusive, newest first, at most `limit`,
 * and the item says when more were left out. Every lookup is on an index (payments' unique
 * payment_request_id, (customer_id, received_at), (device_token_id, received_at);
 * payment_promotions (payment_id, position); risk_decisions payment_request_id).
 */
import { and, asc, desc, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { paymentPromotions, payments, riskCaseItems, riskDecisions } from "@/db/schema";
import { moneyOrNull, type Money } from "../money/amount";

/**
 * Where a customer or device subject of a case is named: on an item, and on the payment an item
 * names. What a case's block buttons offer (caseSubjects) and what blockCaseSubject accepts read
 * these same columns.
 */
export function subjectColumns(subjectType: "CUSTOMER" | "DEVICE") {
  return subjectType === "CUSTOMER"
    ? { itemColumn: riskCaseItems.customerId, paymentColumn: payments.customerId }
    : { itemColumn: riskCaseItems.deviceId, paymentColumn: payments.deviceTokenId };
}

export const ITEM_WINDOW_DAYS_BEFORE = 30;
export const ITEM_WINDOW_DAYS_AFTER = 7;
/** Payments per customer/device item in an export. */
export const ITEM_WINDOW_LIMIT = 100;
/** Postgres takes at most 65,535 parameters per statement: IN lists go in chunks. */
const IN_CHUNK = 1000;

export type PaymentLookup =
  "PAYMENT_REQUEST_ID" | "CUSTOMER_WINDOW" | "DEVICE_WINDOW" | "CUSTOMER_DEVICE_WINDOW";

export interface CaseItemRef {
  id: bigint;
  paymentRequestId: string | null;
  customerId: string | null;
  deviceId: string | null;
}

export interface CaseDecision {
  decidedAt: Date;
  context: string;
  outcome: string;
  ruleSetVersion: number;
  rulesHit: { rule: string; action: string; campaign: string | null }[];
}

export interface CasePayment {
  paymentId: string;
  paymentRequestId: string;
  status: string;
  resultCode: string | null;
  customerId: string | null;
  deviceId: string | null;
  referenceMerchantId: string | null;
  merchantName: string | null;
  paymentAmount: Money | null;
  payToAmount: Money | null;
  paymentTime: Date | null;
  receivedAt: Date;
  /** `savings` as received; null for a line Alipay+ sent without a readable amount. */
  promotions: { promoId: string | null; promoName: string | null; savings: Money | null }[];
  decisions: CaseDecision[];
}

export interface ItemPayments {
  lookup: PaymentLookup;
  /** The window searched (null for a payment named by its paymentRequestId). */
  window: { from: Date; to: Date; limit: number; truncated: boolean } | null;
  payments: CasePayment[];
}

const paymentColumns = {
  paymentId: payments.paymentId,
  paymentRequestId: payments.paymentRequestId,
  status: payments.status,
  resultCode: payments.resultCode,
  customerId: payments.customerId,
  deviceId: payments.deviceTokenId,
  referenceMerchantId: payments.referenceMerchantId,
  merchantDisplayName: payments.merchantDisplayName,
  merchantName: payments.merchantName,
  paymentAmountMinor: payments.paymentAmountMinor,
  paymentCurrency: payments.paymentCurrency,
  payToAmountMinor: payments.payToAmountMinor,
  payToCurrency: payments.payToCurrency,
  paymentTime: payments.paymentTime,
  receivedAt: payments.receivedAt,
};
function paymentQuery(db: DbOrTx) {
  return db.select(paymentColumns).from(payments);
}
type PaymentRow = Awaited<ReturnType<typeof paymentQuery>>[number];

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) out.push(values.slice(i, i + IN_CHUNK));
  return out;
}

export function lookupOf(item: CaseItemRef): PaymentLookup {
  if (item.paymentRequestId) return "PAYMENT_REQUEST_ID";
  if (item.customerId && item.deviceId) return "CUSTOMER_DEVICE_WINDOW";
  return item.customerId ? "CUSTOMER_WINDOW" : "DEVICE_WINDOW";
}

export function itemWindow(raisedAt: Date): { from: Date; to: Date } {
  const day = 86_400_000;
  return {
    from: new Date(raisedAt.getTime() - ITEM_WINDOW_DAYS_BEFORE * day),
    to: new Date(raisedAt.getTime() + ITEM_WINDOW_DAYS_AFTER * day),
  };
}

/** Each item's payments (keyed by item id), `limit` per windowed item. */
export async function paymentsOfItems(
  db: DbOrTx,
  raisedAt: Date,
  items: readonly CaseItemRef[],
  limit = ITEM_WINDOW_LIMIT,
): Promise<Map<bigint, ItemPayments>> {
  const found = new Map<
    bigint,
    { lookup: PaymentLookup; window: ItemPayments["window"]; rows: PaymentRow[] }
  >();

  const requestIds = [
    ...new Set(items.flatMap((item) => (item.paymentRequestId ? [item.paymentRequestId] : []))),
  ];
  const byRequestId = new Map<string, PaymentRow>();
  for (const chunk of chunks(requestIds)) {
    const rows = await paymentQuery(db).where(inArray(payments.paymentRequestId, chunk));
    for (const row of rows) byRequestId.set(row.paymentRequestId, row);
  }

  const { from, to } = itemWindow(raisedAt);
  for (const item of items) {
    const lookup = lookupOf(item);
    if (lookup === "PAYMENT_REQUEST_ID") {
      const row = byRequestId.get(item.paymentRequestId!);
      found.set(item.id, { lookup, window: null, rows: row ? [row] : [] });
      continue;
    }
    const conditions: SQL[] = [gte(payments.receivedAt, from), lte(payments.receivedAt, to)];
    if (item.customerId) conditions.push(eq(payments.customerId, item.customerId));
    if (item.deviceId) conditions.push(eq(payments.deviceTokenId, item.deviceId));
    const rows = await paymentQuery(db)
      .where(and(...conditions))
      .orderBy(desc(payments.receivedAt), desc(payments.paymentId))
      .limit(limit + 1);
    found.set(item.id, {
      lookup,
      window: { from, to, limit, truncated: rows.length > limit },
      rows: rows.slice(0, limit),
    });
  }

  const allRows = [...found.values()].flatMap((entry) => entry.rows);
  const promotions = await promotionsOf(db, [...new Set(allRows.map((row) => row.paymentId))]);
  const decisions = await decisionsOf(db, [...new Set(allRows.map((row) => row.paymentRequestId))]);

  const result = new Map<bigint, ItemPayments>();
  for (const [itemId, entry] of found) {
    result.set(itemId, {
      lookup: entry.lookup,
      window: entry.window,
      payments: entry.rows.map((row) => ({
        paymentId: row.paymentId,
        paymentRequestId: row.paymentRequestId,
        status: row.status,
        resultCode: row.resultCode,
        customerId: row.customerId,
        deviceId: row.deviceId,
        referenceMerchantId: row.referenceMerchantId,
        merchantName: row.merchantDisplayName ?? row.merchantName,
        paymentAmount: moneyOrNull(row.paymentAmountMinor, row.paymentCurrency),
        payToAmount: moneyOrNull(row.payToAmountMinor, row.payToCurrency),
        paymentTime: row.paymentTime,
        receivedAt: row.receivedAt,
        promotions: promotions.get(row.paymentId) ?? [],
        decisions: decisions.get(row.paymentRequestId) ?? [],
      })),
    });
  }
  return result;
}

async function promotionsOf(
  db: DbOrTx,
  paymentIds: string[],
): Promise<Map<string, CasePayment["promotions"]>> {
  const out = new Map<string, CasePayment["promotions"]>();
  for (const chunk of chunks(paymentIds)) {
    const rows = await db
      .select({
        paymentId: paymentPromotions.paymentId,
        promoId: paymentPromotions.promoId,
        promoName: paymentPromotions.promoName,
        amountMinor: paymentPromotions.amountMinor,
        currency: paymentPromotions.currency,
      })
      .from(paymentPromotions)
      .where(inArray(paymentPromotions.paymentId, chunk))
      .orderBy(asc(paymentPromotions.paymentId), asc(paymentPromotions.position));
    for (const row of rows) {
      const list = out.get(row.paymentId) ?? [];
      list.push({
        promoId: row.promoId,
        promoName: row.promoName,
        savings: moneyOrNull(row.amountMinor, row.currency),
      });
      out.set(row.paymentId, list);
    }
  }
  return out;
}

interface StoredVerdict {
  rule?: unknown;
  verdict?: unknown;
  action?: unknown;
  campaign?: unknown;
}

async function decisionsOf(
  db: DbOrTx,
  paymentRequestIds: string[],
): Promise<Map<string, CaseDecision[]>> {
  const out = new Map<string, CaseDecision[]>();
  for (const chunk of chunks(paymentRequestIds)) {
    const rows = await db
      .select({
        paymentRequestId: riskDecisions.paymentRequestId,
        decidedAt: riskDecisions.decidedAt,
        context: riskDecisions.context,
        outcome: riskDecisions.outcome,
        ruleSetVersion: riskDecisions.ruleSetVersion,
        verdicts: riskDecisions.verdicts,
      })
      .from(riskDecisions)
      .where(inArray(riskDecisions.paymentRequestId, chunk))
      .orderBy(asc(riskDecisions.id));
    for (const row of rows) {
      const verdicts = Array.isArray(row.verdicts) ? (row.verdicts as StoredVerdict[]) : [];
      const list = out.get(row.paymentRequestId) ?? [];
      list.push({
        decidedAt: row.decidedAt,
        context: row.context,
        outcome: row.outcome,
        ruleSetVersion: row.ruleSetVersion,
        rulesHit: verdicts
          .filter((v) => v.verdict === "HIT")
          .map((v) => ({
            rule: String(v.rule),
            action: String(v.action),
            campaign: typeof v.campaign === "string" ? v.campaign : null,
          })),
      });
      out.set(row.paymentRequestId, list);
    }
  }
  return out;
}

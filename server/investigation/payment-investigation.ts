/**
 * Everything about one payment, for the console's investigation page (README "Staff
 * console"): the order, merchant and store (with the registry's position), amounts and quote,
 * every promotion, refunds with their clawbacks, the ledger entries, each risk decision with its
 * trace, the review verdict, list entries in force, the device's history, the Alipay+ risk cases
 * naming it and the raw inbound calls. Every read goes through an index on the payment's ids and
 * is bounded; nothing here writes.
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  customers,
  inboundCalls,
  ledgerEntries,
  paymentPromotions,
  paymentReviews,
  payments,
  refundPromotions,
  refunds,
  riskCaseItems,
  riskCases,
  riskDecisions,
  stores,
} from "@/db/schema";
import { redactText } from "../alipayplus/redact";
import type { RuleVerdict } from "../risk/evaluate";
import { listEntriesFor, type ListEntry } from "../risk/lists";
import { deviceActivity, type DeviceActivity } from "./device-activity";

/** Bounds: a payment has a handful of each; these only stop a pathological one. */
export const INBOUND_CALLS_LIMIT = 200;
const DECISIONS_LIMIT = 50;
const REFUNDS_LIMIT = 200;
const CASES_LIMIT = 50;

type PaymentRow = typeof payments.$inferSelect;
type StoreRow = typeof stores.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

export interface DecisionTrace {
  id: bigint;
  context: string;
  outcome: string;
  ruleSetVersion: number;
  customerId: string | null;
  deviceId: string | null;
  paymentId: string | null;
  decidedAt: Date;
  durationUs: number;
  campaigns: string[];
  verdicts: RuleVerdict[];
  /** The state signals as read at decision time (credit, KYC, lists, store, latest fixes…). */
  signals: Record<string, unknown>;
}

export interface PaymentInvestigation {
  payment: Omit<PaymentRow, "requestHash" | "responseBody" | "request" | "paymentMethodIdHash">;
  customer: typeof customers.$inferSelect | null;
  store: StoreRow | null;
  promotions: (typeof paymentPromotions.$inferSelect)[];
  /** Without the stored request and first answer (the idempotency record, not investigation
   * data: the raw inbound calls carry what was sent). */
  refunds: (Omit<RefundRow, "requestHash" | "responseBody" | "request"> & {
    promotions: (typeof refundPromotions.$inferSelect)[];
  })[];
  ledger: (typeof ledgerEntries.$inferSelect)[];
  decisions: DecisionTrace[];
  review: typeof paymentReviews.$inferSelect | null;
  /**
   * The device the payment came from: the decision's device (docs/protocol.md#devices), else the
   * payment's.
   */
  deviceId: string | null;
  device: DeviceActivity | null;
  lists: { customer: ListEntry[]; device: ListEntry[]; merchant: ListEntry[] };
  cases: { caseId: string; status: string; reason: string; deadline: Date | null }[];
  inboundCalls: InvestigatedCall[];
}

/**
 * An inbound call as the investigation shows it: no headers, the bodies redacted again on the way
 * out as the call log does (server/inbound-log), for rows written before redaction was complete.
 */
export interface InvestigatedCall {
  id: bigint;
  receivedAt: Date;
  method: string;
  path: string;
  signatureVerdict: (typeof inboundCalls.$inferSelect)["signatureVerdict"];
  httpStatus: number;
  resultStatus: string | null;
  resultCode: string | null;
  latencyMs: number;
  rawBody: string;
  responseBody: string;
}

export async function investigatePayment(
  db: DbOrTx,
  paymentId: string,
  now: Date = new Date(),
): Promise<PaymentInvestigation | null> {
  const [row] = await db.select().from(payments).where(eq(payments.paymentId, paymentId));
  if (!row) return null;
  const {
    requestHash: _hash,
    responseBody: _response,
    request: _request,
    paymentMethodIdHash: _code,
    ...payment
  } = row;

  const [customer, store, promotions, refundRows, decisionRows, review, cases, calls] =
    await Promise.all([
      row.customerId
        ? db
            .select()
            .from(customers)
            .where(eq(customers.customerId, row.customerId))
            .then((r) => r[0] ?? null)
        : null,
      row.referenceStoreId
        ? db
            .select()
            .from(stores)
            .where(eq(stores.referenceStoreId, row.referenceStoreId))
            .then((r) => r[0] ?? null)
        : null,
      db
        .select()
        .from(paymentPromotions)
        .where(eq(paymentPromotions.paymentId, paymentId))
        .orderBy(asc(paymentPromotions.position)),
      db
        .select()
        .from(refunds)
        .where(eq(refunds.paymentId, paymentId))
        .orderBy(asc(refunds.refundTime), asc(refunds.refundId))
        .limit(REFUNDS_LIMIT),
      db
        .select()
        .from(riskDecisions)
        .where(eq(riskDecisions.paymentRequestId, row.paymentRequestId))
        .orderBy(asc(riskDecisions.id))
        .limit(DECISIONS_LIMIT),
      db
        .select()
        .from(paymentReviews)
        .where(eq(paymentReviews.paymentId, paymentId))
        .then((r) => r[0] ?? null),
      db
        .selectDistinct({
          caseId: riskCases.caseId,
          status: riskCases.status,
          reason: riskCases.reason,
          deadline: riskCases.deadline,
        })
        .from(riskCaseItems)
        .innerJoin(riskCases, eq(riskCases.caseId, riskCaseItems.caseId))
        .where(eq(riskCaseItems.paymentRequestId, row.paymentRequestId))
        .orderBy(riskCases.caseId)
        .limit(CASES_LIMIT),
      // inbound_calls_payment_request_id_index: every pay, refund, cancel and inquiry naming it.
      db
        .select({
          id: inboundCalls.id,
          receivedAt: inboundCalls.receivedAt,
          method: inboundCalls.method,
          path: inboundCalls.path,
          signatureVerdict: inboundCalls.signatureVerdict,
          httpStatus: inboundCalls.httpStatus,
          resultStatus: inboundCalls.resultStatus,
          resultCode: inboundCalls.resultCode,
          latencyMs: inboundCalls.latencyMs,
          rawBody: inboundCalls.rawBody,
          responseBody: inboundCalls.responseBody,
        })
        .from(inboundCalls)
        .where(eq(inboundCalls.paymentRequestId, row.paymentRequestId))
        .orderBy(asc(inboundCalls.receivedAt), asc(inboundCalls.id))
        .limit(INBOUND_CALLS_LIMIT),
    ]);

  const refundIds = refundRows.map((r) => r.refundId);
  const [clawbacks, ledger] = await Promise.all([
    refundIds.length === 0
      ? []
      : db
          .select()
          .from(refundPromotions)
          .where(inArray(refundPromotions.refundId, refundIds))
          .orderBy(asc(refundPromotions.refundId), asc(refundPromotions.position)),
    // The debit and a cancel credit by the partial unique index on (payment_id, kind); refund
    // credits by their refund ids (ledger_entries_one_credit_per_refund).
    db
      .select()
      .from(ledgerEntries)
      .where(
        or(
          and(
            eq(ledgerEntries.paymentId, paymentId),
            sql`${ledgerEntries.kind} in ('PAYMENT', 'CANCEL')`,
          ),
          refundIds.length === 0 ? undefined : inArray(ledgerEntries.refundId, refundIds),
        ),
      )
      .orderBy(asc(ledgerEntries.id)),
  ]);

  const decisions = decisionRows.map(toTrace);
  const deviceId =
    [...decisions].reverse().find((d) => d.deviceId)?.deviceId ?? row.deviceTokenId ?? null;
  const customerId = row.customerId ?? decisions.find((d) => d.customerId)?.customerId ?? null;
  const [device, customerLists, deviceLists, merchantLists] = await Promise.all([
    deviceId
      ? deviceActivity(db, deviceId, store ? { lat: store.lat, lng: store.lng } : null, now)
      : null,
    customerId ? listEntriesFor(db, "CUSTOMER", customerId) : [],
    deviceId ? listEntriesFor(db, "DEVICE", deviceId) : [],
    row.referenceMerchantId ? listEntriesFor(db, "MERCHANT", row.referenceMerchantId) : [],
  ]);

  return {
    payment,
    customer,
    store,
    promotions,
    refunds: refundRows.map(
      ({ requestHash: _hash, responseBody: _response, request: _request, ...refund }) => ({
        ...refund,
        promotions: clawbacks.filter((c) => c.refundId === refund.refundId),
      }),
    ),
    ledger,
    decisions,
    review,
    deviceId,
    device,
    lists: { customer: customerLists, device: deviceLists, merchant: merchantLists },
    cases,
    inboundCalls: calls.map((call) => ({
      ...call,
      rawBody: redactText(call.rawBody),
      responseBody: redactText(call.responseBody ?? ""),
    })),
  };
}

function toTrace(row: typeof riskDecisions.$inferSelect): DecisionTrace {
  return {
    id: row.id,
    context: row.context,
    outcome: row.outcome,
    ruleSetVersion: row.ruleSetVersion,
    customerId: row.customerId,
    deviceId: row.deviceId,
    paymentId: row.paymentId,
    decidedAt: row.decidedAt,
    durationUs: row.durationUs,
    campaigns: Array.isArray(row.campaigns) ? (row.campaigns as string[]) : [],
    verdicts: Array.isArray(row.verdicts) ? (row.verdicts as RuleVerdict[]) : [],
    signals:
      row.signals && typeof row.signals === "object" && !Array.isArray(row.signals)
        ? (row.signals as Record<string, unknown>)
        : {},
  };
}

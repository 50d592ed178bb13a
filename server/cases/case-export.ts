/**
 * A concluded case's export, to send back to Alipay+ (docs/protocol.md#risk-cases): JSON exactly
 * `{caseId, status, finding, summary, actions[], items[], concludedAt, concludedBy}` — actions are
 * the blocks and claw-back notes (internal notes stay internal); items carry their payments with
 * promotions and risk decisions (case-payments.ts: the named payment, or the customer's/device's
 * payments from 30 days before `raisedAt` to 7 days after, at most ITEM_WINDOW_LIMIT; each item
 * says which lookup and window it used) — or CSV, one row per item and payment
 * (CASE_EXPORT_CSV_COLUMNS). Every export is stored in risk_case_exports with the exact bytes
 * handed out, and audited. Amounts are Alipay+'s wire shape (`{currency, value}`, minor units as a
 * string); times are UTC ISO 8601 with an explicit offset.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { riskCaseEntries, riskCaseExports, riskCaseItems, riskCases } from "@/db/schema";
import { formatAlipayTime } from "../alipayplus/answers";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { toWireAmount, type Money } from "../money/amount";
import { spreadsheetCell } from "../stores/csv";
import { paymentsOfItems, type CasePayment, type ItemPayments } from "./case-payments";

export const CASE_EXPORT_FORMATS = ["JSON", "CSV"] as const;
export type CaseExportFormat = (typeof CASE_EXPORT_FORMATS)[number];

type WireMoney = { currency: string; value: string } | null;

function wireMoney(money: Money | null): WireMoney {
  return money && toWireAmount(money);
}

function time(date: Date | null): string | null {
  return date && formatAlipayTime(date);
}

export interface CaseConclusion {
  caseId: string;
  status: string;
  finding: string | null;
  summary: string | null;
  actions: { kind: string; subjectId: string | null; text: string; at: string; by: string }[];
  items: ConclusionItem[];
  concludedAt: string | null;
  concludedBy: string | null;
}

export interface ConclusionItem {
  paymentRequestId: string | null;
  customerId: string | null;
  deviceId: string | null;
  /** How the payments were found: by paymentRequestId, or in a customer/device window. */
  lookup: ItemPayments["lookup"];
  window: { from: string; to: string; limit: number; truncated: boolean } | null;
  payments: ConclusionPayment[];
}

export interface ConclusionPayment {
  paymentId: string;
  paymentRequestId: string;
  status: string;
  resultCode: string | null;
  customerId: string | null;
  deviceId: string | null;
  referenceMerchantId: string | null;
  merchantName: string | null;
  paymentAmount: WireMoney;
  payToAmount: WireMoney;
  paymentTime: string | null;
  promotions: { promoId: string | null; promoName: string | null; savingsAmount: WireMoney }[];
  decisions: {
    decidedAt: string;
    context: string;
    outcome: string;
    ruleSetVersion: number;
    rulesHit: { rule: string; action: string; campaign: string | null }[];
  }[];
}

function conclusionPayment(payment: CasePayment): ConclusionPayment {
  return {
    paymentId: payment.paymentId,
    paymentRequestId: payment.paymentRequestId,
    status: payment.status,
    resultCode: payment.resultCode,
    customerId: payment.customerId,
    deviceId: payment.deviceId,
    referenceMerchantId: payment.referenceMerchantId,
    merchantName: payment.merchantName,
    paymentAmount: wireMoney(payment.paymentAmount),
    payToAmount: wireMoney(payment.payToAmount),
    paymentTime: time(payment.paymentTime),
    promotions: payment.promotions.map((promotion) => ({
      promoId: promotion.promoId,
      promoName: promotion.promoName,
      savingsAmount: wireMoney(promotion.savings),
    })),
    decisions: payment.decisions.map((decision) => ({
      decidedAt: formatAlipayTime(decision.decidedAt),
      context: decision.context,
      outcome: decision.outcome,
      ruleSetVersion: decision.ruleSetVersion,
      rulesHit: decision.rulesHit,
    })),
  };
}

/** The conclusion as exported (also what the CSV is written from). */
export async function buildCaseConclusion(db: DbOrTx, caseId: string): Promise<CaseConclusion> {
  const [row] = await db.select().from(riskCases).where(eq(riskCases.caseId, caseId));
  if (!row) throw new DomainError("not_found", `case ${caseId} does not exist`);
  const actions = await db
    .select()
    .from(riskCaseEntries)
    .where(and(eq(riskCaseEntries.caseId, caseId), ne(riskCaseEntries.kind, "NOTE")))
    .orderBy(asc(riskCaseEntries.id));
  const items = await db
    .select()
    .from(riskCaseItems)
    .where(eq(riskCaseItems.caseId, caseId))
    .orderBy(asc(riskCaseItems.id));
  const found = await paymentsOfItems(db, row.raisedAt, items);
  return {
    caseId: row.caseId,
    status: row.status,
    finding: row.finding,
    summary: row.summary,
    actions: actions.map((entry) => ({
      kind: entry.kind,
      subjectId: entry.subjectId,
      text: entry.text,
      at: formatAlipayTime(entry.at),
      by: entry.by,
    })),
    items: items.map((item) => {
      const paid = found.get(item.id)!;
      return {
        paymentRequestId: item.paymentRequestId,
        customerId: item.customerId,
        deviceId: item.deviceId,
        lookup: paid.lookup,
        window: paid.window && {
          from: formatAlipayTime(paid.window.from),
          to: formatAlipayTime(paid.window.to),
          limit: paid.window.limit,
          truncated: paid.window.truncated,
        },
        payments: paid.payments.map(conclusionPayment),
      };
    }),
    concludedAt: time(row.concludedAt),
    concludedBy: row.concludedBy,
  };
}

/**
 * The CSV columns, in order: the case's fields repeated on every row, the item, then one payment
 * (empty when the item found none) with its promotions (`promoId CUR value` joined by "; ") and
 * its latest risk decision (rules hit as `rule` or `rule@campaign`, joined by "; "). Actions are
 * in the JSON export only.
 */
export const CASE_EXPORT_CSV_COLUMNS = [
  "caseId",
  "status",
  "finding",
  "summary",
  "concludedAt",
  "concludedBy",
  "itemPaymentRequestId",
  "itemCustomerId",
  "itemDeviceId",
  "lookup",
  "windowFrom",
  "windowTo",
  "windowTruncated",
  "paymentId",
  "paymentRequestId",
  "paymentStatus",
  "resultCode",
  "customerId",
  "deviceId",
  "referenceMerchantId",
  "merchantName",
  "paymentCurrency",
  "paymentValue",
  "payToCurrency",
  "payToValue",
  "paymentTime",
  "promotions",
  "decisionOutcome",
  "ruleSetVersion",
  "rulesHit",
  "decidedAt",
] as const;

/** A cell: text (quoted, never read as a formula), a number (bare), or null (empty). */
type CsvRow = Record<(typeof CASE_EXPORT_CSV_COLUMNS)[number], string | bigint | number | null>;

/** Minor units as the number they are: written bare, so the spreadsheet can sum them. */
function minorUnits(money: WireMoney | undefined): bigint | null {
  return money ? BigInt(money.value) : null;
}

/**
 * RFC 4180 (CRLF line ends) with spreadsheet-safe cells (server/stores/csv.ts spreadsheetCell):
 * Alipay+'s ids and merchant names and staff's summaries are text a spreadsheet must not run.
 */
export function conclusionCsv(conclusion: CaseConclusion): string {
  const rows: CsvRow[] = [];
  for (const item of conclusion.items) {
    const itemCells = {
      caseId: conclusion.caseId,
      status: conclusion.status,
      finding: conclusion.finding,
      summary: conclusion.summary,
      concludedAt: conclusion.concludedAt,
      concludedBy: conclusion.concludedBy,
      itemPaymentRequestId: item.paymentRequestId,
      itemCustomerId: item.customerId,
      itemDeviceId: item.deviceId,
      lookup: item.lookup,
      windowFrom: item.window?.from ?? null,
      windowTo: item.window?.to ?? null,
      windowTruncated: item.window ? String(item.window.truncated) : null,
    };
    const payments: (ConclusionPayment | null)[] = item.payments.length ? item.payments : [null];
    for (const payment of payments) {
      const decision = payment?.decisions.at(-1);
      rows.push({
        ...itemCells,
        paymentId: payment?.paymentId ?? null,
        paymentRequestId: payment?.paymentRequestId ?? null,
        paymentStatus: payment?.status ?? null,
        resultCode: payment?.resultCode ?? null,
        customerId: payment?.customerId ?? null,
        deviceId: payment?.deviceId ?? null,
        referenceMerchantId: payment?.referenceMerchantId ?? null,
        merchantName: payment?.merchantName ?? null,
        paymentCurrency: payment?.paymentAmount?.currency ?? null,
        paymentValue: minorUnits(payment?.paymentAmount),
        payToCurrency: payment?.payToAmount?.currency ?? null,
        payToValue: minorUnits(payment?.payToAmount),
        paymentTime: payment?.paymentTime ?? null,
        promotions: payment
          ? payment.promotions
              .map((p) =>
                [p.promoId ?? "", p.savingsAmount?.currency, p.savingsAmount?.value].join(" "),
              )
              .join("; ")
          : null,
        decisionOutcome: decision?.outcome ?? null,
        ruleSetVersion: decision?.ruleSetVersion ?? null,
        rulesHit: decision
          ? decision.rulesHit
              .map((hit) => (hit.campaign ? `${hit.rule}@${hit.campaign}` : hit.rule))
              .join("; ")
          : null,
        decidedAt: decision?.decidedAt ?? null,
      });
    }
  }
  const lines = [
    CASE_EXPORT_CSV_COLUMNS.join(","),
    ...rows.map((row) =>
      CASE_EXPORT_CSV_COLUMNS.map((column) => spreadsheetCell(row[column])).join(","),
    ),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

export interface CaseExport {
  exportId: bigint;
  caseId: string;
  format: CaseExportFormat;
  content: string;
  exportedAt: Date;
  exportedBy: string;
}

/**
 * Exports a concluded (or communicated) case: the bytes are built, stored and audited in one
 * transaction that holds the case row (FOR SHARE), so no step or action lands halfway through.
 */
export async function exportCase(
  db: DbOrTx,
  actor: StaffActor,
  caseId: string,
  format: CaseExportFormat,
): Promise<CaseExport> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: riskCases.status })
      .from(riskCases)
      .where(eq(riskCases.caseId, caseId))
      .for("share");
    if (!row) throw new DomainError("not_found", `case ${caseId} does not exist`);
    if (row.status !== "CONCLUDED" && row.status !== "COMMUNICATED") {
      throw new DomainError(
        "conflict",
        `case ${caseId} is ${row.status.toLowerCase()}: only a concluded case can be exported`,
      );
    }
    const conclusion = await buildCaseConclusion(tx, caseId);
    const content =
      format === "JSON" ? `${JSON.stringify(conclusion, null, 2)}\n` : conclusionCsv(conclusion);
    const [written] = await tx
      .insert(riskCaseExports)
      .values({ caseId, format, content, exportedBy: actor.email })
      .returning();
    await recordStaffAction(tx, actor, {
      action: "case.export",
      subjectType: "risk-case",
      subjectId: caseId,
      after: {
        exportId: written!.id,
        format,
        bytes: Buffer.byteLength(content),
        sha256: createHash("sha256").update(content).digest("hex"),
      },
    });
    return {
      exportId: written!.id,
      caseId,
      format,
      content,
      exportedAt: written!.exportedAt,
      exportedBy: written!.exportedBy,
    };
  });
}

/** How many past exports the case page lists (newest first). */
export const CASE_EXPORTS_SHOWN = 50;

export function listCaseExports(db: DbOrTx, caseId: string) {
  return db
    .select({
      exportId: riskCaseExports.id,
      format: riskCaseExports.format,
      exportedAt: riskCaseExports.exportedAt,
      exportedBy: riskCaseExports.exportedBy,
      bytes: sql<number>`octet_length(${riskCaseExports.content})`.mapWith(Number),
    })
    .from(riskCaseExports)
    .where(eq(riskCaseExports.caseId, caseId))
    .orderBy(desc(riskCaseExports.id))
    .limit(CASE_EXPORTS_SHOWN);
}

/** One stored export, byte for byte as it was handed out. */
export async function findCaseExport(
  db: DbOrTx,
  caseId: string,
  exportId: bigint,
): Promise<CaseExport> {
  const [row] = await db
    .select()
    .from(riskCaseExports)
    .where(and(eq(riskCaseExports.id, exportId), eq(riskCaseExports.caseId, caseId)));
  if (!row) throw new DomainError("not_found", `case ${caseId} has no export ${exportId}`);
  return {
    exportId: row.id,
    caseId: row.caseId,
    format: row.format,
    content: row.content,
    exportedAt: row.exportedAt,
    exportedBy: row.exportedBy,
  };
}

/** `risk-case-<caseId>-<exportId>.json`, with anything unsafe in a file name replaced. */
export function exportFileName(caseExport: Pick<CaseExport, "caseId" | "exportId" | "format">) {
  const safeId = caseExport.caseId.replace(/[^A-Za-z0-9._-]/g, "_");
  return `risk-case-${safeId}-${caseExport.exportId}.${caseExport.format.toLowerCase()}`;
}

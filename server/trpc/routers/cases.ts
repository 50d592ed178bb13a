import { z } from "zod";
import type { Money } from "../../money/amount";
import {
  MAX_CASE_ITEMS,
  newManualCaseId,
  refineCaseContent,
  ZCaseId,
  ZCaseTime,
  ZItemRef,
  ZReason,
} from "../../cases/case-content";
import {
  CASE_EXPORT_FORMATS,
  exportCase,
  exportFileName,
  findCaseExport,
} from "../../cases/case-export";
import type { ItemPayments } from "../../cases/case-payments";
import { findCase, isCaseOverdue, listCases } from "../../cases/case-queries";
import {
  addCaseNote,
  addClawbackNote,
  blockCaseSubject,
  CASE_FINDINGS,
  CASE_STATUSES,
  changeCaseStatus,
  concludeCase,
  MAX_NOTE_LENGTH,
  STATUS_STEPS,
  statusStepFrom,
} from "../../cases/case-workflow";
import { importCasesCsv, MAX_CASES_CSV_BYTES } from "../../cases/cases-csv";
import { createCase } from "../../cases/create-case";
import { createTRPCRouter, staffProcedure } from "../init";

export const CASES_PAGE_SIZE = 50;

const ZCaseRef = z.strictObject({ caseId: ZCaseId });
const ZDecimalId = z.string().regex(/^[1-9][0-9]{0,18}$/, "must be a positive integer");
const ZText = z.string().max(MAX_NOTE_LENGTH);

function iso(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}

function moneyDto(money: Money | null) {
  return money && { amountMinor: money.amountMinor.toString(), currency: money.currency };
}

function itemPaymentsDto(found: ItemPayments) {
  return {
    lookup: found.lookup,
    window: found.window && {
      from: found.window.from.toISOString(),
      to: found.window.to.toISOString(),
      limit: found.window.limit,
      truncated: found.window.truncated,
    },
    payments: found.payments.map((payment) => ({
      paymentId: payment.paymentId,
      paymentRequestId: payment.paymentRequestId,
      status: payment.status,
      resultCode: payment.resultCode,
      customerId: payment.customerId,
      deviceId: payment.deviceId,
      merchantName: payment.merchantName,
      payToAmount: moneyDto(payment.payToAmount),
      receivedAt: payment.receivedAt.toISOString(),
      savings: payment.promotions.map((promotion) => moneyDto(promotion.savings)!),
      decisions: payment.decisions.map((decision) => ({
        outcome: decision.outcome,
        ruleSetVersion: decision.ruleSetVersion,
        rulesHit: decision.rulesHit.map((hit) => hit.rule),
        decidedAt: decision.decidedAt.toISOString(),
      })),
    })),
  };
}

export const casesRouter = createTRPCRouter({
  /** Cases being worked first (by deadline), then closed ones; `cursor` is `nextCursor`. */
  list: staffProcedure("console.read")
    .input(
      z.strictObject({
        status: z.enum(CASE_STATUSES).optional(),
        cursor: z.string().max(500).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listCases(ctx.db, { ...input, limit: CASES_PAGE_SIZE });
      return {
        rows: page.rows.map((row) => ({
          ...row,
          raisedAt: row.raisedAt.toISOString(),
          deadline: iso(row.deadline),
        })),
        nextCursor: page.nextCursor,
      };
    }),

  /** One case: items (keyset pages after `itemsAfter`), payments, timeline, subjects, exports. */
  get: staffProcedure("console.read")
    .input(z.strictObject({ caseId: ZCaseId, itemsAfter: ZDecimalId.optional() }))
    .query(async ({ ctx, input }) => {
      const found = await findCase(ctx.db, input.caseId, {
        itemsAfter: input.itemsAfter === undefined ? undefined : BigInt(input.itemsAfter),
      });
      const row = found.case;
      return {
        caseId: row.caseId,
        source: row.source,
        status: row.status,
        /** The step the status form offers (null: none; concluding has its own form). */
        statusStep: statusStepFrom(row.status),
        raisedAt: row.raisedAt.toISOString(),
        deadline: iso(row.deadline),
        overdue: isCaseOverdue(row),
        reason: row.reason,
        finding: row.finding,
        summary: row.summary,
        concludedAt: iso(row.concludedAt),
        concludedBy: row.concludedBy,
        createdAt: row.createdAt.toISOString(),
        createdBy: row.createdBy,
        updatedAt: row.updatedAt.toISOString(),
        itemCount: found.itemCount,
        items: found.items.map((item) => ({
          itemId: item.id.toString(),
          paymentRequestId: item.paymentRequestId,
          customerId: item.customerId,
          deviceId: item.deviceId,
          ...itemPaymentsDto(item.found),
        })),
        nextItemsAfter: found.nextItemsAfter?.toString() ?? null,
        timeline: found.timeline.map((entry) => ({
          entryId: entry.id.toString(),
          kind: entry.kind,
          subjectId: entry.subjectId,
          text: entry.text,
          at: entry.at.toISOString(),
          by: entry.by,
        })),
        exports: found.exports.map((entry) => ({
          exportId: entry.exportId.toString(),
          format: entry.format,
          exportedAt: entry.exportedAt.toISOString(),
          exportedBy: entry.exportedBy,
          bytes: entry.bytes,
        })),
        customers: found.customers,
        devices: found.devices,
      };
    }),

  /** By hand: the caseId Alipay+ gave, or a generated `MANUAL-<date>-<random>`. */
  create: staffProcedure("cases.write")
    .input(
      z
        .strictObject({
          caseId: ZCaseId.optional(),
          raisedAt: ZCaseTime,
          deadline: ZCaseTime.nullish(),
          reason: ZReason,
          items: z
            .array(
              z.strictObject({
                paymentRequestId: ZItemRef.optional(),
                customerId: ZItemRef.optional(),
                deviceId: ZItemRef.optional(),
              }),
            )
            .min(1, "must hold at least one item")
            .max(MAX_CASE_ITEMS),
        })
        .superRefine(refineCaseContent),
    )
    .mutation(({ ctx, input }) =>
      createCase(
        ctx.db,
        {
          caseId: input.caseId ?? newManualCaseId(),
          raisedAt: input.raisedAt,
          deadline: input.deadline ?? null,
          reason: input.reason,
          items: input.items.map((item) => ({
            paymentRequestId: item.paymentRequestId ?? null,
            customerId: item.customerId ?? null,
            deviceId: item.deviceId ?? null,
          })),
        },
        { source: "MANUAL", actor: ctx.staff },
      ),
    ),

  /** A CSV file's text: the good cases are created, bad rows come back by line. */
  importCsv: staffProcedure("cases.write")
    .input(z.strictObject({ csv: z.string().max(MAX_CASES_CSV_BYTES) }))
    .mutation(({ ctx, input }) => importCasesCsv(ctx.db, ctx.staff, input.csv)),

  /** open → investigating, concluded → communicated (concluding is `conclude`). */
  setStatus: staffProcedure("cases.write")
    .input(z.strictObject({ caseId: ZCaseId, status: z.enum(STATUS_STEPS) }))
    .mutation(async ({ ctx, input }) => {
      await changeCaseStatus(ctx.db, ctx.staff, input.caseId, input.status);
      return { caseId: input.caseId, status: input.status };
    }),

  addNote: staffProcedure("cases.write")
    .input(z.strictObject({ caseId: ZCaseId, text: ZText }))
    .mutation(async ({ ctx, input }) => {
      await addCaseNote(ctx.db, ctx.staff, input.caseId, input.text);
      return { caseId: input.caseId };
    }),

  addClawbackNote: staffProcedure("cases.write")
    .input(z.strictObject({ caseId: ZCaseId, text: ZText }))
    .mutation(async ({ ctx, input }) => {
      await addClawbackNote(ctx.db, ctx.staff, input.caseId, input.text);
      return { caseId: input.caseId };
    }),

  /** investigating → concluded: the finding and its summary are both required. */
  conclude: staffProcedure("cases.write")
    .input(
      z.strictObject({
        caseId: ZCaseId,
        finding: z.enum(CASE_FINDINGS),
        summary: ZText.trim().min(1, "a summary is required"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await concludeCase(ctx.db, ctx.staff, input.caseId, input);
      return { caseId: input.caseId, status: "CONCLUDED" as const };
    }),

  /** Blocks one of the case's customers or devices: list entry, timeline, audit together. */
  block: staffProcedure("cases.write")
    .input(
      z.strictObject({
        caseId: ZCaseId,
        subjectType: z.enum(["CUSTOMER", "DEVICE"]),
        subjectId: ZItemRef,
        reason: ZText,
        expiresAt: z.iso.datetime({ offset: true }).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await blockCaseSubject(ctx.db, ctx.staff, input.caseId, {
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        reason: input.reason,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      });
      return { caseId: input.caseId, subjectType: input.subjectType, subjectId: input.subjectId };
    }),

  /** Exports a concluded case: recorded with its bytes and audited; the content comes back. */
  export: staffProcedure("cases.write")
    .input(z.strictObject({ caseId: ZCaseId, format: z.enum(CASE_EXPORT_FORMATS) }))
    .mutation(async ({ ctx, input }) => {
      const made = await exportCase(ctx.db, ctx.staff, input.caseId, input.format);
      return {
        exportId: made.exportId.toString(),
        format: made.format,
        fileName: exportFileName(made),
        content: made.content,
        exportedAt: made.exportedAt.toISOString(),
      };
    }),

  /** A past export, byte for byte (reading it changes nothing: viewers may download it). */
  exportFile: staffProcedure("console.read")
    .input(ZCaseRef.extend({ exportId: ZDecimalId }))
    .query(async ({ ctx, input }) => {
      const found = await findCaseExport(ctx.db, input.caseId, BigInt(input.exportId));
      return {
        exportId: found.exportId.toString(),
        format: found.format,
        fileName: exportFileName(found),
        content: found.content,
        exportedAt: found.exportedAt.toISOString(),
        exportedBy: found.exportedBy,
      };
    }),
});

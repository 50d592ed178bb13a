/**
 * A case's investigation (README "Staff console"): status open → investigating → concluded →
 * communicated, one step at a time (concluding needs a finding and a summary), notes, and the
 * actions taken — block a customer or a device (the block list entry, the timeline entry and the
 * audit rows commit together) and claw-back notes. Each change locks the case row first, so two
 * analysts acting at once are serialised, and writes its audit row in the same transaction.
 */
import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db";
import { payments, riskCaseEntries, riskCaseItems, riskCases } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { putListEntry } from "../risk/lists";
import { subjectColumns } from "./case-payments";

export const CASE_STATUSES = ["OPEN", "INVESTIGATING", "CONCLUDED", "COMMUNICATED"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_FINDINGS = ["CONFIRMED_ABUSE", "FALSE_POSITIVE", "INCONCLUSIVE"] as const;
export type CaseFinding = (typeof CASE_FINDINGS)[number];

/** The one status each status may move to (CONCLUDED only through `concludeCase`). */
export const NEXT_STATUS: Record<CaseStatus, CaseStatus | null> = {
  OPEN: "INVESTIGATING",
  INVESTIGATING: "CONCLUDED",
  CONCLUDED: "COMMUNICATED",
  COMMUNICATED: null,
};

/** The statuses changeCaseStatus moves a case to (CONCLUDED comes through concludeCase). */
export const STATUS_STEPS = ["INVESTIGATING", "COMMUNICATED"] as const;
export type StatusStep = (typeof STATUS_STEPS)[number];

/** The status step a case in `status` can take with changeCaseStatus, if any. */
export function statusStepFrom(status: CaseStatus): StatusStep | null {
  const next = NEXT_STATUS[status];
  return (STATUS_STEPS as readonly (CaseStatus | null)[]).includes(next)
    ? (next as StatusStep)
    : null;
}

export const MAX_NOTE_LENGTH = 4000;

type CaseRow = typeof riskCases.$inferSelect;
type EntryKind = (typeof riskCaseEntries.$inferInsert)["kind"];

async function lockCase(tx: Tx, caseId: string): Promise<CaseRow> {
  const [row] = await tx.select().from(riskCases).where(eq(riskCases.caseId, caseId)).for("update");
  if (!row) throw new DomainError("not_found", `case ${caseId} does not exist`);
  return row;
}

function requiredText(text: string, what: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new DomainError("invalid", `${what} is required`);
  if (trimmed.length > MAX_NOTE_LENGTH) {
    throw new DomainError("invalid", `${what} must be at most ${MAX_NOTE_LENGTH} characters`);
  }
  return trimmed;
}

/**
 * Starts the investigation (open → investigating) or records that Alipay+ was told the
 * conclusion (concluded → communicated).
 */
export async function changeCaseStatus(
  db: DbOrTx,
  actor: StaffActor,
  caseId: string,
  to: StatusStep,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    const next = NEXT_STATUS[row.status];
    if (next !== to) {
      throw new DomainError(
        "conflict",
        `case ${caseId} is ${row.status.toLowerCase()}: ${
          next === null
            ? "it is final"
            : next === "CONCLUDED"
              ? "conclude it with a finding and a summary"
              : `it can only move to ${next.toLowerCase()}`
        }`,
      );
    }
    await tx
      .update(riskCases)
      .set({ status: to, updatedAt: sql`now()` })
      .where(eq(riskCases.caseId, caseId));
    await recordStaffAction(tx, actor, {
      action: "case.status",
      subjectType: "risk-case",
      subjectId: caseId,
      before: { status: row.status },
      after: { status: to },
    });
  });
}

/** investigating → concluded, with the finding and its summary (both required). */
export async function concludeCase(
  db: DbOrTx,
  actor: StaffActor,
  caseId: string,
  conclusion: { finding: CaseFinding; summary: string },
): Promise<void> {
  if (!CASE_FINDINGS.includes(conclusion.finding)) {
    throw new DomainError("invalid", "a finding is required");
  }
  const summary = requiredText(conclusion.summary, "a summary");
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    if (row.status !== "INVESTIGATING") {
      throw new DomainError(
        "conflict",
        `case ${caseId} is ${row.status.toLowerCase()}: only a case under investigation can be concluded`,
      );
    }
    const [after] = await tx
      .update(riskCases)
      .set({
        status: "CONCLUDED",
        finding: conclusion.finding,
        summary,
        concludedAt: sql`now()`,
        concludedBy: actor.email,
        updatedAt: sql`now()`,
      })
      .where(eq(riskCases.caseId, caseId))
      .returning({ concludedAt: riskCases.concludedAt });
    await recordStaffAction(tx, actor, {
      action: "case.conclude",
      subjectType: "risk-case",
      subjectId: caseId,
      before: { status: row.status },
      after: {
        status: "CONCLUDED",
        finding: conclusion.finding,
        summary,
        concludedAt: after?.concludedAt,
      },
    });
  });
}

/**
 * Writes one timeline entry of a locked case, touches the case and audits `action` with the entry
 * (and `details`) as the after-image: every note and action goes through here.
 */
async function writeEntry(
  tx: Tx,
  actor: StaffActor,
  caseId: string,
  entry: { kind: EntryKind; subjectId?: string; text: string },
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  const [written] = await tx
    .insert(riskCaseEntries)
    .values({ caseId, ...entry, by: actor.email })
    .returning({ id: riskCaseEntries.id });
  await tx
    .update(riskCases)
    .set({ updatedAt: sql`now()` })
    .where(eq(riskCases.caseId, caseId));
  await recordStaffAction(tx, actor, {
    action,
    subjectType: "risk-case",
    subjectId: caseId,
    after: { entryId: written?.id, ...details, text: entry.text },
  });
}

async function addEntry(
  db: DbOrTx,
  actor: StaffActor,
  caseId: string,
  entry: { kind: "NOTE" | "CLAWBACK_NOTE"; text: string },
): Promise<void> {
  const text = requiredText(entry.text, entry.kind === "NOTE" ? "a note" : "a claw-back note");
  await db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    const action = entry.kind === "NOTE" ? "case.note" : "case.clawback-note";
    await writeEntry(tx, actor, caseId, { kind: entry.kind, text }, action);
  });
}

/** An internal note on the timeline (not part of the export). */
export function addCaseNote(db: DbOrTx, actor: StaffActor, caseId: string, text: string) {
  return addEntry(db, actor, caseId, { kind: "NOTE", text });
}

/** What is to be clawed back from whom (exported as an action; it moves no money by itself). */
export function addClawbackNote(db: DbOrTx, actor: StaffActor, caseId: string, text: string) {
  return addEntry(db, actor, caseId, { kind: "CLAWBACK_NOTE", text });
}

/**
 * Whether a customer or device belongs to the case: named by an item, or the payer / device of a
 * payment an item names. A case's block buttons offer exactly these.
 */
async function caseNames(
  tx: DbOrTx,
  caseId: string,
  subjectType: "CUSTOMER" | "DEVICE",
  subjectId: string,
): Promise<boolean> {
  const { itemColumn, paymentColumn } = subjectColumns(subjectType);
  const [hit] = await tx
    .select({ one: sql<number>`1` })
    .from(riskCaseItems)
    .leftJoin(payments, eq(payments.paymentRequestId, riskCaseItems.paymentRequestId))
    .where(
      and(
        eq(riskCaseItems.caseId, caseId),
        or(
          eq(itemColumn, subjectId),
          and(isNotNull(riskCaseItems.paymentRequestId), eq(paymentColumn, subjectId)),
        ),
      ),
    )
    .limit(1);
  return hit !== undefined;
}

/**
 * Blocks a customer or device of the case: the block list entry (server/risk/lists.ts, audited
 * there as `lists.add`/`lists.update`), the timeline entry and `case.block-customer` /
 * `case.block-device` commit in one transaction. The next payment's risk decision reads the list.
 */
export async function blockCaseSubject(
  db: DbOrTx,
  actor: StaffActor,
  caseId: string,
  block: {
    subjectType: "CUSTOMER" | "DEVICE";
    subjectId: string;
    reason: string;
    expiresAt: Date | null;
  },
): Promise<void> {
  const reason = requiredText(block.reason, "a reason");
  const subjectId = block.subjectId.trim();
  await db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    if (!subjectId || !(await caseNames(tx, caseId, block.subjectType, subjectId))) {
      throw new DomainError(
        "invalid",
        `${block.subjectType.toLowerCase()} ${subjectId || "(empty)"} is not part of case ${caseId}`,
      );
    }
    await putListEntry(tx, actor, {
      list: "BLOCK",
      subjectType: block.subjectType,
      subjectId,
      reason: `case ${caseId}: ${reason}`,
      expiresAt: block.expiresAt,
    });
    const customer = block.subjectType === "CUSTOMER";
    await writeEntry(
      tx,
      actor,
      caseId,
      { kind: customer ? "BLOCK_CUSTOMER" : "BLOCK_DEVICE", subjectId, text: reason },
      customer ? "case.block-customer" : "case.block-device",
      { subjectId, expiresAt: block.expiresAt },
    );
  });
}

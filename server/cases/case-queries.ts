/**
 * What the console reads about cases: the list (cases still being worked first, by deadline; then
 * the closed ones, newest raised first; keyset pages, each group read on risk_cases' indexes) and
 * one case with its items (keyset pages), payments, timeline, subjects and exports.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { payments, riskCaseEntries, riskCaseItems, riskCases, riskListEntries } from "@/db/schema";
import { DomainError } from "../errors";
import { IN_FORCE } from "../risk/lists";
import { listCaseExports } from "./case-export";
import { paymentsOfItems, subjectColumns, type ItemPayments } from "./case-payments";
import type { CaseStatus } from "./case-workflow";

/** Still being worked on: listed first, by deadline (no deadline last). */
export const ACTIVE_STATUSES = ["OPEN", "INVESTIGATING"] as const satisfies CaseStatus[];
/** Done: listed after, newest raised first. */
export const CLOSED_STATUSES = ["CONCLUDED", "COMMUNICATED"] as const satisfies CaseStatus[];

type Group = "active" | "closed";

/** Still open or under investigation, and past its deadline. */
export function isCaseOverdue(
  row: { status: CaseStatus; deadline: Date | null },
  now = new Date(),
): boolean {
  return (
    (ACTIVE_STATUSES as readonly CaseStatus[]).includes(row.status) &&
    row.deadline !== null &&
    row.deadline.getTime() < now.getTime()
  );
}

interface Cursor {
  group: Group;
  /** The last row's deadline (active) or raisedAt (closed), ISO; null for no deadline. */
  at: string | null;
  caseId: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<Cursor>;
    if (
      (value.group === "active" || value.group === "closed") &&
      typeof value.caseId === "string" &&
      (value.at === null || (typeof value.at === "string" && !Number.isNaN(Date.parse(value.at))))
    ) {
      return { group: value.group, at: value.at, caseId: value.caseId };
    }
  } catch {
    // fall through
  }
  throw new DomainError("invalid", "the page cursor is not valid");
}

export interface CaseListRow {
  caseId: string;
  source: "MANUAL" | "CSV" | "API";
  status: CaseStatus;
  raisedAt: Date;
  deadline: Date | null;
  reason: string;
  finding: string | null;
  items: number;
  /** Still open or under investigation, and past its deadline. */
  overdue: boolean;
}

const listColumns = {
  caseId: riskCases.caseId,
  source: riskCases.source,
  status: riskCases.status,
  raisedAt: riskCases.raisedAt,
  deadline: riskCases.deadline,
  reason: riskCases.reason,
  finding: riskCases.finding,
  // Spelled out: Drizzle writes a lone table's columns unqualified, which inside the subquery
  // would name risk_case_items' own case_id. Counted on risk_case_items (case_id).
  items:
    sql<number>`(select count(*) from risk_case_items i where i.case_id = risk_cases.case_id)`.mapWith(
      Number,
    ),
};

async function readGroup(
  db: DbOrTx,
  group: Group,
  statuses: readonly CaseStatus[],
  after: Cursor | null,
  limit: number,
) {
  const conditions: (SQL | undefined)[] = [inArray(riskCases.status, [...statuses])];
  if (group === "active") {
    if (after) {
      conditions.push(
        after.at === null
          ? and(isNull(riskCases.deadline), gt(riskCases.caseId, after.caseId))
          : or(
              gt(riskCases.deadline, new Date(after.at)),
              and(eq(riskCases.deadline, new Date(after.at)), gt(riskCases.caseId, after.caseId)),
              isNull(riskCases.deadline),
            ),
      );
    }
    return db
      .select(listColumns)
      .from(riskCases)
      .where(and(...conditions))
      .orderBy(sql`${riskCases.deadline} asc nulls last`, asc(riskCases.caseId))
      .limit(limit);
  }
  if (after) {
    const at = new Date(after.at ?? 0);
    conditions.push(
      or(
        lt(riskCases.raisedAt, at),
        and(eq(riskCases.raisedAt, at), gt(riskCases.caseId, after.caseId)),
      ),
    );
  }
  return db
    .select(listColumns)
    .from(riskCases)
    .where(and(...conditions))
    .orderBy(desc(riskCases.raisedAt), asc(riskCases.caseId))
    .limit(limit);
}

export async function listCases(
  db: DbOrTx,
  filter: { status?: CaseStatus; cursor?: string; limit: number },
  now = new Date(),
): Promise<{ rows: CaseListRow[]; nextCursor: string | null }> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  const plan: { group: Group; statuses: readonly CaseStatus[] }[] = filter.status
    ? [
        {
          group: (ACTIVE_STATUSES as readonly CaseStatus[]).includes(filter.status)
            ? "active"
            : "closed",
          statuses: [filter.status],
        },
      ]
    : [
        { group: "active", statuses: ACTIVE_STATUSES },
        { group: "closed", statuses: CLOSED_STATUSES },
      ];
  const start = after ? plan.findIndex((step) => step.group === after.group) : 0;
  if (start === -1) throw new DomainError("invalid", "the page cursor is not valid");

  const rows: (CaseListRow & { group: Group })[] = [];
  for (const [index, step] of plan.entries()) {
    if (index < start || rows.length > filter.limit) continue;
    const read = await readGroup(
      db,
      step.group,
      step.statuses,
      index === start ? after : null,
      filter.limit + 1 - rows.length,
    );
    for (const row of read) {
      rows.push({
        ...row,
        group: step.group,
        overdue: isCaseOverdue(row, now),
      });
    }
  }
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > filter.limit && last
      ? encodeCursor({
          group: last.group,
          at:
            last.group === "active"
              ? (last.deadline?.toISOString() ?? null)
              : last.raisedAt.toISOString(),
          caseId: last.caseId,
        })
      : null;
  return { rows: page.map(({ group: _group, ...row }) => row), nextCursor };
}

/** Items per page of the case page, and payments shown per windowed item there. */
export const CASE_ITEMS_PAGE = 50;
export const CASE_PAGE_PAYMENTS_PER_ITEM = 5;
/** Timeline entries shown (newest first) and subjects offered for blocking, per kind. */
export const CASE_TIMELINE_SHOWN = 200;
export const CASE_SUBJECTS_SHOWN = 100;

export interface CaseSubject {
  subjectId: string;
  /** On the block list right now. */
  blocked: boolean;
}

export async function findCase(db: DbOrTx, caseId: string, options: { itemsAfter?: bigint } = {}) {
  const [row] = await db.select().from(riskCases).where(eq(riskCases.caseId, caseId));
  if (!row) throw new DomainError("not_found", `case ${caseId} does not exist`);

  const [itemTotal] = await db
    .select({ n: count() })
    .from(riskCaseItems)
    .where(eq(riskCaseItems.caseId, caseId));
  const itemRows = await db
    .select()
    .from(riskCaseItems)
    .where(
      and(
        eq(riskCaseItems.caseId, caseId),
        options.itemsAfter === undefined ? undefined : gt(riskCaseItems.id, options.itemsAfter),
      ),
    )
    .orderBy(asc(riskCaseItems.id))
    .limit(CASE_ITEMS_PAGE + 1);
  const items = itemRows.slice(0, CASE_ITEMS_PAGE);
  const found = await paymentsOfItems(db, row.raisedAt, items, CASE_PAGE_PAYMENTS_PER_ITEM);

  const timeline = await db
    .select()
    .from(riskCaseEntries)
    .where(eq(riskCaseEntries.caseId, caseId))
    .orderBy(desc(riskCaseEntries.id))
    .limit(CASE_TIMELINE_SHOWN);

  return {
    case: row,
    itemCount: itemTotal?.n ?? 0,
    items: items.map((item) => ({ ...item, found: found.get(item.id) as ItemPayments })),
    nextItemsAfter: itemRows.length > CASE_ITEMS_PAGE ? (items.at(-1)?.id ?? null) : null,
    timeline,
    exports: await listCaseExports(db, caseId),
    customers: await caseSubjects(db, caseId, "CUSTOMER"),
    devices: await caseSubjects(db, caseId, "DEVICE"),
  };
}

/**
 * The customers or devices a case's block buttons offer: named by an item, or the payer / device
 * of a payment an item names (the same set blockCaseSubject accepts), with whether each is on the
 * block list now.
 */
async function caseSubjects(
  db: DbOrTx,
  caseId: string,
  subjectType: "CUSTOMER" | "DEVICE",
): Promise<CaseSubject[]> {
  const { itemColumn, paymentColumn } = subjectColumns(subjectType);
  const named = db
    .select({ subjectId: sql<string>`${itemColumn}`.as("subject_id") })
    .from(riskCaseItems)
    .where(and(eq(riskCaseItems.caseId, caseId), isNotNull(itemColumn)));
  const paid = db
    .select({ subjectId: sql<string>`${paymentColumn}`.as("subject_id") })
    .from(riskCaseItems)
    .innerJoin(payments, eq(payments.paymentRequestId, riskCaseItems.paymentRequestId))
    .where(and(eq(riskCaseItems.caseId, caseId), isNotNull(paymentColumn)));
  const subjects = await named
    .union(paid)
    .orderBy(sql`subject_id`)
    .limit(CASE_SUBJECTS_SHOWN);
  const ids = subjects.map((subject) => subject.subjectId);
  if (ids.length === 0) return [];
  const blocked = await db
    .select({ subjectId: riskListEntries.subjectId })
    .from(riskListEntries)
    .where(
      and(
        eq(riskListEntries.list, "BLOCK"),
        eq(riskListEntries.subjectType, subjectType),
        inArray(riskListEntries.subjectId, ids),
        IN_FORCE,
      ),
    );
  const blockedIds = new Set(blocked.map((entry) => entry.subjectId));
  return ids.map((subjectId) => ({ subjectId, blocked: blockedIds.has(subjectId) }));
}

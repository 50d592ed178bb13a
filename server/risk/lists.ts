/**
 * Block and allow lists (docs/protocol.md#risk-rules, console "Lists"): customers, devices and
 * merchants, each entry with a reason and an optional expiry. The risk decision reads them in its
 * signal query (server/risk/signals.ts); an expired entry simply stops matching. Every change is
 * audited.
 */
import { and, asc, desc, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { riskListEntries } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";

/** An entry in force: without expiry, or expiring later than now. */
export const IN_FORCE = or(
  isNull(riskListEntries.expiresAt),
  gt(riskListEntries.expiresAt, sql`now()`),
);

export const LIST_KINDS = ["BLOCK", "ALLOW"] as const;
export const LIST_SUBJECT_TYPES = ["CUSTOMER", "DEVICE", "MERCHANT"] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export type ListSubjectType = (typeof LIST_SUBJECT_TYPES)[number];

export interface ListEntryInput {
  list: ListKind;
  subjectType: ListSubjectType;
  subjectId: string;
  reason: string;
  expiresAt: Date | null;
}

export type ListEntry = typeof riskListEntries.$inferSelect;

function auditShape(entry: ListEntry) {
  return {
    list: entry.list,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    reason: entry.reason,
    expiresAt: entry.expiresAt,
  };
}

/**
 * Adds an entry, or replaces the reason and expiry of the same subject on the same list (one row
 * per list and subject: a unique key). Runs inside the caller's transaction when given one, so a
 * review or case action and its block commit together.
 */
export async function putListEntry(
  db: DbOrTx,
  actor: StaffActor,
  input: ListEntryInput,
): Promise<ListEntry> {
  const subjectId = input.subjectId.trim();
  const reason = input.reason.trim();
  if (!subjectId) throw new DomainError("invalid", "the subject id is empty");
  if (!reason) throw new DomainError("invalid", "a reason is required");
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new DomainError("invalid", "the expiry is in the past");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(riskListEntries)
      .where(
        and(
          eq(riskListEntries.list, input.list),
          eq(riskListEntries.subjectType, input.subjectType),
          eq(riskListEntries.subjectId, subjectId),
        ),
      )
      .for("update");
    const [after] = await tx
      .insert(riskListEntries)
      .values({ ...input, subjectId, reason, createdBy: actor.email })
      .onConflictDoUpdate({
        target: [riskListEntries.list, riskListEntries.subjectType, riskListEntries.subjectId],
        set: { reason, expiresAt: input.expiresAt, createdAt: sql`now()`, createdBy: actor.email },
      })
      .returning();
    await recordStaffAction(tx, actor, {
      action: before ? "lists.update" : "lists.add",
      subjectType: "list-entry",
      subjectId: `${input.list}:${input.subjectType}:${subjectId}`,
      before: before ? auditShape(before) : undefined,
      after: auditShape(after!),
    });
    return after!;
  });
}

export async function removeListEntry(db: DbOrTx, actor: StaffActor, id: bigint): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(riskListEntries)
      .where(eq(riskListEntries.id, id))
      .returning();
    if (!removed) throw new DomainError("not_found", `list entry ${id} does not exist`);
    await recordStaffAction(tx, actor, {
      action: "lists.remove",
      subjectType: "list-entry",
      subjectId: `${removed.list}:${removed.subjectType}:${removed.subjectId}`,
      before: auditShape(removed),
    });
  });
}

export interface ListFilter {
  list?: ListKind;
  subjectType?: ListSubjectType;
  /** Exact subject id. */
  subjectId?: string;
  /** Include entries whose expiry has passed (default: only those in force). */
  includeExpired?: boolean;
  /** Keyset: entries with a smaller id. */
  beforeId?: bigint;
  limit: number;
}

/** Newest first, keyset-paginated by id. */
export async function listListEntries(
  db: DbOrTx,
  filter: ListFilter,
): Promise<{ rows: ListEntry[]; nextBeforeId: bigint | null }> {
  const conditions: (SQL | undefined)[] = [
    filter.list && eq(riskListEntries.list, filter.list),
    filter.subjectType && eq(riskListEntries.subjectType, filter.subjectType),
    filter.subjectId ? eq(riskListEntries.subjectId, filter.subjectId.trim()) : undefined,
    filter.includeExpired ? undefined : IN_FORCE,
    filter.beforeId === undefined ? undefined : sql`${riskListEntries.id} < ${filter.beforeId}`,
  ];
  const rows = await db
    .select()
    .from(riskListEntries)
    .where(and(...conditions))
    .orderBy(desc(riskListEntries.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextBeforeId: rows.length > filter.limit ? page.at(-1)!.id : null };
}

/** The entries in force naming one subject (investigation pages show them). */
export function listEntriesFor(
  db: DbOrTx,
  subjectType: ListSubjectType,
  subjectId: string,
): Promise<ListEntry[]> {
  return db
    .select()
    .from(riskListEntries)
    .where(
      and(
        eq(riskListEntries.subjectType, subjectType),
        eq(riskListEntries.subjectId, subjectId),
        IN_FORCE,
      ),
    )
    .orderBy(asc(riskListEntries.list));
}

/**
 * The staff audit log (README "Staff console"): every staff action that changes something writes
 * one row in the same transaction as the change, so a change without its audit row cannot commit.
 * The table is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */
import { and, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { staffAuditLog } from "@/db/schema";
import type { StaffRole } from "../auth/staff-permissions";

/** Who is acting: the signed-in staff member, as the tRPC context resolved them. */
export interface StaffActor {
  staffId: string;
  email: string;
  role: StaffRole;
}

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** JSON has no bigint: amounts and ids are kept as their decimal strings. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  );
}

export async function recordStaffAction(
  db: DbOrTx,
  actor: StaffActor,
  entry: AuditEntry,
): Promise<void> {
  await db.insert(staffAuditLog).values({
    actorStaffId: actor.staffId,
    actorEmail: actor.email,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: toJson(entry.before),
    after: toJson(entry.after),
  });
}

export interface AuditLogFilter {
  /** Matches the actor's email, the action or the subject id (case-insensitive substring). */
  search?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** Keyset: entries older than this id. */
  beforeId?: bigint;
  limit: number;
}

export interface AuditLogRow {
  id: bigint;
  at: Date;
  actorEmail: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

/** Newest first, keyset-paginated by id (the id order is the insertion order). */
export async function listAuditLog(
  db: DbOrTx,
  filter: AuditLogFilter,
): Promise<{ rows: AuditLogRow[]; nextBeforeId: bigint | null }> {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(staffAuditLog.action, filter.action));
  if (filter.subjectType) conditions.push(eq(staffAuditLog.subjectType, filter.subjectType));
  if (filter.subjectId) conditions.push(eq(staffAuditLog.subjectId, filter.subjectId));
  if (filter.beforeId !== undefined) conditions.push(lt(staffAuditLog.id, filter.beforeId));
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const matches = or(
      ilike(staffAuditLog.actorEmail, pattern),
      ilike(staffAuditLog.action, pattern),
      ilike(staffAuditLog.subjectId, pattern),
    );
    if (matches) conditions.push(matches);
  }
  const rows = await db
    .select({
      id: staffAuditLog.id,
      at: staffAuditLog.at,
      actorEmail: staffAuditLog.actorEmail,
      action: staffAuditLog.action,
      subjectType: staffAuditLog.subjectType,
      subjectId: staffAuditLog.subjectId,
      before: staffAuditLog.before,
      after: staffAuditLog.after,
    })
    .from(staffAuditLog)
    .where(and(...conditions))
    .orderBy(desc(staffAuditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return {
    rows: page,
    nextBeforeId: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

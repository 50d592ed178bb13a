/**
 * Staff accounts (README "Staff console"): create, invite, change role, disable, change one's own
 * password. The last active admin can be neither demoted nor disabled: the check locks every active
 * admin row first, so two admins demoting each other at once cannot both succeed.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { staffMembers } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from "../auth/passwords";
import type { StaffRole } from "../auth/staff-permissions";

/** Emails compare case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface StaffMemberView {
  staffId: string;
  email: string;
  role: StaffRole;
  disabledAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

const viewColumns = {
  staffId: staffMembers.staffId,
  email: staffMembers.email,
  role: staffMembers.role,
  disabledAt: staffMembers.disabledAt,
  createdAt: staffMembers.createdAt,
  createdBy: staffMembers.createdBy,
};

/**
 * Creates an account with the given password, or a generated one (returned once, never stored in
 * clear). `createdBy` is the acting staff member (audited) or a label for the CLI and the demo.
 */
export async function createStaffMember(
  db: Db,
  input: { email: string; role: StaffRole; password?: string },
  createdBy: StaffActor | string,
): Promise<{ staff: StaffMemberView; password: string }> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) throw new DomainError("invalid", `email "${input.email}" is not valid`);
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password);
  if (problem) throw new DomainError("invalid", `password ${problem}`);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(staffMembers)
      .values({
        staffId: randomUUID(),
        email,
        role: input.role,
        passwordHash,
        createdBy: typeof createdBy === "string" ? createdBy : createdBy.email,
      })
      .onConflictDoNothing()
      .returning(viewColumns);
    if (!created) throw new DomainError("conflict", `${email} already has an account`);
    if (typeof createdBy !== "string") {
      await recordStaffAction(tx, createdBy, {
        action: "staff.invite",
        subjectType: "staff",
        subjectId: created.staffId,
        after: { email, role: input.role },
      });
    }
    return { staff: created, password };
  });
}

export function listStaff(db: DbOrTx): Promise<StaffMemberView[]> {
  return db.select(viewColumns).from(staffMembers).orderBy(asc(staffMembers.email));
}

/** What a staff session carries (server/auth/config.ts): who, and when they signed in. */
export interface StaffSessionClaims {
  staffId: string;
  /** Epoch milliseconds, the database's clock at sign-in. */
  signedInAt: number;
  /** Random, per sign-in; absent from sessions begun before it existed. */
  sessionId?: string;
}

/**
 * The account behind a session, if it still exists, is enabled and has not signed out since the
 * session began (read on every request).
 */
export async function findActiveStaff(
  db: DbOrTx,
  session: StaffSessionClaims,
): Promise<StaffActor | null> {
  const startedAfterSignOut = or(
    isNull(staffMembers.signedOutAt),
    lt(staffMembers.signedOutAt, new Date(session.signedInAt)),
    session.sessionId === undefined ? undefined : eq(staffMembers.keptSessionId, session.sessionId),
  );
  const [row] = await db
    .select({ staffId: staffMembers.staffId, email: staffMembers.email, role: staffMembers.role })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.staffId, session.staffId),
        isNull(staffMembers.disabledAt),
        startedAfterSignOut,
      ),
    );
  return row ?? null;
}

/**
 * Ends every session of the account that began before now: its cookies, and any copy of them, are
 * refused from the next request on, whatever a request still in flight sets.
 */
export async function signOutStaff(db: DbOrTx, staffId: string): Promise<void> {
  await db
    .update(staffMembers)
    .set({ signedOutAt: sql`now()`, keptSessionId: null })
    .where(eq(staffMembers.staffId, staffId));
}

/** Locks the target and every active admin; refuses a change that would leave no admin. */
async function lockForAdminChange(
  tx: DbOrTx,
  staffId: string,
  leavesAdmin: boolean,
): Promise<StaffMemberView> {
  const admins = await tx
    .select({ staffId: staffMembers.staffId })
    .from(staffMembers)
    .where(and(eq(staffMembers.role, "ADMIN"), isNull(staffMembers.disabledAt)))
    .orderBy(asc(staffMembers.staffId))
    .for("update");
  const [target] = await tx
    .select(viewColumns)
    .from(staffMembers)
    .where(eq(staffMembers.staffId, staffId))
    .for("update");
  if (!target) throw new DomainError("not_found", `staff member ${staffId} does not exist`);
  const isActiveAdmin = admins.some((admin) => admin.staffId === staffId);
  if (isActiveAdmin && !leavesAdmin && admins.length === 1)
    throw new DomainError("conflict", "the last admin cannot be removed");
  return target;
}

export async function changeStaffRole(
  db: DbOrTx,
  actor: StaffActor,
  staffId: string,
  role: StaffRole,
): Promise<StaffMemberView> {
  return db.transaction(async (tx) => {
    const before = await lockForAdminChange(tx, staffId, role === "ADMIN");
    const [after] = await tx
      .update(staffMembers)
      .set({ role })
      .where(eq(staffMembers.staffId, staffId))
      .returning(viewColumns);
    await recordStaffAction(tx, actor, {
      action: "staff.change-role",
      subjectType: "staff",
      subjectId: staffId,
      before: { email: before.email, role: before.role },
      after: { email: before.email, role },
    });
    return after!;
  });
}

export async function setStaffDisabled(
  db: DbOrTx,
  actor: StaffActor,
  staffId: string,
  disabled: boolean,
): Promise<StaffMemberView> {
  if (disabled && staffId === actor.staffId)
    throw new DomainError("forbidden", "you cannot disable your own account");
  return db.transaction(async (tx) => {
    const before = await lockForAdminChange(tx, staffId, !disabled);
    // Disabling also signs the account out: enabling it again revives none of its old sessions.
    const [after] = await tx
      .update(staffMembers)
      .set(
        disabled
          ? {
              disabledAt: before.disabledAt ?? new Date(),
              signedOutAt: sql`now()`,
              keptSessionId: null,
            }
          : { disabledAt: null },
      )
      .where(eq(staffMembers.staffId, staffId))
      .returning(viewColumns);
    await recordStaffAction(tx, actor, {
      action: disabled ? "staff.disable" : "staff.enable",
      subjectType: "staff",
      subjectId: staffId,
      before: { email: before.email, disabledAt: before.disabledAt },
      after: { email: before.email, disabledAt: after!.disabledAt },
    });
    return after!;
  });
}

/**
 * Changes the caller's password and ends every other session of the account (whoever held one
 * knew the old password). The caller's own, `keepSessionId`, goes on; without one (a session from
 * before session ids) it ends too.
 */
export async function changeOwnPassword(
  db: Db,
  actor: StaffActor,
  currentPassword: string,
  newPassword: string,
  keepSessionId?: string,
): Promise<void> {
  const problem = passwordProblem(newPassword);
  if (problem) throw new DomainError("invalid", `new password ${problem}`);
  const [row] = await db
    .select({ passwordHash: staffMembers.passwordHash })
    .from(staffMembers)
    .where(eq(staffMembers.staffId, actor.staffId));
  if (!row || !(await verifyPassword(row.passwordHash, currentPassword)))
    throw new DomainError("invalid", "the current password is not right");
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(staffMembers)
      .set({
        passwordHash,
        passwordChangedAt: sql`now()`,
        signedOutAt: sql`now()`,
        keptSessionId: keepSessionId ?? null,
      })
      .where(eq(staffMembers.staffId, actor.staffId));
    await recordStaffAction(tx, actor, {
      action: "staff.change-password",
      subjectType: "staff",
      subjectId: actor.staffId,
    });
  });
}

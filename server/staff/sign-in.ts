/**
 * Staff sign-in (README "Staff console"): email + password against the argon2id hash, rate-limited
 * by the failures recorded in Postgres (so every app instance counts the same ones): at most
 * FAILURES_PER_EMAIL failed attempts per address and FAILURES_PER_CLIENT per client address within
 * FAILURE_WINDOW_MS; past that even the right password is refused until the window moves on.
 *
 * Concurrent guesses cannot slip past the count: under a lock per email address and per client
 * address, an attempt counts the failures and records itself as one before its password is
 * checked, so the sixth of twenty simultaneous guesses already sees five. The right password then
 * takes its own record back. The check itself runs after the lock is released, so a flood of
 * guesses never holds database connections for the length of an argon2 hash.
 */
import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { staffMembers, staffSignInFailures } from "@/db/schema";
import type { StaffActor } from "../audit/audit-log";
import {
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  verifyPassword,
} from "../auth/passwords";
import { normalizeEmail } from "./staff-members";

export const FAILURES_PER_EMAIL = 5;
export const FAILURES_PER_CLIENT = 30;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; staff: StaffActor; signedInAt: Date; sessionId: string }
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Verified against when the email is unknown or disabled, so such an address takes as long as a
 * wrong password (no account enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;

export async function signInStaff(
  db: Db,
  input: { email: string; password: string; clientAddress: string },
): Promise<SignInResult> {
  const email = normalizeEmail(input.email).slice(0, 320);
  const { clientAddress } = input;
  const attempt = await db.transaction(async (tx) => {
    // Every attempt takes the email's lock, then the client's: two attempts never deadlock.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${"sign-in-email:" + email}, 0))`,
    );
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${"sign-in-client:" + clientAddress}, 0))`,
    );
    const since = new Date(Date.now() - FAILURE_WINDOW_MS);
    const [recent] = await tx
      .select({
        byEmail: sql<number>`count(*) filter (where ${staffSignInFailures.email} = ${email})::int`,
        byClient: sql<number>`count(*) filter (where ${staffSignInFailures.clientAddress} = ${clientAddress})::int`,
      })
      .from(staffSignInFailures)
      .where(
        and(
          gt(staffSignInFailures.at, since),
          or(
            eq(staffSignInFailures.email, email),
            eq(staffSignInFailures.clientAddress, clientAddress),
          ),
        ),
      );
    if (
      (recent?.byEmail ?? 0) >= FAILURES_PER_EMAIL ||
      (recent?.byClient ?? 0) >= FAILURES_PER_CLIENT
    )
      return null;
    const [failure] = await tx
      .insert(staffSignInFailures)
      .values({ email, clientAddress })
      .returning({ id: staffSignInFailures.id });
    const [staff] = await tx
      .select({
        staffId: staffMembers.staffId,
        email: staffMembers.email,
        role: staffMembers.role,
        passwordHash: staffMembers.passwordHash,
      })
      .from(staffMembers)
      .where(and(eq(staffMembers.email, email), isNull(staffMembers.disabledAt)));
    return { failureId: failure!.id, staff };
  });
  if (!attempt) return { ok: false, reason: "rate_limited" };

  const { failureId, staff } = attempt;
  const password = input.password.slice(0, MAX_PASSWORD_LENGTH + 1);
  decoyHash ??= hashPassword(generatePassword());
  const valid = await verifyPassword(staff?.passwordHash ?? (await decoyHash), password);
  if (!staff || !valid) return { ok: false, reason: "invalid" };
  // The right password: this attempt was no failure after all. The session begins at the
  // database's clock, the one a sign-out is stamped with (signOutStaff), now that it is known.
  await db.delete(staffSignInFailures).where(eq(staffSignInFailures.id, failureId));
  const [session] = await db
    .select({ signedInAt: sql`now()`.mapWith(staffMembers.createdAt) })
    .from(staffMembers)
    .where(eq(staffMembers.staffId, staff.staffId));
  return {
    ok: true,
    staff: { staffId: staff.staffId, email: staff.email, role: staff.role },
    signedInAt: session!.signedInAt,
    sessionId: randomUUID(),
  };
}

/**
 * Staff accounts (README "Staff console"): `npm run staff:create` as a child process, the
 * sign-in rate limit, the last admin, one's own password. The audit log's append-only rule:
 * e2e/platform/append-only.test.ts.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { staffAuditLog, staffMembers, staffSignInFailures } from "@/db/schema";
import { verifyPassword } from "@/server/auth/passwords";
import { DomainError } from "@/server/errors";
import { FAILURES_PER_EMAIL, signInStaff } from "@/server/staff/sign-in";
import { changeStaffRole, setStaffDisabled } from "@/server/staff/staff-members";
import { createCaller } from "@/server/trpc/root";
import { database, uniqueId } from "../fixtures/gateway";
import { actorOf, createStaffAccount, staffCaller, type StaffAccount } from "../fixtures/staff";

const root = path.resolve(import.meta.dirname, "../..");
const { db } = database;

function staffCreate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["server/cli/staff-create.ts", ...args],
      { cwd: root, env: { ...process.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function storedStaff(email: string) {
  const [row] = await db.select().from(staffMembers).where(eq(staffMembers.email, email));
  return row;
}

describe("npm run staff:create", () => {
  it("creates an account with the given password, case-folding the email", async () => {
    const email = `${uniqueId("cli")}@plusdesk.test`;
    const result = await staffCreate(
      email.toUpperCase(),
      "analyst",
      "--password",
      "a long enough pass",
    );
    expect(result).toMatchObject({ code: 0, stdout: `created analyst ${email}\n` });
    const row = await storedStaff(email);
    expect(row?.role).toBe("ANALYST");
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash, "a long enough pass")).toBe(true);
  });

  it("generates a password and prints it once as `password: …`", async () => {
    const email = `${uniqueId("cli")}@plusdesk.test`;
    const result = await staffCreate(email, "viewer");
    expect(result.code).toBe(0);
    const printed = /^password: (\S+)$/m.exec(result.stdout)?.[1];
    expect(printed).toHaveLength(20);
    expect(await verifyPassword((await storedStaff(email))!.passwordHash, printed!)).toBe(true);
  });

  it.each([
    [["x@plusdesk.test", "superuser"], 2, /role must be viewer, analyst or admin/],
    [["x@plusdesk.test"], 2, /expected <email> <role>/],
    [["x@plusdesk.test", "admin", "--password"], 2, /--password needs a value/],
    [["not-an-email", "admin"], 1, /email "not-an-email" is not valid/],
    [["short@plusdesk.test", "admin", "--password", "elevenchars"], 1, /at least 12 characters/],
  ])("refuses %j (exit %i)", async (args, code, message) => {
    const result = await staffCreate(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it("refuses an address that already has an account", async () => {
    const account = await createStaffAccount("VIEWER", "cli-taken");
    const result = await staffCreate(account.email, "admin");
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toContain("already has an account");
    expect((await storedStaff(account.email))?.role).toBe("VIEWER");
  });
});

/** A session begun by a real sign-in, as the tRPC router sees it. */
/** A signed-in caller; `withoutSessionId`: as a session begun before session ids existed. */
async function sessionOf(account: StaffAccount, { withoutSessionId = false } = {}) {
  const result = await signInStaff(db, {
    email: account.email,
    password: account.password,
    clientAddress: uniqueId("ip"),
  });
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return createCaller({
    db,
    session: {
      staff: {
        staffId: account.staffId,
        signedInAt: result.signedInAt.getTime(),
        ...(!withoutSessionId && { sessionId: result.sessionId }),
      },
      expires: new Date(Date.now() + 60_000).toISOString(),
    },
  });
}

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one or an unknown address alike", async () => {
    const account = await createStaffAccount("ANALYST", "sign-in-unit");
    const clientAddress = uniqueId("ip");
    expect(
      await signInStaff(db, { email: account.email, password: account.password, clientAddress }),
    ).toEqual({
      ok: true,
      staff: actorOf(account),
      signedInAt: expect.any(Date) as Date,
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
    });
    expect(
      await signInStaff(db, { email: account.email, password: "wrong password!", clientAddress }),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(
      await signInStaff(db, {
        email: `${uniqueId("nobody")}@x.test`,
        password: "whatever12345",
        clientAddress,
      }),
    ).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks an address after ${FAILURES_PER_EMAIL} failures, even for the right password`, async () => {
    const account = await createStaffAccount("ANALYST", "rate-limit");
    const attempt = (password: string) =>
      signInStaff(db, { email: account.email, password, clientAddress: uniqueId("ip") });
    // Concurrent wrong guesses all count (they are rows, not an in-memory counter).
    const wrong = await Promise.all(
      Array.from({ length: FAILURES_PER_EMAIL }, (_, i) => attempt(`wrong password ${i}`)),
    );
    expect(wrong.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(await attempt(account.password)).toEqual({ ok: false, reason: "rate_limited" });
    // Once the failures are older than the window, the right password works again.
    await db
      .update(staffSignInFailures)
      .set({ at: sql`now() - interval '16 minutes'` })
      .where(eq(staffSignInFailures.email, account.email));
    expect(await attempt(account.password)).toMatchObject({ ok: true });
  });

  it("a sign-out ends every session begun before it, with or without its cookie", async () => {
    const account = await createStaffAccount("VIEWER", "sign-out");
    const signIn = () => sessionOf(account);
    const laptop = await signIn();
    const phone = await signIn();
    expect(await laptop.staff.me()).toEqual(actorOf(account));
    await laptop.staff.signOut();
    // What a re-issued or copied cookie of either session would present now.
    for (const session of [laptop, phone])
      await expect(session.staff.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(laptop.staff.signOut()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // Signing in again starts a session the earlier sign-out does not touch.
    expect(await (await signIn()).staff.me()).toEqual(actorOf(account));
  });

  it("a disable ends the account's sessions: enabling it again revives none", async () => {
    const admin = await createStaffAccount("ADMIN", "disable-ends");
    const account = await createStaffAccount("VIEWER", "disable-ends-target");
    const session = await sessionOf(account);
    await setStaffDisabled(db, actorOf(admin), account.staffId, true);
    await setStaffDisabled(db, actorOf(admin), account.staffId, false);
    await expect(session.staff.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await (await sessionOf(account)).staff.me()).toEqual(actorOf(account));
  });

  it("a password change ends every other session; the changer's own goes on until it signs out", async () => {
    const account = await createStaffAccount("VIEWER", "password-ends");
    const [laptop, phone] = [await sessionOf(account), await sessionOf(account)];
    await laptop.staff.changeOwnPassword({
      currentPassword: account.password,
      newPassword: "a brand new password",
    });
    await expect(phone.staff.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // The laptop's cookie, re-issued by a request that was in flight meanwhile, is still good.
    expect(await laptop.staff.me()).toEqual(actorOf(account));
    const again = await sessionOf({ ...account, password: "a brand new password" });
    expect(await again.staff.me()).toEqual(actorOf(account));
    // A sign-out ends the kept session with the others.
    await again.staff.signOut();
    for (const session of [laptop, again])
      await expect(session.staff.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a session from before session ids ends with a password change, its own included", async () => {
    const account = await createStaffAccount("VIEWER", "password-ends-old");
    const old = await sessionOf(account, { withoutSessionId: true });
    await old.staff.changeOwnPassword({
      currentPassword: account.password,
      newPassword: "a brand new password",
    });
    await expect(old.staff.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a disabled account", async () => {
    const admin = await createStaffAccount("ADMIN", "disabler");
    const account = await createStaffAccount("VIEWER", "disabled");
    await setStaffDisabled(db, actorOf(admin), account.staffId, true);
    expect(
      await signInStaff(db, {
        email: account.email,
        password: account.password,
        clientAddress: uniqueId("ip"),
      }),
    ).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("staff management", () => {
  it("never leaves the console without an active admin, even under concurrent demotions", async () => {
    const a = await createStaffAccount("ADMIN", "last-admin-a");
    const b = await createStaffAccount("ADMIN", "last-admin-b");
    // Other tests' admins exist too: demote every other active admin inside this test's view by
    // checking only the invariant: after both concurrent demotions, at least one admin is left.
    const results = await Promise.allSettled([
      changeStaffRole(db, actorOf(a), b.staffId, "ANALYST"),
      changeStaffRole(db, actorOf(b), a.staffId, "ANALYST"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    const [{ admins }] = (await db.execute(
      sql`select count(*)::int as admins from staff_members where role = 'ADMIN' and disabled_at is null`,
    )) as unknown as [{ admins: number }];
    expect(admins).toBeGreaterThanOrEqual(1);
  });

  it("refuses to demote or disable the only active admin", async () => {
    // Other tests' admins share this database: inside one transaction every other admin is
    // disabled, the rule is tried, and the whole transaction is rolled back.
    const only = await createStaffAccount("ADMIN", "only-admin");
    const someoneElse = await createStaffAccount("VIEWER", "only-admin-colleague");
    const outcome: { demote?: unknown; disable?: unknown } = {};
    await db
      .transaction(async (tx) => {
        await tx
          .update(staffMembers)
          .set({ disabledAt: new Date() })
          .where(
            sql`${staffMembers.role} = 'ADMIN' and ${staffMembers.staffId} <> ${only.staffId}`,
          );
        outcome.demote = await changeStaffRole(tx, actorOf(only), only.staffId, "VIEWER").catch(
          (error: unknown) => error,
        );
        outcome.disable = await setStaffDisabled(
          tx,
          actorOf(someoneElse),
          only.staffId,
          true,
        ).catch((error: unknown) => error);
        tx.rollback();
      })
      .catch(() => undefined);
    for (const refusal of [outcome.demote, outcome.disable]) {
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({
        kind: "conflict",
        message: "the last admin cannot be removed",
      });
    }
    expect((await storedStaff(only.email))?.role).toBe("ADMIN");
  });

  it("invites with a generated password shown once, and audits role changes with before and after", async () => {
    const admin = await createStaffAccount("ADMIN", "inviter");
    const api = await staffCaller(admin);
    const email = `${uniqueId("invitee")}@plusdesk.test`;
    const invited = await api.staff.invite({ email, role: "VIEWER" });
    expect(invited.password).toHaveLength(20);
    await api.staff.changeRole({ staffId: invited.staff.staffId, role: "ANALYST" });
    const audit = await db
      .select({
        action: staffAuditLog.action,
        before: staffAuditLog.before,
        after: staffAuditLog.after,
      })
      .from(staffAuditLog)
      .where(eq(staffAuditLog.subjectId, invited.staff.staffId))
      .orderBy(staffAuditLog.id);
    expect(audit).toEqual([
      { action: "staff.invite", before: null, after: { email, role: "VIEWER" } },
      {
        action: "staff.change-role",
        before: { email, role: "VIEWER" },
        after: { email, role: "ANALYST" },
      },
    ]);
  });

  it("lets staff change their own password only with the current one", async () => {
    const viewer = await createStaffAccount("VIEWER", "own-password");
    const api = await staffCaller(viewer);
    await expect(
      api.staff.changeOwnPassword({
        currentPassword: "not it at all",
        newPassword: "a brand new password",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      api.staff.changeOwnPassword({ currentPassword: viewer.password, newPassword: "short" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "new password must be at least 12 characters",
    });
    await api.staff.changeOwnPassword({
      currentPassword: viewer.password,
      newPassword: "a brand new password",
    });
    expect(
      await signInStaff(db, {
        email: viewer.email,
        password: "a brand new password",
        clientAddress: uniqueId("ip"),
      }),
    ).toMatchObject({ ok: true });
  });
});

/**
 * Every tRPC procedure, table-driven over the whole router (so a new procedure cannot skip it):
 * a staff procedure refuses a signed-out caller, a customer session and every role below its
 * declared permission; a procedure that declares no staff permission must be a customer or a
 * listed public one, and then a staff session gets nothing from it.
 */
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { roleRank, STAFF_PERMISSIONS, STAFF_ROLES } from "@/server/auth/staff-permissions";
import type { ProcedureMeta } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/root";
import { database } from "../fixtures/gateway";
import { createStaffAccount, staffSession, type StaffAccount } from "../fixtures/staff";

/** Procedures anyone may call (liveness only). */
const PUBLIC = new Set(["system.health"]);

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { meta?: ProcedureMeta; type: string } }
  >,
).map(([path, procedure]) => ({
  path,
  meta: procedure._def.meta ?? {},
  type: procedure._def.type,
}));

const session = (extra: Record<string, unknown>) => ({
  ...extra,
  expires: new Date(Date.now() + 60_000).toISOString(),
});

/** Calls a procedure by its dotted path with no input (authorisation runs before input parsing). */
async function callAs(path: string, sessionValue: ReturnType<typeof session> | null) {
  const caller = createCaller({ db: database.db, session: sessionValue });
  const fn = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input?: unknown) => Promise<unknown>)(undefined);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "allowed";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `threw ${String(error)}`;
  }
}

type AccountPerRole = Record<(typeof STAFF_ROLES)[number], StaffAccount>;
const accounts = {} as AccountPerRole;
/** `staff.signOut` really ends the sessions of the account that calls it: it gets its own. */
const signingOut = {} as AccountPerRole;
const accountsFor = (path: string) => (path === "staff.signOut" ? signingOut : accounts);

beforeAll(async () => {
  for (const role of STAFF_ROLES) {
    accounts[role] = await createStaffAccount(role, "permissions");
    signingOut[role] = await createStaffAccount(role, "permissions-sign-out");
  }
});

describe("every procedure declares who may call it", () => {
  it("the router has staff procedures to check", () => {
    expect(procedures.filter((p) => p.meta.permission).length).toBeGreaterThan(3);
  });

  it.each(procedures.map((p) => [p.path, p] as const))("%s", async (path, procedure) => {
    const { permission, customer } = procedure.meta;
    if (!permission) {
      // Not a staff procedure: a customer one, or named public above.
      expect(customer === true || PUBLIC.has(path), `${path} declares no permission`).toBe(true);
      if (customer) {
        for (const role of STAFF_ROLES) {
          expect(await refusal(callAs(path, staffSession(accounts[role].staffId)))).toBe(
            "UNAUTHORIZED",
          );
        }
      }
      return;
    }
    expect(Object.keys(STAFF_PERMISSIONS)).toContain(permission);
    expect(await refusal(callAs(path, null))).toBe("UNAUTHORIZED");
    expect(await refusal(callAs(path, session({ customer: { customerId: "C-anyone" } })))).toBe(
      "UNAUTHORIZED",
    );
    const needed = roleRank(STAFF_PERMISSIONS[permission]);
    for (const role of STAFF_ROLES) {
      const outcome = await refusal(callAs(path, staffSession(accountsFor(path)[role].staffId)));
      if (roleRank(role) < needed) expect(outcome, `${role} on ${path}`).toBe("FORBIDDEN");
      // Allowed roles get past the check: whatever happens next (missing input), it is not a refusal.
      else expect(["UNAUTHORIZED", "FORBIDDEN"], `${role} on ${path}`).not.toContain(outcome);
    }
  });
});

describe("a disabled or demoted account stops at the next call", () => {
  it("disabling refuses the session's next call; demoting narrows it", async () => {
    const admin = await createStaffAccount("ADMIN", "permissions-admin");
    const target = await createStaffAccount("ADMIN", "permissions-target");
    const adminApi = createCaller({
      db: database.db,
      session: staffSession(admin.staffId),
    });
    const targetSession = staffSession(target.staffId);
    expect(await refusal(callAs("staff.list", targetSession))).toBe("allowed");
    await adminApi.staff.changeRole({ staffId: target.staffId, role: "VIEWER" });
    expect(await refusal(callAs("staff.list", targetSession))).toBe("FORBIDDEN");
    expect(await refusal(callAs("staff.me", targetSession))).toBe("allowed");
    await adminApi.staff.setDisabled({ staffId: target.staffId, disabled: true });
    expect(await refusal(callAs("staff.me", targetSession))).toBe("UNAUTHORIZED");
  });
});

/**
 * The Lists procedures (README "Staff console"): add, change (the same put) and remove entries,
 * each audited with before and after; expired entries hidden unless asked for; keyset pages that
 * neither skip nor repeat. On the suite's database, with subject ids of this file's own.
 */
import { TRPCError } from "@trpc/server";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { riskListEntries, staffAuditLog } from "@/db/schema";
import { database, uniqueId } from "../fixtures/gateway";
import { createStaffAccount, staffCaller, type StaffAccount } from "../fixtures/staff";

const { db } = database;
let analyst: StaffAccount;
let viewer: StaffAccount;

beforeAll(async () => {
  analyst = await createStaffAccount("ANALYST", "lists");
  viewer = await createStaffAccount("VIEWER", "lists");
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof TRPCError ? error.code : `not refused: ${String(error)}`;
}

async function auditRows(subjectId: string) {
  return db
    .select()
    .from(staffAuditLog)
    .where(and(eq(staffAuditLog.subjectType, "list-entry"), eq(staffAuditLog.subjectId, subjectId)))
    .orderBy(desc(staffAuditLog.id));
}

describe("list entries", () => {
  it("adds, changes and removes an entry, each audited with before and after", async () => {
    const api = await staffCaller(analyst);
    const device = uniqueId("DEV-LISTS");
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    const added = await api.lists.put({
      list: "BLOCK",
      subjectType: "DEVICE",
      subjectId: ` ${device} `,
      reason: "emulator farm",
      expiresAt: expiresAt.toISOString(),
    });
    expect(added).toMatchObject({
      list: "BLOCK",
      subjectType: "DEVICE",
      subjectId: device,
      reason: "emulator farm",
      expiresAt: expiresAt.toISOString(),
      expired: false,
      createdBy: analyst.email,
    });
    const key = `BLOCK:DEVICE:${device}`;
    expect((await auditRows(key))[0]).toMatchObject({
      action: "lists.add",
      actorEmail: analyst.email,
      before: null,
      after: { reason: "emulator farm", expiresAt: expiresAt.toISOString() },
    });

    const changed = await api.lists.put({
      list: "BLOCK",
      subjectType: "DEVICE",
      subjectId: device,
      reason: "emulator farm, confirmed by case 17",
      expiresAt: null,
    });
    expect(changed).toMatchObject({ id: added.id, expiresAt: null });
    expect((await auditRows(key))[0]).toMatchObject({
      action: "lists.update",
      before: { reason: "emulator farm", expiresAt: expiresAt.toISOString() },
      after: { reason: "emulator farm, confirmed by case 17", expiresAt: null },
    });
    const read = await (await staffCaller(viewer)).lists.list({ subjectId: device });
    expect(read.rows.map((r) => [r.id, r.reason])).toEqual([
      [added.id, "emulator farm, confirmed by case 17"],
    ]);

    await api.lists.remove({ id: added.id });
    expect((await auditRows(key))[0]).toMatchObject({
      action: "lists.remove",
      before: { reason: "emulator farm, confirmed by case 17" },
      after: null,
    });
    expect((await api.lists.list({ subjectId: device, includeExpired: true })).rows).toEqual([]);
    expect(await refusal(api.lists.remove({ id: added.id }))).toBe("NOT_FOUND");
  });

  it("refuses a missing reason, a past expiry and a viewer", async () => {
    const api = await staffCaller(analyst);
    const customer = uniqueId("C-LISTS");
    const entry = {
      list: "ALLOW" as const,
      subjectType: "CUSTOMER" as const,
      subjectId: customer,
      reason: "VIP",
      expiresAt: null,
    };
    expect(await refusal(api.lists.put({ ...entry, reason: "  " }))).toBe("BAD_REQUEST");
    expect(
      await refusal(
        api.lists.put({ ...entry, expiresAt: new Date(Date.now() - 1000).toISOString() }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await refusal((await staffCaller(viewer)).lists.put(entry))).toBe("FORBIDDEN");
    expect((await api.lists.list({ subjectId: customer, includeExpired: true })).rows).toEqual([]);
    expect(await auditRows(`ALLOW:CUSTOMER:${customer}`)).toEqual([]);
  });

  it("hides expired entries unless asked for them", async () => {
    const merchant = uniqueId("M-LISTS");
    // An entry whose expiry has passed (put refuses a past expiry, so it is stored directly).
    await db.insert(riskListEntries).values({
      list: "BLOCK",
      subjectType: "MERCHANT",
      subjectId: merchant,
      reason: "seasonal",
      expiresAt: new Date(Date.now() - 60_000),
      createdBy: "test",
    });
    const api = await staffCaller(viewer);
    expect((await api.lists.list({ subjectId: merchant })).rows).toEqual([]);
    const all = await api.lists.list({ subjectId: merchant, includeExpired: true });
    expect(all.rows).toMatchObject([{ subjectId: merchant, expired: true }]);
    expect(
      (await api.lists.list({ subjectId: merchant, includeExpired: true, list: "ALLOW" })).rows,
    ).toEqual([]);
    expect(
      (await api.lists.list({ subjectId: merchant, includeExpired: true, subjectType: "MERCHANT" }))
        .rows,
    ).toHaveLength(1);
  });

  it("pages newest first by id without skipping or repeating an entry", async () => {
    const api = await staffCaller(analyst);
    const run = uniqueId("PAGE");
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const entry = await api.lists.put({
        list: "BLOCK",
        subjectType: "CUSTOMER",
        subjectId: `${run}-${i}`,
        reason: "pagination",
        expiresAt: null,
      });
      ids.push(entry.id);
    }
    const mine = new Set(ids);
    const oldest = BigInt(ids[0]!);
    const seen: string[] = [];
    let all: string[] = [];
    let beforeId: string | undefined;
    let pages = 0;
    // Other files add entries meanwhile: they are newer than ours and never disturb the cursor.
    for (;;) {
      const page = await api.lists.list({ subjectType: "CUSTOMER", list: "BLOCK", beforeId });
      pages++;
      expect(page.rows.length).toBeLessThanOrEqual(50);
      all = all.concat(page.rows.map((r) => r.id));
      seen.push(...page.rows.filter((r) => mine.has(r.id)).map((r) => r.id));
      if (!page.nextBeforeId || BigInt(page.nextBeforeId) <= oldest) break;
      beforeId = page.nextBeforeId;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...ids].reverse());
    expect(new Set(all).size).toBe(all.length);
    const descending = all.map(BigInt);
    expect(descending.every((id, i) => i === 0 || id < descending[i - 1]!)).toBe(true);
  });
});

/**
 * The Rules procedures (README "Staff console"): the draft's life (create, edit, discard), a bad
 * threshold refused with its path, publish and roll back for admins only, the diff and the
 * backtest, and an audit row with before and after for each change. On a database of its own:
 * publishing changes the live version every other test's payments are judged by, and the one draft
 * is shared by everyone (e2e/risk/rule-sets.test.ts creates drafts on the suite's database).
 */
import { TRPCError } from "@trpc/server";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, paymentPromotions, payments, riskDecisions, staffAuditLog } from "@/db/schema";
import type { StaffRole } from "@/server/auth/staff-permissions";
import { DEFAULT_RULE_SET_CONFIG } from "@/server/risk/rule-config";
import { createStaffMember } from "@/server/staff/staff-members";
import { createCaller } from "@/server/trpc/root";
import { uniqueId } from "../fixtures/gateway";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";
import { staffSession } from "../fixtures/staff";

let database: IsolatedDatabase;
const callers = {} as Record<StaffRole, ReturnType<typeof createCaller>>;
const emails = {} as Record<StaffRole, string>;

beforeAll(async () => {
  database = await createIsolatedDatabase();
  for (const role of ["VIEWER", "ANALYST", "ADMIN"] as const) {
    const { staff } = await createStaffMember(
      database.db,
      { email: `rules-${role.toLowerCase()}@plusdesk.test`, role },
      "rules test",
    );
    emails[role] = staff.email;
    callers[role] = createCaller({
      db: database.db,
      session: staffSession(staff.staffId),
    });
  }
});

afterAll(async () => {
  await database?.drop();
});

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** The newest audit row of an action on a version. */
async function audited(action: string, version: number) {
  const rows = await database.db
    .select()
    .from(staffAuditLog)
    .where(
      and(
        eq(staffAuditLog.action, action),
        eq(staffAuditLog.subjectType, "rule-set"),
        eq(staffAuditLog.subjectId, String(version)),
      ),
    )
    .orderBy(desc(staffAuditLog.id));
  return rows;
}

const withThreshold = (minPriorRedemptions: number) => ({
  ...DEFAULT_RULE_SET_CONFIG,
  rules: {
    ...DEFAULT_RULE_SET_CONFIG.rules,
    repeatRedemption: { ...DEFAULT_RULE_SET_CONFIG.rules.repeatRedemption, minPriorRedemptions },
  },
});

describe("the draft's life", () => {
  it("creates one draft as a copy of the live version, edits it, discards it — audited", async () => {
    const analyst = callers.ANALYST;
    const start = await analyst.rules.overview();
    expect(start).toMatchObject({ live: { version: 1, by: "system" }, draft: null });

    const draft = await analyst.rules.createDraft({});
    expect(draft).toEqual({ version: 2, from: 1 });
    expect((await refusal(analyst.rules.createDraft({}))).code).toBe("CONFLICT");
    const [created] = await audited("rules.draft-create", 2);
    expect(created).toMatchObject({
      actorEmail: emails.ANALYST,
      before: null,
      after: { from: 1, config: DEFAULT_RULE_SET_CONFIG },
    });

    const read = await analyst.rules.version({ version: 2 });
    expect(read.summary).toMatchObject({ status: "DRAFT", live: false, createdBy: emails.ANALYST });
    expect(read.config).toEqual(DEFAULT_RULE_SET_CONFIG);

    expect(read.summary.revision).toBe(0);
    await analyst.rules.updateDraft({
      version: 2,
      revision: 0,
      config: withThreshold(5),
      note: "stricter",
    });
    const [updated] = await audited("rules.draft-update", 2);
    expect(updated).toMatchObject({
      actorEmail: emails.ANALYST,
      before: { config: DEFAULT_RULE_SET_CONFIG, note: "copy of version 1" },
      after: { config: withThreshold(5), note: "stricter" },
    });
    expect((await analyst.rules.overview()).draft).toMatchObject({
      version: 2,
      note: "stricter",
      revision: 1,
    });

    await analyst.rules.discardDraft({ version: 2 });
    const [discarded] = await audited("rules.draft-discard", 2);
    expect(discarded).toMatchObject({
      before: { config: withThreshold(5), note: "stricter" },
      after: null,
    });
    expect((await analyst.rules.overview()).draft).toBeNull();
    expect((await refusal(analyst.rules.discardDraft({ version: 2 }))).code).toBe("NOT_FOUND");
  });

  it("refuses a bad threshold with its path and keeps the draft as it was", async () => {
    const { version } = await callers.ANALYST.rules.createDraft({ from: 1 });
    const before = (await audited("rules.draft-update", version)).length;
    const error = await refusal(
      callers.ANALYST.rules.updateDraft({ version, revision: 0, config: withThreshold(0) }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const issues = (error.cause as unknown as { issues: { path: PropertyKey[] }[] }).issues;
    expect(issues.map((issue) => issue.path.join("."))).toEqual([
      "config.rules.repeatRedemption.minPriorRedemptions",
    ]);
    expect((await callers.ANALYST.rules.version({ version })).config).toEqual(
      DEFAULT_RULE_SET_CONFIG,
    );
    expect(await audited("rules.draft-update", version)).toHaveLength(before);
    // A published version is never a draft to edit.
    expect(
      (
        await refusal(
          callers.ANALYST.rules.updateDraft({ version: 1, revision: 0, config: withThreshold(4) }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    await callers.ANALYST.rules.discardDraft({ version });
  });

  it("lets a viewer read but not change anything", async () => {
    const viewer = callers.VIEWER;
    expect((await viewer.rules.overview()).live.version).toBeGreaterThanOrEqual(1);
    expect((await refusal(viewer.rules.createDraft({}))).code).toBe("FORBIDDEN");
    expect((await refusal(viewer.rules.publish({ version: 1, revision: 0 }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("saves one of two edits made from the same revision, and publishes only the draft seen", async () => {
    const { version } = await callers.ANALYST.rules.createDraft({});
    // A discarded draft's version number comes back: count this draft's audit rows from here.
    const audits = (await audited("rules.draft-update", version)).length;
    // Two people opened the draft at revision 0 and save at once: one wins, the other is told.
    const outcomes = await Promise.all(
      [4, 5].map((threshold) =>
        callers.ANALYST.rules
          .updateDraft({ version, revision: 0, config: withThreshold(threshold) })
          .then(
            (saved) => ({ saved: saved.config, code: null }),
            (error: unknown) => ({ saved: null, code: (error as TRPCError).code }),
          ),
      ),
    );
    const won = outcomes.filter((o) => o.saved);
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.code === "CONFLICT")).toHaveLength(1);
    const draft = await callers.ANALYST.rules.version({ version });
    expect(draft.summary.revision).toBe(1);
    expect(draft.config).toEqual(won[0]!.saved);
    expect(await audited("rules.draft-update", version)).toHaveLength(audits + 1);

    // The admin checked revision 0; the draft is at 1 now: publishing what they saw is refused.
    const stale = await refusal(callers.ADMIN.rules.publish({ version, revision: 0 }));
    expect(stale.code).toBe("CONFLICT");
    expect((await callers.VIEWER.rules.overview()).draft).toMatchObject({ version, revision: 1 });
    expect(await callers.ADMIN.rules.publish({ version, revision: 1 })).toMatchObject({
      live: version,
    });
    await callers.ADMIN.rules.rollBack({ version: 1 });
  });
});

describe("publishing and rolling back", () => {
  it("is refused for an analyst and done for an admin, audited; the diff shows the change", async () => {
    const { version } = await callers.ANALYST.rules.createDraft({});
    const config = {
      ...withThreshold(4),
      campaigns: [
        {
          name: "Spring",
          promoIdPrefix: "SPRING-",
          killSwitch: true,
          budget: { currency: "KRW", amountMinor: "500000" },
          rules: {},
        },
      ],
    };
    await callers.ANALYST.rules.updateDraft({ version, revision: 0, config });

    expect((await refusal(callers.ANALYST.rules.publish({ version, revision: 1 }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await callers.ANALYST.rules.overview()).live.version).toBe(1);

    expect(await callers.ADMIN.rules.publish({ version, revision: 1 })).toEqual({
      previous: 1,
      live: version,
    });
    const overview = await callers.VIEWER.rules.overview();
    expect(overview.live).toMatchObject({ version, by: emails.ADMIN });
    expect(overview.draft).toBeNull();
    expect(overview.versions.find((v) => v.version === version)).toMatchObject({
      status: "PUBLISHED",
      live: true,
      publishedBy: emails.ADMIN,
    });
    const [published] = await audited("rules.publish", version);
    expect(published).toMatchObject({
      actorEmail: emails.ADMIN,
      before: { live: 1 },
      after: { live: version },
    });

    const diff = await callers.VIEWER.rules.diff({ from: 1, to: version });
    expect(diff.changes.map((c) => [c.setting, c.before, c.after])).toEqual([
      ["minPriorRedemptions", 3, 4],
      ["name", null, "Spring"],
      ["killSwitch", null, true],
      ["budget", null, { currency: "KRW", amountMinor: "500000" }],
    ]);

    // Roll back: admins only, to another published version.
    expect((await refusal(callers.ANALYST.rules.rollBack({ version: 1 }))).code).toBe("FORBIDDEN");
    expect(await callers.ADMIN.rules.rollBack({ version: 1 })).toEqual({
      previous: version,
      live: 1,
    });
    expect((await callers.VIEWER.rules.overview()).live).toMatchObject({
      version: 1,
      by: emails.ADMIN,
    });
    const [rolledBack] = await audited("rules.rollback", 1);
    expect(rolledBack).toMatchObject({
      actorEmail: emails.ADMIN,
      before: { live: version },
      after: { live: 1 },
    });
    expect((await refusal(callers.ADMIN.rules.rollBack({ version: 1 }))).code).toBe("CONFLICT");
    expect((await refusal(callers.ADMIN.rules.rollBack({ version: 999 }))).code).toBe("NOT_FOUND");
    expect((await refusal(callers.ADMIN.rules.publish({ version, revision: 1 }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("backtest", () => {
  it("bounds the window", async () => {
    const { version } = await callers.ANALYST.rules.createDraft({});
    try {
      const backtest = (from: string, to: string) =>
        refusal(callers.ANALYST.rules.backtest({ version, from, to }));
      expect(await backtest("2020-01-01T00:00:00Z", "2020-02-01T00:00:01Z")).toMatchObject({
        code: "BAD_REQUEST",
        message: "the window is at most 31 days",
      });
      expect(await backtest("2020-01-02T00:00:00Z", "2020-01-01T00:00:00Z")).toMatchObject({
        code: "BAD_REQUEST",
      });
      expect(
        (await refusal(callers.VIEWER.rules.backtest({ version, from: "x", to: "y" }))).code,
      ).toBe("FORBIDDEN");
    } finally {
      await callers.ANALYST.rules.discardDraft({ version });
    }
  });

  it("reports what the draft changes against the live version and records the run", async () => {
    const { db } = database;
    // One stored payment in January 2020, its decision recorded with BAD credit: the live
    // version rejects it (bad credit), a draft with that rule off lets it through.
    const customerId = uniqueId("C");
    const paymentId = uniqueId("P");
    const at = new Date("2020-01-15T12:00:00Z");
    await db.insert(customers).values({
      customerId,
      displayName: "Backtest",
      status: "ACTIVE",
      kycStatus: "VERIFIED",
    });
    await db.insert(payments).values({
      paymentId,
      paymentRequestId: uniqueId("R"),
      status: "SUCCESS",
      resultCode: "SUCCESS",
      customerId,
      payToAmountMinor: 16740n,
      payToCurrency: "KRW",
      merchantMcc: "5814",
      isInStorePayment: false,
      paymentTime: at,
      receivedAt: at,
    });
    await db.insert(paymentPromotions).values({
      paymentId,
      position: 0,
      promoId: uniqueId("PROMO"),
      amountMinor: 930n,
      currency: "KRW",
      walletAmountMinor: 930n,
      walletCurrency: "KRW",
      conversion: "SAME_CURRENCY",
      raw: {},
    });
    await db.insert(riskDecisions).values({
      paymentRequestId: uniqueId("R"),
      paymentId,
      context: "PAY",
      customerId,
      ruleSetVersion: 1,
      outcome: "REJECT",
      verdicts: [],
      signals: {
        customer: { creditRating: "BAD", creditScore: 700, accountCreatedAt: null },
        lists: [],
        store: null,
      },
      campaigns: [],
      decidedAt: at,
      durationUs: 0,
    });

    const { version } = await callers.ANALYST.rules.createDraft({});
    const live = (await callers.ANALYST.rules.overview()).live.version;
    const draftConfig = {
      ...DEFAULT_RULE_SET_CONFIG,
      rules: {
        ...DEFAULT_RULE_SET_CONFIG.rules,
        badCredit: { ...DEFAULT_RULE_SET_CONFIG.rules.badCredit, enabled: false },
      },
    };
    await callers.ANALYST.rules.updateDraft({ version, revision: 0, config: draftConfig });
    const report = await callers.ANALYST.rules.backtest({
      version,
      from: "2020-01-01T00:00:00.000Z",
      to: "2020-01-31T23:59:59.999Z",
    });
    await callers.ANALYST.rules.discardDraft({ version });

    expect(report).toMatchObject({
      from: "2020-01-01T00:00:00.000Z",
      to: "2020-01-31T23:59:59.999Z",
      payments: 1,
      undecided: 0,
      changedTotal: 1,
      candidate: { version, outcomes: { ALLOW: 1, REVIEW: 0, REJECT: 0 }, rules: [] },
      baseline: {
        version: live,
        outcomes: { ALLOW: 0, REVIEW: 0, REJECT: 1 },
        rules: [{ rule: "badCredit", stoppedPayments: 1, stoppedPromotionMoney: { KRW: "930" } }],
      },
      changed: [
        {
          paymentId,
          receivedAt: "2020-01-15T12:00:00.000Z",
          baseline: "REJECT",
          candidate: "ALLOW",
        },
      ],
    });
    const [run] = await audited("rules.backtest", version);
    expect(run).toMatchObject({
      actorEmail: emails.ANALYST,
      after: {
        from: "2020-01-01T00:00:00.000Z",
        to: "2020-01-31T23:59:59.999Z",
        against: live,
        payments: 1,
        undecided: 0,
        changedTotal: 1,
        outcomes: {
          candidate: { ALLOW: 1, REVIEW: 0, REJECT: 0 },
          baseline: { ALLOW: 0, REVIEW: 0, REJECT: 1 },
        },
      },
    });
  });
});

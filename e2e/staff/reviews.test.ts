/**
 * The review queue (README "Staff console") over payments the real gateway flagged: signed promoted
 * pays that the live rule set sends to REVIEW (a new account, promo-then-refund). The queue's
 * order, keyset pages and filters; approve and reject with a reason the server requires; a reject
 * that blocks the customer and the device in the verdict's transaction (list entries, audit rows,
 * no money moved, the next pay blocked); one verdict per payment, also when two analysts decide at
 * the same moment. Every assertion is about this file's own rows (unique merchant ids).
 */
import { TRPCError } from "@trpc/server";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { paymentReviews, riskListEntries, staffAuditLog } from "@/db/schema";
import { decideReview } from "@/server/reviews/decide-review";
import { ledgerOf } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  createCustomer,
  database,
  jpy,
  krw,
  PAY,
  payRequest,
  REFUND,
  refundRequest,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { decisionsOf, verdictIn } from "../fixtures/risk";
import { isoFromNow } from "../fixtures/signals";
import { actorOf, createStaffAccount, staffCaller, type StaffAccount } from "../fixtures/staff";

const { db } = database;
const HOUR = 3_600_000;

type Caller = Awaited<ReturnType<typeof staffCaller>>;

let analyst: StaffAccount;
let otherAnalyst: StaffAccount;
let viewer: StaffAccount;
let api: Caller;
let otherApi: Caller;
let viewerApi: Caller;

beforeAll(async () => {
  [analyst, otherAnalyst, viewer] = await Promise.all([
    createStaffAccount("ANALYST", "reviews"),
    createStaffAccount("ANALYST", "reviews-other"),
    createStaffAccount("VIEWER", "reviews"),
  ]);
  [api, otherApi, viewerApi] = await Promise.all([
    staffCaller(analyst),
    staffCaller(otherAnalyst),
    staffCaller(viewer),
  ]);
});

interface Flagged {
  paymentId: string;
  paymentRequestId: string;
  customerId: string;
  deviceId: string | null;
  decisionId: string;
  decidedAt: Date;
}

/** A customer whose wallet account was opened two hours ago: the new-account rule's REVIEW. */
async function newAccount(): Promise<string> {
  const customerId = await createCustomer();
  const { status } = await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
    accountCreatedAt: isoFromNow(-2 * HOUR),
  });
  expect(status).toBe(200);
  return customerId;
}

/**
 * A signed promoted pay at `merchantId` from `deviceId` (order.env.deviceTokenId) that the live
 * rules let through for review.
 */
async function flaggedPayment(
  options: {
    merchantId: string;
    customerId?: string;
    deviceId?: string | null;
    paymentJpy?: bigint;
    payToKrw?: bigint;
  } = { merchantId: uniqueId("M") },
): Promise<Flagged> {
  const customerId = options.customerId ?? (await newAccount());
  const deviceId = options.deviceId === undefined ? uniqueId("DEV") : options.deviceId;
  const body = promotedPay(customerId, options.merchantId, deviceId, options);
  const answer = await callGateway(PAY, body);
  expect(answer.resultCode).toBe("SUCCESS");
  const [decision] = await decisionsOf(body.paymentRequestId);
  expect(decision?.outcome).toBe("REVIEW");
  return {
    paymentId: decision!.paymentId!,
    paymentRequestId: body.paymentRequestId,
    customerId,
    deviceId,
    decisionId: decision!.id.toString(),
    decidedAt: decision!.decidedAt,
  };
}

function promotedPay(
  customerId: string,
  merchantId: string,
  deviceId: string | null,
  amounts: { paymentJpy?: bigint; payToKrw?: bigint; freshPromoId?: boolean } = {},
) {
  const base = payRequest(customerId);
  return {
    ...base,
    ...(amounts.freshPromoId
      ? {
          paymentPromoInfo: {
            paymentPromoDetails: [
              { ...base.paymentPromoInfo.paymentPromoDetails[0]!, promoId: uniqueId("PROMO") },
            ],
          },
        }
      : {}),
    order: {
      ...base.order,
      merchant: { ...base.order.merchant, referenceMerchantId: merchantId },
      ...(deviceId ? { env: { deviceTokenId: deviceId } } : {}),
    },
    ...(amounts.paymentJpy ? { paymentAmount: jpy(amounts.paymentJpy) } : {}),
    ...(amounts.payToKrw ? { payToAmount: krw(amounts.payToKrw) } : {}),
  };
}

/**
 * Three refunded promoted payments (promo ids of their own: no repeat redemption), then a fourth
 * at `merchantId`: promo-then-refund's REVIEW.
 */
async function promoThenRefundPayment(merchantId: string): Promise<Flagged> {
  const customerId = await createCustomer();
  for (let i = 0; i < 3; i++) {
    const body = promotedPay(customerId, uniqueId("M"), null, { freshPromoId: true });
    expect((await callGateway(PAY, body)).resultCode).toBe("SUCCESS");
    expect((await callGateway(REFUND, refundRequest(body.paymentRequestId))).resultCode).toBe(
      "SUCCESS",
    );
  }
  return flaggedPayment({ merchantId, customerId, deviceId: null });
}

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "allowed";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const ids = (page: { rows: { paymentId: string }[] }) => page.rows.map((row) => row.paymentId);
const utcDay = (date: Date, plusDays = 0) =>
  new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

async function auditOf(paymentId: string) {
  return db
    .select()
    .from(staffAuditLog)
    .where(and(eq(staffAuditLog.subjectType, "payment"), eq(staffAuditLog.subjectId, paymentId)))
    .orderBy(asc(staffAuditLog.id));
}

async function blocksOf(subjects: { type: "CUSTOMER" | "DEVICE"; id: string }[]) {
  const rows = await db
    .select()
    .from(riskListEntries)
    .where(
      inArray(
        riskListEntries.subjectId,
        subjects.map((s) => s.id),
      ),
    );
  return rows.filter((row) =>
    subjects.some((s) => s.type === row.subjectType && s.id === row.subjectId),
  );
}

describe("the pending queue", () => {
  const merchantId = uniqueId("M-QUEUE");
  let a: Flagged;
  let b: Flagged;
  let c: Flagged;

  beforeAll(async () => {
    a = await flaggedPayment({ merchantId });
    b = await flaggedPayment({ merchantId, paymentJpy: 900n, payToKrw: 8370n });
    c = await promoThenRefundPayment(merchantId);
  });

  it("lists the flagged payments oldest first with who, where, how much, savings and the rules hit", async () => {
    const page = await viewerApi.reviews.list({ merchantId });
    expect(ids(page)).toEqual([a.paymentId, b.paymentId, c.paymentId]);
    expect(page.nextAfter).toBeNull();
    const [first, second, third] = page.rows;
    expect(first).toMatchObject({
      decisionId: a.decisionId,
      decidedAt: a.decidedAt.toISOString(),
      paymentRequestId: a.paymentRequestId,
      customerId: a.customerId,
      customerName: "Test Customer",
      deviceId: a.deviceId,
      merchantId,
      merchantName: "Uji Sabo Ginza",
      storeId: "S-GINZA-01",
      paymentAmount: { amountMinor: "1800", currency: "JPY" },
      payToAmount: { amountMinor: "16740", currency: "KRW" },
      // The two promotions of payRequest: ₩2,790 + ₩930.
      savings: { KRW: "3720" },
      hits: [{ rule: "newAccount", action: "REVIEW", campaign: null }],
      campaigns: [],
      review: null,
    });
    expect(second?.paymentAmount).toEqual({ amountMinor: "900", currency: "JPY" });
    expect(third?.hits).toEqual([{ rule: "promoThenRefund", action: "REVIEW", campaign: null }]);
    expect(third?.deviceId).toBeNull();
  });

  it("pages with a keyset cursor, each row once", async () => {
    const first = await api.reviews.list({ merchantId, limit: 2 });
    expect(ids(first)).toEqual([a.paymentId, b.paymentId]);
    expect(first.nextAfter).toBe(b.decisionId);
    const second = await api.reviews.list({ merchantId, limit: 2, after: first.nextAfter! });
    expect(ids(second)).toEqual([c.paymentId]);
    expect(second.nextAfter).toBeNull();

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await api.reviews.list({ merchantId, limit: 1, after });
      seen.push(...ids(page));
      after = page.nextAfter ?? undefined;
    } while (after);
    expect(seen).toEqual([a.paymentId, b.paymentId, c.paymentId]);
  });

  it("filters by the rule that hit", async () => {
    expect(ids(await api.reviews.list({ merchantId, rule: "newAccount" }))).toEqual([
      a.paymentId,
      b.paymentId,
    ]);
    expect(ids(await api.reviews.list({ merchantId, rule: "promoThenRefund" }))).toEqual([
      c.paymentId,
    ]);
    expect(ids(await api.reviews.list({ merchantId, rule: "gambling" }))).toEqual([]);
  });

  it("filters by the payment amount in its currency, bounds inclusive", async () => {
    const range = (min?: string, max?: string, currency = "JPY") =>
      api.reviews.list({ merchantId, currency, amountMin: min, amountMax: max }).then(ids);
    expect(await range("1000")).toEqual([a.paymentId, c.paymentId]);
    expect(await range(undefined, "1799")).toEqual([b.paymentId]);
    expect(await range("900", "900")).toEqual([b.paymentId]);
    expect(await range("900", "1800")).toEqual([a.paymentId, b.paymentId, c.paymentId]);
    expect(await range("1", undefined, "KRW")).toEqual([]);
    // JPY has no minor unit; an amount without a currency means nothing.
    expect(await refusalCode(range("9.5"))).toBe("BAD_REQUEST");
    expect(await refusalCode(api.reviews.list({ merchantId, amountMin: "1" }))).toBe("BAD_REQUEST");
    expect(await refusalCode(range("2000", "1000"))).toBe("BAD_REQUEST");
  });

  it("filters by the decision's UTC day, both ends inclusive", async () => {
    const day = utcDay(a.decidedAt);
    const sameDay = [a, b, c].filter((f) => utcDay(f.decidedAt) === day).map((f) => f.paymentId);
    expect(ids(await api.reviews.list({ merchantId, fromDay: day, toDay: day }))).toEqual(sameDay);
    expect(ids(await api.reviews.list({ merchantId, toDay: utcDay(a.decidedAt, -1) }))).toEqual([]);
    expect(ids(await api.reviews.list({ merchantId, fromDay: utcDay(c.decidedAt, 1) }))).toEqual(
      [],
    );
    expect(
      await refusalCode(
        api.reviews.list({ merchantId, fromDay: day, toDay: utcDay(a.decidedAt, -1) }),
      ),
    ).toBe("BAD_REQUEST");
  });

  it("does not list a payment the rules allowed", async () => {
    const allowedMerchant = uniqueId("M-ALLOW");
    const body = promotedPay(await createCustomer(), allowedMerchant, null);
    expect((await callGateway(PAY, body)).resultCode).toBe("SUCCESS");
    expect((await decisionsOf(body.paymentRequestId))[0]?.outcome).toBe("ALLOW");
    expect(ids(await api.reviews.list({ merchantId: allowedMerchant }))).toEqual([]);
    expect(ids(await api.reviews.list({ merchantId: allowedMerchant, tab: "decided" }))).toEqual(
      [],
    );
  });
});

describe("verdicts", () => {
  it("requires a reason, checked on the server", async () => {
    const flagged = await flaggedPayment();
    for (const reason of ["", "   \n "]) {
      expect(
        await refusalCode(
          api.reviews.decide({ paymentId: flagged.paymentId, decision: "APPROVE", reason }),
        ),
      ).toBe("BAD_REQUEST");
    }
    // The domain function refuses on its own too (any caller, not only the procedure).
    await expect(
      decideReview(db, actorOf(analyst), {
        paymentId: flagged.paymentId,
        decision: "REJECT",
        reason: " \t ",
      }),
    ).rejects.toMatchObject({ kind: "invalid", message: "a reason is required" });
    expect(
      await refusalCode(
        api.reviews.decide({
          paymentId: flagged.paymentId,
          decision: "APPROVE",
          reason: "fine",
          blockDevice: true,
        }),
      ),
    ).toBe("BAD_REQUEST");
    const still = await api.reviews.list({ paymentId: flagged.paymentId });
    expect(still.rows[0]?.review).toBeNull();
    expect(
      await db.select().from(paymentReviews).where(eq(paymentReviews.paymentId, flagged.paymentId)),
    ).toEqual([]);
    expect(await auditOf(flagged.paymentId)).toEqual([]);
  });

  it("approves: the payment leaves the pending tab and shows as decided, with the audit row", async () => {
    const merchantId = uniqueId("M-APPROVE");
    const flagged = await flaggedPayment({ merchantId });
    const decided = await api.reviews.decide({
      paymentId: flagged.paymentId,
      decision: "APPROVE",
      reason: "  Known traveller, first trip abroad  ",
    });
    expect(decided).toMatchObject({
      decisionId: flagged.decisionId,
      verdict: "APPROVED",
      reason: "Known traveller, first trip abroad",
      reviewedBy: analyst.email,
      blocked: [],
    });
    expect(ids(await api.reviews.list({ merchantId }))).toEqual([]);
    const [row] = (await viewerApi.reviews.list({ merchantId, tab: "decided" })).rows;
    expect(row).toMatchObject({
      paymentId: flagged.paymentId,
      review: {
        verdict: "APPROVED",
        reason: "Known traveller, first trip abroad",
        reviewedBy: analyst.email,
        reviewedAt: decided.reviewedAt,
      },
    });
    expect(
      ids(await api.reviews.list({ merchantId, tab: "decided", verdict: "REJECTED" })),
    ).toEqual([]);
    expect(
      ids(await api.reviews.list({ merchantId, tab: "decided", verdict: "APPROVED" })),
    ).toEqual([flagged.paymentId]);
    const audit = await auditOf(flagged.paymentId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "review.approve",
      actorStaffId: analyst.staffId,
      actorEmail: analyst.email,
      before: { decisionId: flagged.decisionId, outcome: "REVIEW", verdict: null },
      after: {
        decisionId: flagged.decisionId,
        verdict: "APPROVED",
        reason: "Known traveller, first trip abroad",
        abuse: false,
        blocked: [],
      },
    });
  });

  it("rejects as abuse, blocks the customer and the device in the same transaction, and moves no money", async () => {
    const flagged = await flaggedPayment();
    const balance = await balanceOf(flagged.customerId);
    const ledger = await ledgerOf(flagged.customerId);
    const reason = "Promo farming ring, same device as case 42";

    const decided = await api.reviews.decide({
      paymentId: flagged.paymentId,
      decision: "REJECT",
      reason,
      blockCustomer: true,
      blockDevice: true,
    });
    expect(decided).toMatchObject({ verdict: "REJECTED", blocked: ["CUSTOMER", "DEVICE"] });
    const [review] = await db
      .select()
      .from(paymentReviews)
      .where(eq(paymentReviews.paymentId, flagged.paymentId));
    expect(review).toMatchObject({
      decisionId: BigInt(flagged.decisionId),
      verdict: "REJECTED",
      reason,
      reviewedBy: analyst.email,
    });

    const blocks = await blocksOf([
      { type: "CUSTOMER", id: flagged.customerId },
      { type: "DEVICE", id: flagged.deviceId! },
    ]);
    expect(blocks.map((b) => [b.list, b.subjectType]).sort()).toEqual([
      ["BLOCK", "CUSTOMER"],
      ["BLOCK", "DEVICE"],
    ]);
    for (const block of blocks) {
      expect(block).toMatchObject({ expiresAt: null, createdBy: analyst.email });
      expect(block.reason).toContain(reason);
      expect(block.reason).toContain(flagged.paymentId);
    }

    const audit = await auditOf(flagged.paymentId);
    expect(audit.map((a) => a.action)).toEqual(["review.reject"]);
    expect(audit[0]?.after).toMatchObject({
      verdict: "REJECTED",
      reason,
      abuse: true,
      blocked: ["CUSTOMER", "DEVICE"],
    });
    const listAudit = await db
      .select()
      .from(staffAuditLog)
      .where(
        and(
          eq(staffAuditLog.subjectType, "list-entry"),
          inArray(staffAuditLog.subjectId, [
            `BLOCK:CUSTOMER:${flagged.customerId}`,
            `BLOCK:DEVICE:${flagged.deviceId}`,
          ]),
        ),
      );
    expect(listAudit.map((a) => [a.action, a.actorStaffId])).toEqual([
      ["lists.add", analyst.staffId],
      ["lists.add", analyst.staffId],
    ]);

    // The money stays where it went: no ledger entry, the same balance.
    expect(await balanceOf(flagged.customerId)).toBe(balance);
    expect(await ledgerOf(flagged.customerId)).toEqual(ledger);

    // The block works: the customer's next promoted pay is refused by the block list.
    const next = promotedPay(flagged.customerId, uniqueId("M"), null);
    expect((await callGateway(PAY, next)).resultCode).toBe("RISK_REJECT");
    const [decision] = await decisionsOf(next.paymentRequestId);
    expect(verdictIn(decision!, "blockList")).toMatchObject({ verdict: "HIT" });
  });

  it("keeps nothing of a verdict whose block cannot be written", async () => {
    const flagged = await flaggedPayment({ merchantId: uniqueId("M"), deviceId: null });
    expect(
      await refusalCode(
        api.reviews.decide({
          paymentId: flagged.paymentId,
          decision: "REJECT",
          reason: "abuse",
          blockCustomer: true,
          blockDevice: true,
        }),
      ),
    ).toBe("BAD_REQUEST");
    // The customer block and the verdict were in the same transaction: rolled back together.
    expect(await blocksOf([{ type: "CUSTOMER", id: flagged.customerId }])).toEqual([]);
    expect((await api.reviews.list({ paymentId: flagged.paymentId })).rows[0]?.review).toBeNull();
    expect(await auditOf(flagged.paymentId)).toEqual([]);
  });

  it("refuses a second verdict and names the first", async () => {
    const flagged = await flaggedPayment();
    await api.reviews.decide({ paymentId: flagged.paymentId, decision: "APPROVE", reason: "ok" });
    await expect(
      otherApi.reviews.decide({
        paymentId: flagged.paymentId,
        decision: "REJECT",
        reason: "abuse",
        blockCustomer: true,
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`already approved by ${analyst.email}`) as unknown,
    });
    expect(await blocksOf([{ type: "CUSTOMER", id: flagged.customerId }])).toEqual([]);
    expect((await auditOf(flagged.paymentId)).map((a) => a.action)).toEqual(["review.approve"]);
  });

  it("lets exactly one of two analysts deciding the same payment at once win", async () => {
    for (let round = 0; round < 3; round++) {
      const flagged = await flaggedPayment();
      const outcomes = await Promise.allSettled([
        api.reviews.decide({
          paymentId: flagged.paymentId,
          decision: "REJECT",
          reason: "abuse",
          blockCustomer: true,
          blockDevice: true,
        }),
        otherApi.reviews.decide({
          paymentId: flagged.paymentId,
          decision: "APPROVE",
          reason: "legitimate",
        }),
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o) => o.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
      const winner = (won[0] as PromiseFulfilledResult<{ verdict: string }>).value.verdict;

      const reviews = await db
        .select()
        .from(paymentReviews)
        .where(eq(paymentReviews.paymentId, flagged.paymentId));
      expect(reviews.map((r) => r.verdict)).toEqual([winner]);
      const audit = await auditOf(flagged.paymentId);
      expect(audit.map((a) => a.action)).toEqual([
        winner === "REJECTED" ? "review.reject" : "review.approve",
      ]);
      const blocks = await blocksOf([
        { type: "CUSTOMER", id: flagged.customerId },
        { type: "DEVICE", id: flagged.deviceId! },
      ]);
      expect(blocks).toHaveLength(winner === "REJECTED" ? 2 : 0);
    }
  });

  it("finds nothing to decide for an allowed or unknown payment, and a viewer may not decide", async () => {
    const body = promotedPay(await createCustomer(), uniqueId("M"), null);
    const answer = await callGateway(PAY, body);
    const paymentId = String(answer.json?.paymentId);
    for (const id of [paymentId, uniqueId("P-UNKNOWN")]) {
      expect(
        await refusalCode(api.reviews.decide({ paymentId: id, decision: "APPROVE", reason: "x" })),
      ).toBe("NOT_FOUND");
    }
    const flagged = await flaggedPayment();
    expect(
      await refusalCode(
        viewerApi.reviews.decide({ paymentId: flagged.paymentId, decision: "REJECT", reason: "x" }),
      ),
    ).toBe("FORBIDDEN");
    expect(ids(await viewerApi.reviews.list({ paymentId: flagged.paymentId }))).toEqual([
      flagged.paymentId,
    ]);
  });
});

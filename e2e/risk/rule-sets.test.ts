/**
 * Versioned rule sets and campaigns through real signed pays (docs/protocol.md#risk-rules): a
 * draft, publish, the next payment on every app instance judged by it, per-campaign overrides
 * (exact id beats prefix), a kill switch, several campaigns on one payment (the strictest wins),
 * roll back, and published versions that cannot change. The only test file that publishes: each
 * version it publishes keeps the defaults and adds campaigns on promo ids of its own, so the other
 * files, running at the same time, see no difference.
 */
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Campaign } from "@/server/risk/rule-config";
import { paymentPromotions, payments, riskDecisions } from "@/db/schema";
import { backtest } from "@/server/risk/backtest";
import {
  createDraft,
  discardDraft,
  listRuleSets,
  liveVersion,
  publishDraft,
  rollBack,
  RuleSetError,
  updateDraft,
} from "@/server/risk/rule-sets";
import {
  callGateway,
  createCustomer,
  database,
  PAY,
  payRequest,
  uniqueId,
} from "../fixtures/gateway";
import { decisionsOf, listEntry, verdictIn } from "../fixtures/risk";

const { db } = database;
const run = uniqueId("RS");
const ONE_REDEMPTION = `${run}-ONCE`;
const PREFIX = `${run}-FAMILY-`;
const EXACT_IN_FAMILY = `${run}-FAMILY-VIP`;
const KILLED = `${run}-KILLED`;

function promoDetail(promoId: string) {
  return {
    promoId,
    promoName: "Test promotion",
    promoType: "DISCOUNT",
    savingsAmount: { currency: "KRW", value: "930" },
  };
}

async function pay(customerId: string, promoIds: string[]) {
  const body = {
    ...payRequest(customerId),
    paymentPromoInfo: { paymentPromoDetails: promoIds.map(promoDetail) },
  };
  const answer = await callGateway(PAY, body);
  const [decision] = await decisionsOf(body.paymentRequestId);
  return {
    resultCode: (answer.json?.result as { resultCode?: string } | undefined)?.resultCode,
    decision: decision!,
  };
}

const campaigns: Campaign[] = [
  {
    name: `${run} once`,
    promoId: ONE_REDEMPTION,
    killSwitch: false,
    rules: { repeatRedemption: { minPriorRedemptions: 1 } },
  },
  {
    name: `${run} family`,
    promoIdPrefix: PREFIX,
    killSwitch: false,
    rules: { repeatRedemption: { minPriorRedemptions: 1 } },
  },
  {
    name: `${run} vip`,
    promoId: EXACT_IN_FAMILY,
    killSwitch: false,
    rules: { repeatRedemption: { minPriorRedemptions: 5 } },
  },
  { name: `${run} killed`, promoId: KILLED, killSwitch: true, rules: {} },
];

let before: number;
let published: number;

afterAll(async () => {
  // Leave the defaults live for whoever runs next against this database.
  if (before !== undefined && (await liveVersion(db)) !== before)
    await rollBack(db, before, "test");
});

describe("drafts and publishing", () => {
  it("creates one draft as a copy of the live version, validates edits, and publishes it", async () => {
    before = await liveVersion(db);
    const draft = await createDraft(db, "test");
    await expect(createDraft(db, "test")).rejects.toBeInstanceOf(RuleSetError);
    await expect(
      updateDraft(db, draft.version, { ...draft.config, campaigns: [{ name: "bad" }] }),
    ).rejects.toThrow(/campaigns/);
    await updateDraft(db, draft.version, {
      ...draft.config,
      campaigns: [...draft.config.campaigns, ...campaigns],
    });
    expect(await publishDraft(db, draft.version, "test")).toEqual({
      previous: before,
      live: draft.version,
    });
    published = draft.version;
    const listed = await listRuleSets(db);
    expect(listed.filter((v) => v.live).map((v) => v.version)).toEqual([published]);
    expect(listed.find((v) => v.version === published)).toMatchObject({ status: "PUBLISHED" });
  });

  it("judges the next payments on every app instance by the new version", async () => {
    const customerId = await createCustomer();
    // Several pays: the suite's server runs two workers, each must have seen the publish.
    for (let i = 0; i < 6; i++) {
      const { decision } = await pay(customerId, [uniqueId("PROMO")]);
      expect(decision.ruleSetVersion).toBe(published);
    }
  });

  it("refuses to change a published version, even in SQL", async () => {
    const refused = await db
      .execute(sql`update rule_sets set note = 'edited' where version = ${published}`)
      .then(
        () => null,
        (error: unknown) => error,
      );
    // Drizzle wraps the database's error: the trigger's message is its cause.
    expect(String((refused as { cause?: unknown } | null)?.cause)).toMatch(
      /published and cannot change/,
    );
    await expect(updateDraft(db, published, {})).rejects.toBeInstanceOf(RuleSetError);
  });

  it("discards a draft", async () => {
    const draft = await createDraft(db, "test");
    await discardDraft(db, draft.version);
    expect((await listRuleSets(db)).some((v) => v.status === "DRAFT")).toBe(false);
  });
});

describe("campaigns", () => {
  it("applies a campaign's override to its promotion only", async () => {
    const customerId = await createCustomer();
    expect((await pay(customerId, [ONE_REDEMPTION])).resultCode).toBe("SUCCESS");
    const second = await pay(customerId, [ONE_REDEMPTION]);
    expect(second.resultCode).toBe("RISK_REJECT");
    expect(verdictIn(second.decision, "repeatRedemption", `${run} once`)).toMatchObject({
      verdict: "HIT",
      values: { minPriorRedemptions: 1 },
    });
    expect(second.decision.campaigns).toEqual([`${run} once`]);
    // The defaults (3 earlier redemptions) still govern other promotions.
    const other = uniqueId("PROMO");
    for (let i = 0; i < 3; i++) expect((await pay(customerId, [other])).resultCode).toBe("SUCCESS");
  });

  it("lets an exact promo id beat the prefix it also matches", async () => {
    const customerId = await createCustomer();
    const sibling = `${PREFIX}${uniqueId("X")}`;
    await pay(customerId, [sibling]);
    expect((await pay(customerId, [sibling])).resultCode).toBe("RISK_REJECT");
    await pay(customerId, [EXACT_IN_FAMILY]);
    const vip = await pay(customerId, [EXACT_IN_FAMILY]);
    expect(vip.resultCode).toBe("SUCCESS");
    expect(vip.decision.campaigns).toEqual([`${run} vip`]);
  });

  it("rejects every payment using a killed promotion, even an allow-listed customer's", async () => {
    const customerId = await createCustomer();
    await listEntry("ALLOW", "CUSTOMER", customerId);
    const killed = await pay(customerId, [KILLED]);
    expect(killed.resultCode).toBe("RISK_REJECT");
    expect(verdictIn(killed.decision, "killSwitch", `${run} killed`)?.verdict).toBe("HIT");
  });

  it("applies each matching campaign to a payment with several promotions; the strictest wins", async () => {
    const customerId = await createCustomer();
    await pay(customerId, [ONE_REDEMPTION]);
    const both = await pay(customerId, [uniqueId("PROMO"), ONE_REDEMPTION]);
    expect(both.resultCode).toBe("RISK_REJECT");
    expect(verdictIn(both.decision, "repeatRedemption", null)?.verdict).toBe("MISS");
    expect(verdictIn(both.decision, "repeatRedemption", `${run} once`)?.verdict).toBe("HIT");
  });
});

describe("backtest", () => {
  /**
   * A past month (January 2020: no other test writes there) with payments stored as they would
   * have been, each with a recorded decision (its state signals: good credit unless said):
   * - A: five redemptions of one promotion on days 1–5;
   * - B: one promoted payment recorded with BAD credit;
   * - C1, C2, C3: promoted payments from one device on days 10, 12 and 14.
   */
  const month = { from: new Date("2020-01-01T00:00:00Z"), to: new Date("2020-01-31T23:59:59Z") };
  const promo = `${run}-BT`;
  const ids = { a: uniqueId("BTA"), b: uniqueId("BTB"), c: [1, 2, 3].map(() => uniqueId("BTC")) };
  const device = uniqueId("BTDEV");
  const stored: Record<string, string> = {};

  async function storedPayment(
    key: string,
    customerId: string,
    day: number,
    options: { deviceId?: string; credit?: "GOOD" | "BAD" } = {},
  ) {
    const paymentId = uniqueId("PBT");
    stored[key] = paymentId;
    const at = new Date(Date.UTC(2020, 0, day, 12));
    await db.insert(payments).values({
      paymentId,
      paymentRequestId: uniqueId("BT"),
      status: "SUCCESS",
      resultCode: "SUCCESS",
      customerId,
      payToAmountMinor: 16740n,
      payToCurrency: "KRW",
      paymentAmountMinor: 1800n,
      paymentCurrency: "JPY",
      referenceMerchantId: "M-JP-000123",
      merchantMcc: "5814",
      storeMcc: "5814",
      isInStorePayment: false,
      deviceTokenId: options.deviceId,
      paymentTime: at,
      receivedAt: at,
    });
    await db.insert(paymentPromotions).values({
      paymentId,
      position: 0,
      promoId: promo,
      amountMinor: 930n,
      currency: "KRW",
      walletAmountMinor: 930n,
      walletCurrency: "KRW",
      conversion: "SAME_CURRENCY",
      raw: {},
    });
    await db.insert(riskDecisions).values({
      paymentRequestId: uniqueId("BT"),
      paymentId,
      context: "PAY",
      customerId,
      deviceId: options.deviceId,
      ruleSetVersion: before,
      outcome: "ALLOW",
      verdicts: [],
      signals: {
        customer: {
          creditRating: options.credit ?? "GOOD",
          creditScore: 700,
          accountCreatedAt: null,
        },
        lists: [],
        store: null,
      },
      campaigns: [],
      decidedAt: at,
      durationUs: 0,
    });
  }

  it("reports what a draft would have stopped, against the live version, from stored payments", async () => {
    for (const customerId of [ids.a, ids.b, ...ids.c])
      await createCustomer({ customerId, balance: 0n });
    for (let day = 1; day <= 5; day++) await storedPayment(`a${day}`, ids.a, day);
    await storedPayment("b", ids.b, 6, { credit: "BAD" });
    for (const [i, customerId] of ids.c.entries()) {
      await storedPayment(`c${i + 1}`, customerId, 10 + 2 * i, { deviceId: device });
    }
    // Without a recorded decision a payment is undecided.
    await db.insert(payments).values({
      paymentId: uniqueId("PBT"),
      paymentRequestId: uniqueId("BT"),
      status: "SUCCESS",
      customerId: ids.a,
      receivedAt: new Date("2020-01-20T00:00:00Z"),
    });

    // The draft: this promotion may be redeemed twice, farming only counts within 1 day.
    const draft = await createDraft(db, "test");
    await updateDraft(db, draft.version, {
      ...draft.config,
      campaigns: [
        ...draft.config.campaigns,
        {
          name: `${run} backtest`,
          promoId: promo,
          rules: {
            repeatRedemption: { minPriorRedemptions: 2 },
            deviceFarming: { windowDays: 1 },
          },
        },
      ],
    });
    // Pages of 3: the cursor must neither skip nor repeat a payment.
    const report = await backtest(db, { version: draft.version, ...month, pageSize: 3 });
    await discardDraft(db, draft.version);

    // Computed by hand from the data above.
    expect(report).toMatchObject({ payments: 10, undecided: 1, changedTotal: 2 });
    const byRule = (side: typeof report.baseline) =>
      Object.fromEntries(
        side.rules.map((r) => [r.rule, [r.stoppedPayments, r.stoppedPromotionMoney]]),
      );
    // Live defaults: A's 4th and 5th (3 and 4 earlier), B (credit), C3 (3 customers in 7 days).
    expect(byRule(report.baseline)).toEqual({
      repeatRedemption: [2, { KRW: "1860" }],
      badCredit: [1, { KRW: "930" }],
      deviceFarming: [1, { KRW: "930" }],
    });
    expect(report.baseline.outcomes).toEqual({ ALLOW: 5, REVIEW: 0, REJECT: 4 });
    // The draft: A's 3rd too; C3 no longer (C1 and C2 paid more than a day before).
    expect(byRule(report.candidate)).toEqual({
      repeatRedemption: [3, { KRW: "2790" }],
      badCredit: [1, { KRW: "930" }],
    });
    expect(report.candidate.outcomes).toEqual({ ALLOW: 5, REVIEW: 0, REJECT: 4 });
    expect(report.changed.map((c) => [c.paymentId, c.baseline, c.candidate])).toEqual([
      [stored.a3, "ALLOW", "REJECT"],
      [stored.c3, "REJECT", "ALLOW"],
    ]);
  });
});

describe("rolling back", () => {
  it("makes the earlier version live for the next payment", async () => {
    await rollBack(db, before, "test");
    const customerId = await createCustomer();
    await pay(customerId, [ONE_REDEMPTION]);
    const second = await pay(customerId, [ONE_REDEMPTION]);
    expect(second.resultCode).toBe("SUCCESS");
    expect(second.decision.ruleSetVersion).toBe(before);
    await expect(rollBack(db, 999_999, "test")).rejects.toBeInstanceOf(RuleSetError);
  });
});

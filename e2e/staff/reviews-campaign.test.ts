/**
 * The review queue's campaign filter needs a published rule set with a campaign. Publishing on the
 * suite's database would change the live version under every other test file (e2e/risk/
 * rule-sets.test.ts is its only publisher), so this runs on a database of its own: the campaign
 * is published there, and the payments go through the wallet's real `pay` in-process (customer,
 * top-up, risk decision and all), then the queue is read through the tRPC router as an analyst.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import type { JsonValue } from "@/server/alipayplus/strict-json";
import { requestHash } from "@/server/alipayplus/strict-json";
import { redactJson } from "@/server/alipayplus/redact";
import { ZPayRequest } from "@/server/alipayplus/wire";
import { topUp, upsertCustomer } from "@/server/customers/customers";
import { NO_DEFAULT_LIMITS } from "@/server/payments/limits";
import { pay } from "@/server/payments/pay";
import { createDraft, publishDraft, updateDraft } from "@/server/risk/rule-sets";
import { createStaffMember } from "@/server/staff/staff-members";
import { createCaller } from "@/server/trpc/root";
import { payRequest, secrets, uniqueId } from "../fixtures/gateway";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";
import { staffSession } from "../fixtures/staff";

let database: IsolatedDatabase;

beforeAll(async () => {
  database = await createIsolatedDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const CAMPAIGN = `Autumn farming watch ${uniqueId("C")}`;
const WATCHED_PROMO = uniqueId("PROMO-WATCHED");

/** A new account (opened two hours ago, funded) paying with one promotion: REVIEW. */
async function flaggedPay(db: Db, promoId: string): Promise<string> {
  const customerId = uniqueId("C");
  await upsertCustomer(db, customerId, {
    displayName: "Campaign Test",
    currency: "KRW",
    status: "ACTIVE",
    kycStatus: "VERIFIED",
    accountCreatedAt: new Date(Date.now() - 2 * 3_600_000),
  });
  await topUp(db, customerId, uniqueId("T"), { amountMinor: 1_000_000n, currency: "KRW" });
  const base = payRequest(customerId);
  const body = {
    ...base,
    paymentPromoInfo: {
      paymentPromoDetails: [{ ...base.paymentPromoInfo.paymentPromoDetails[0]!, promoId }],
    },
  };
  const json = JSON.parse(JSON.stringify(body)) as JsonValue;
  const answer = JSON.parse(
    await pay(
      db,
      {
        request: ZPayRequest.parse(body),
        redacted: redactJson(json),
        requestHash: requestHash(json),
        receivedAt: new Date(),
      },
      // As the suite's server runs: no default wallet limits, the default expiry grace.
      { expiryGraceMs: 5000, defaultLimits: NO_DEFAULT_LIMITS, hashSecret: secrets.hashSecret },
    ),
  ) as { paymentId: string; result: { resultCode: string } };
  expect(answer.result.resultCode).toBe("SUCCESS");
  return answer.paymentId;
}

describe("the campaign filter", () => {
  it("lists the payments whose promotions matched the campaign", async () => {
    const { db } = database;
    const draft = await createDraft(db, "test");
    await updateDraft(db, draft.version, {
      ...draft.config,
      campaigns: [
        ...draft.config.campaigns,
        { name: CAMPAIGN, promoId: WATCHED_PROMO, killSwitch: false, rules: {} },
      ],
    });
    await publishDraft(db, draft.version, "test");

    const watched = await flaggedPay(db, WATCHED_PROMO);
    const other = await flaggedPay(db, uniqueId("PROMO-OTHER"));

    const { staff } = await createStaffMember(
      db,
      { email: `${uniqueId("campaign")}@plusdesk.test`, role: "ANALYST" },
      "test",
    );
    const api = createCaller({
      db,
      session: staffSession(staff.staffId),
    });
    const ids = (page: { rows: { paymentId: string }[] }) => page.rows.map((r) => r.paymentId);

    const all = await api.reviews.list({});
    expect(ids(all)).toEqual([watched, other]);
    expect(all.rows[0]).toMatchObject({
      campaigns: [CAMPAIGN],
      hits: [{ rule: "newAccount", action: "REVIEW", campaign: CAMPAIGN }],
    });
    expect(all.rows[1]).toMatchObject({
      campaigns: [],
      hits: [{ rule: "newAccount", action: "REVIEW", campaign: null }],
    });
    expect(ids(await api.reviews.list({ campaign: CAMPAIGN }))).toEqual([watched]);
    expect(ids(await api.reviews.list({ campaign: `${CAMPAIGN} (another)` }))).toEqual([]);

    // Decided ones filter the same way.
    await api.reviews.decide({ paymentId: watched, decision: "REJECT", reason: "farming" });
    expect(ids(await api.reviews.list({ campaign: CAMPAIGN }))).toEqual([]);
    expect(ids(await api.reviews.list({ tab: "decided", campaign: CAMPAIGN }))).toEqual([watched]);
  });
});

/**
 * The decided review tab reads payment_reviews alone (the verdict's trigger copies what it filters
 * on from the decision and the payment), and the pending tab reads open reviews only (the same
 * trigger marks the decision reviewed). Over payments the real gateway flagged and verdicts given
 * through the real router: each filter of the decided tab against the same filter written on the
 * decision and the payment, and the pending tab after approving. Every assertion is about this
 * file's own rows (unique merchant ids).
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { paymentReviews, riskDecisions } from "@/db/schema";
import {
  callGateway,
  createCustomer,
  database,
  jpy,
  PAY,
  payRequest,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { decisionsOf } from "../fixtures/risk";
import { isoFromNow } from "../fixtures/signals";
import { createStaffAccount, staffCaller } from "../fixtures/staff";

const { db } = database;
type Caller = Awaited<ReturnType<typeof staffCaller>>;
let api: Caller;

beforeAll(async () => {
  api = await staffCaller(await createStaffAccount("ANALYST", "reviews-decided"));
});

/** A new account's promoted pay at `merchantId`: the new-account rule's REVIEW. */
async function flagged(merchantId: string, paymentJpy: bigint) {
  const customerId = await createCustomer();
  const { status } = await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
    accountCreatedAt: isoFromNow(-2 * 3_600_000),
  });
  expect(status).toBe(200);
  const base = payRequest(customerId);
  const body = {
    ...base,
    order: { ...base.order, merchant: { ...base.order.merchant, referenceMerchantId: merchantId } },
    paymentAmount: jpy(paymentJpy),
  };
  expect((await callGateway(PAY, body)).resultCode).toBe("SUCCESS");
  const [decision] = await decisionsOf(body.paymentRequestId);
  expect(decision?.outcome).toBe("REVIEW");
  return { paymentId: decision!.paymentId!, decisionId: decision!.id };
}

const ids = (page: { rows: { paymentId: string }[] }) => page.rows.map((row) => row.paymentId);

describe("the decided and pending tabs", () => {
  const merchantId = uniqueId("M-DECIDED");
  let payments: { paymentId: string; decisionId: bigint }[];

  beforeAll(async () => {
    payments = [];
    for (const amount of [1000n, 1500n, 2000n, 2500n])
      payments.push(await flagged(merchantId, amount));
  });

  it("moves an approved payment from pending to decided, with the decision's figures copied", async () => {
    expect(ids(await api.reviews.list({ merchantId }))).toEqual(payments.map((p) => p.paymentId));
    for (const [i, p] of payments.slice(0, 3).entries()) {
      await api.reviews.decide({
        paymentId: p.paymentId,
        decision: i === 1 ? "REJECT" : "APPROVE",
        reason: "checked",
      });
    }
    // Pending: only the one left open, also on its own page.
    expect(ids(await api.reviews.list({ merchantId }))).toEqual([payments[3]!.paymentId]);
    const open = await db
      .select({ id: riskDecisions.id, reviewedAt: riskDecisions.reviewedAt })
      .from(riskDecisions)
      .where(eq(riskDecisions.paymentId, payments[0]!.paymentId));
    expect(open[0]?.reviewedAt).toBeInstanceOf(Date);

    // The copy in payment_reviews is the decision's and the payment's.
    const [copy] = await db.execute<{ same: boolean }>(sql`
      select bool_and(r.decided_at = d.decided_at
                      and r.merchant_id = p.reference_merchant_id
                      and r.payment_amount_minor = p.payment_amount_minor
                      and r.payment_currency = p.payment_currency
                      and r.hit_rules = array['newAccount']
                      and r.campaigns = array(select jsonb_array_elements_text(d.campaigns))
                      and d.reviewed_at = r.reviewed_at) as same
        from payment_reviews r
        join risk_decisions d on d.id = r.decision_id
        join payments p on p.payment_id = r.payment_id
       where p.reference_merchant_id = ${merchantId}`);
    expect(copy?.same).toBe(true);
  });

  it("filters the decided tab as the decision and the payment say", async () => {
    const decided = payments.slice(0, 3).map((p) => p.paymentId);
    // Newest first.
    const newestFirst = [...decided].reverse();
    expect(ids(await api.reviews.list({ merchantId, tab: "decided" }))).toEqual(newestFirst);
    expect(ids(await api.reviews.list({ merchantId, tab: "decided", rule: "newAccount" }))).toEqual(
      newestFirst,
    );
    expect(ids(await api.reviews.list({ merchantId, tab: "decided", rule: "gambling" }))).toEqual(
      [],
    );
    expect(
      ids(await api.reviews.list({ merchantId, tab: "decided", verdict: "REJECTED" })),
    ).toEqual([decided[1]]);
    expect(
      ids(
        await api.reviews.list({
          merchantId,
          tab: "decided",
          currency: "JPY",
          amountMin: "1500",
          amountMax: "2500",
        }),
      ),
    ).toEqual([decided[2], decided[1]]);
    // Keyset pages over payment_reviews: each row once.
    const first = await api.reviews.list({ merchantId, tab: "decided", limit: 2 });
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    const second = await api.reviews.list({
      merchantId,
      tab: "decided",
      limit: 2,
      after: first.nextAfter!,
    });
    expect(ids(second)).toEqual(newestFirst.slice(2));
    expect(second.nextAfter).toBeNull();
    // One payment, any merchant.
    expect(ids(await api.reviews.list({ tab: "decided", paymentId: decided[0] }))).toEqual([
      decided[0],
    ]);
  });

  it("copies the figures whoever writes the verdict row", async () => {
    const p = payments[3]!;
    await db.insert(paymentReviews).values({
      decisionId: p.decisionId,
      paymentId: p.paymentId,
      verdict: "APPROVED",
      reason: "written directly",
      reviewedBy: "test",
    });
    expect(ids(await api.reviews.list({ merchantId }))).toEqual([]);
    expect(ids(await api.reviews.list({ merchantId, tab: "decided", limit: 1 }))).toEqual([
      p.paymentId,
    ]);
  });
});

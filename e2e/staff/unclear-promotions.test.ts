/**
 * What staff see of promotions Alipay+ sent in a shape Plusdesk could not fully read, for payments
 * made through the real signed gateway: the investigation's lines with their readings, reasons and
 * raw JSON (refund lines too), the Payments list of such payments with its filters and pages, the
 * review queue's "not fully read" filter on both tabs, and the overview's count per day.
 */
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { payments } from "@/db/schema";
import { utcDay } from "@/server/console-stats/stats-window";
import {
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
import { decisionsOf } from "../fixtures/risk";
import { isoFromNow } from "../fixtures/signals";
import { createStaffAccount, staffCaller } from "../fixtures/staff";

type Caller = Awaited<ReturnType<typeof staffCaller>>;
let api: Caller;

beforeAll(async () => {
  api = await staffCaller(await createStaffAccount("ANALYST", "unclear-promotions"));
});

const autumn = {
  promoId: "PROMO-AUTUMN-300",
  promoName: "Autumn Japan: 300 JPY off",
  promoType: "CASHLESS_FIXED_VOUCHER",
  savingsAmount: krw(2790),
};

/** A signed pay with this paymentPromoInfo that succeeds; its paymentId. */
async function pay(customerId: string, paymentPromoInfo: unknown, merchantId = uniqueId("M")) {
  const base = payRequest(customerId, { paymentPromoInfo });
  const body = {
    ...base,
    order: { ...base.order, merchant: { ...base.order.merchant, referenceMerchantId: merchantId } },
  };
  const answer = await callGateway(PAY, body);
  expect(answer.resultCode).toBe("SUCCESS");
  return { paymentId: (answer.json as { paymentId: string }).paymentId, body };
}

describe("the payment investigation", () => {
  it("shows every line's reading, why, and raw JSON; the payment's total and problems; refund lines", async () => {
    const customerId = await createCustomer();
    const missing = { promoId: "PROMO-NO-AMOUNT" };
    const { paymentId, body } = await pay(customerId, {
      savingsAmount: krw(9999),
      paymentPromoDetails: [autumn, missing, "junk"],
    });
    const refund = refundRequest(body.paymentRequestId, {
      refundAmount: jpy(100),
      refundFromAmount: krw(930),
      refundPromoInfo: { refundPromoDetails: [{ promoId: "PROMO-ELSEWHERE" }] },
    });
    expect((await callGateway(REFUND, refund)).resultCode).toBe("SUCCESS");

    const found = await api.payments.investigate({ paymentId });
    expect(found.payment).toMatchObject({
      promotionReading: "NOT_UNDERSTOOD",
      promotionProblems: [],
      promoTotalMinor: "9999",
      promoTotalCurrency: "KRW",
      promoTotalWalletMinor: "9999",
    });
    expect(
      found.promotions.map((line) => [line.position, line.promoId, line.amountMinor, line.reading]),
    ).toEqual([
      [0, "PROMO-AUTUMN-300", "2790", "READ"],
      [1, "PROMO-NO-AMOUNT", null, "PARTLY_READ"],
      [2, null, null, "NOT_UNDERSTOOD"],
    ]);
    expect(found.promotions.map((line) => [line.problems, line.raw])).toEqual([
      [[], autumn],
      [["no savingsAmount"], missing],
      [['the entry is a string "junk"'], "junk"],
    ]);
    expect(found.refunds[0]).toMatchObject({ promotionReading: "PARTLY_READ" });
    expect(found.refunds[0]?.promotions).toEqual([
      expect.objectContaining({
        paymentPromotionId: null,
        promoId: "PROMO-ELSEWHERE",
        reading: "PARTLY_READ",
        problems: ["no savingsAmount or refundSavingsAmount or refundAmount"],
        raw: { promoId: "PROMO-ELSEWHERE" },
      }),
    ]);
  });

  it("a total that is not the sum of the entries is a problem of the payment", async () => {
    const { paymentId } = await pay(await createCustomer(), {
      savingsAmount: krw(3000),
      paymentPromoDetails: [autumn],
    });
    const found = await api.payments.investigate({ paymentId });
    expect(found.payment).toMatchObject({
      promotionReading: "PARTLY_READ",
      promotionProblems: [
        "the total savingsAmount (₩3,000) is not the sum of the entries (₩2,790)",
      ],
    });
  });
});

describe("the Payments list of promotions not fully read", () => {
  it("lists them newest first, not the read ones; filters by customer, status and day", async () => {
    const customerId = await createCustomer();
    const read = await pay(customerId, { paymentPromoDetails: [autumn] });
    const unclear = [];
    for (let i = 0; i < 3; i++) unclear.push(await pay(customerId, { offers: [i] }));

    const mine = await api.payments.list({ customerId });
    expect(mine.rows.map((row) => row.paymentId)).toEqual(
      unclear.map((p) => p.paymentId).reverse(),
    );
    expect(mine.rows.map((row) => row.paymentId)).not.toContain(read.paymentId);
    expect(mine.rows[0]).toMatchObject({
      customerId,
      status: "SUCCESS",
      promotionReading: "NOT_UNDERSTOOD",
      paymentAmount: { amountMinor: "1800", currency: "JPY" },
    });

    expect((await api.payments.list({ customerId, status: "FAILED" })).rows).toEqual([]);
    const today = utcDay(new Date());
    expect(
      (await api.payments.list({ customerId, fromDay: today, toDay: today })).rows,
    ).toHaveLength(3);
    const yesterday = utcDay(new Date(Date.now() - 86_400_000));
    expect((await api.payments.list({ customerId, toDay: yesterday })).rows).toEqual([]);
  });

  it("pages through them 50 at a time, each exactly once", async () => {
    // 53 unclear payments of one customer, received a second apart (one a failed one, so that
    // the status filter has something to find), then pages with the customer filter.
    const customerId = await createCustomer();
    const made: string[] = [];
    for (let i = 0; i < 53; i++) made.push((await pay(customerId, { offers: [i] })).paymentId);
    const base = Date.parse("2031-01-01T00:00:00Z");
    for (const [i, paymentId] of made.entries()) {
      await database.db
        .update(payments)
        .set({ receivedAt: new Date(base + i * 1000), ...(i === 7 ? { status: "FAILED" } : {}) })
        .where(eq(payments.paymentId, paymentId));
    }
    const first = await api.payments.list({ customerId });
    expect(first.rows).toHaveLength(50);
    expect(first.nextAfter).toBe(first.rows.at(-1)?.paymentId);
    const second = await api.payments.list({ customerId, after: first.nextAfter! });
    expect(second.nextAfter).toBeNull();
    expect([...first.rows, ...second.rows].map((row) => row.paymentId)).toEqual(
      [...made].reverse(),
    );
    expect((await api.payments.list({ status: "FAILED", customerId })).rows).toEqual([
      expect.objectContaining({ paymentId: made[7], status: "FAILED" }),
    ]);
  });
});

describe("the review queue's promotions filter", () => {
  it("keeps only payments whose promotions were not fully read, pending and decided", async () => {
    const merchantId = uniqueId("M-UNCLEAR");
    const newAccount = async () => {
      const customerId = await createCustomer();
      const put = await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
        accountCreatedAt: isoFromNow(-2 * 3_600_000),
      });
      expect(put.status).toBe(200);
      return customerId;
    };
    const clear = await pay(await newAccount(), { paymentPromoDetails: [autumn] }, merchantId);
    const unclear = await pay(await newAccount(), "PROMO?", merchantId);
    for (const p of [clear, unclear]) {
      expect((await decisionsOf(p.body.paymentRequestId))[0]?.outcome).toBe("REVIEW");
    }

    const pending = (promotions?: "unclear") =>
      api.reviews.list({ tab: "pending", merchantId, promotions });
    expect((await pending()).rows.map((r) => r.paymentId).sort()).toEqual(
      [clear.paymentId, unclear.paymentId].sort(),
    );
    expect((await pending("unclear")).rows.map((r) => r.paymentId)).toEqual([unclear.paymentId]);

    for (const p of [clear, unclear]) {
      await api.reviews.decide({
        paymentId: p.paymentId,
        decision: "APPROVE",
        reason: "checked by hand",
      });
    }
    const decided = (promotions?: "unclear") =>
      api.reviews.list({ tab: "decided", merchantId, promotions });
    expect((await decided()).rows).toHaveLength(2);
    expect((await decided("unclear")).rows.map((r) => r.paymentId)).toEqual([unclear.paymentId]);
  });
});

describe("the overview", () => {
  it("counts a day's payments whose promotions were not fully read, whatever their outcome", async () => {
    // A day of this test's own (1930s: no other test writes there), the payments moved to it.
    const day = utcDay(new Date(Date.UTC(1930, 0, 1) + randomInt(0, 3650) * 86_400_000));
    const customerId = await createCustomer({ balance: 0n });
    // Refused for the balance, still counted: its promotions were not fully read.
    const refused = payRequest(customerId, { paymentPromoInfo: { paymentPromoDetails: [{}] } });
    expect((await callGateway(PAY, refused)).resultCode).toBe("USER_BALANCE_NOT_ENOUGH");
    const read = await pay(await createCustomer(), { paymentPromoDetails: [autumn] });
    const unread = await pay(await createCustomer(), { promotionDetails: [autumn] });
    for (const id of [
      refused.paymentRequestId,
      read.body.paymentRequestId,
      unread.body.paymentRequestId,
    ]) {
      await database.db
        .update(payments)
        .set({ receivedAt: new Date(`${day}T12:00:00Z`) })
        .where(eq(payments.paymentRequestId, id));
    }
    const overview = await api.overview.get({ from: day, to: day });
    expect(overview.unclearPromotions).toEqual([{ day, payments: 2 }]);
    expect(overview.promotedDays).toEqual([{ day, payments: 2 }]);
  });
});

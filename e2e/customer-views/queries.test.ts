/**
 * The customer pages' data layer (server/customer-views) over data made by real gateway traffic:
 * ownership, what the history shows and in which order, totals from stored rows only
 * (docs/protocol.md#promotion-amounts-in-the-wallet-currency), and the refund result's
 * per-promotion clawbacks.
 */
import { describe, expect, it } from "vitest";
import { findRefund } from "@/server/customer-views/find-refund";
import { findTransaction } from "@/server/customer-views/find-transaction";
import { listTransactions } from "@/server/customer-views/list-transactions";
import { decodeTransactionCursor } from "@/server/customer-views/transaction-cursor";
import {
  callGateway,
  cancelPayment,
  createCustomer,
  database,
  failedPayment,
  krw,
  PAY,
  payRequest,
  paidPayment,
  REFUND,
  refundRequest,
} from "../fixtures/gateway";
import { allowListCustomer } from "../fixtures/db";

const { db } = database;

async function pay(customerId: string, overrides: Record<string, unknown> = {}) {
  const answer = await callGateway(PAY, payRequest(customerId, overrides));
  return (answer.json as { paymentId: string }).paymentId;
}

async function refund(paymentRequestId: string, from: bigint, clawbacks: [string, bigint][]) {
  const answer = await callGateway(
    REFUND,
    refundRequest(paymentRequestId, {
      refundAmount: { currency: "JPY", value: String(from / 93n) },
      refundFromAmount: krw(from),
      refundPromoInfo: {
        paymentPromoDetails: clawbacks.map(([promoId, amount]) => ({
          promoId,
          promoName: promoId,
          promoType: "DISCOUNT",
          savingsAmount: krw(amount),
        })),
      },
    }),
  );
  return (answer.json as { refundId: string }).refundId;
}

/** Every page of a customer's history, following the cursors. */
async function wholeHistory(customerId: string, pageSize: number) {
  const pages = [];
  let cursor: string | null = null;
  do {
    const page = await listTransactions(
      db,
      customerId,
      cursor === null ? null : decodeTransactionCursor(cursor),
      pageSize,
    );
    pages.push(page.transactions.map((t) => t.paymentId));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe("customer views", () => {
  it("answers another customer's payment and refund exactly like unknown ids", async () => {
    const { customerId, paymentId, paymentRequestId } = await paidPayment();
    const refundId = await refund(paymentRequestId, 8370n, []);
    const stranger = await createCustomer();

    expect(await findTransaction(db, customerId, paymentId)).not.toBeNull();
    expect(await findRefund(db, customerId, refundId)).not.toBeNull();
    expect(await findTransaction(db, stranger, paymentId)).toBeNull();
    expect(await findRefund(db, stranger, refundId)).toBeNull();
    expect(await findTransaction(db, stranger, "P-NO-SUCH-PAYMENT")).toBeNull();
    expect(await listTransactions(db, stranger, null)).toEqual({
      transactions: [],
      nextCursor: null,
    });
  });

  it("pages through the history newest first, each payment exactly once", async () => {
    const customerId = await createCustomer();
    await allowListCustomer(customerId);
    const paid: string[] = [];
    for (let i = 0; i < 5; i += 1) paid.push(await pay(customerId));

    const pages = await wholeHistory(customerId, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(paid.reverse());
  });

  it("lists a failed payment as failed, with its reason and no saving", async () => {
    const { customerId } = await failedPayment();
    const { transactions } = await listTransactions(db, customerId, null);
    expect(transactions).toEqual([
      expect.objectContaining({
        status: "failed",
        failureReason: "balanceNotEnough",
        saved: null,
        promotionCount: 0,
      }),
    ]);
  });

  it("shows a cancelled payment as cancelled, and a failed one cancelled afterwards as failed", async () => {
    const paidThenCancelled = await paidPayment();
    await cancelPayment(paidThenCancelled.paymentRequestId);
    const [shown] = (await listTransactions(db, paidThenCancelled.customerId, null)).transactions;
    expect(shown).toMatchObject({ paymentId: paidThenCancelled.paymentId, status: "cancelled" });

    const failedThenClosed = await failedPayment();
    await cancelPayment(failedThenClosed.paymentRequestId);
    const [failed] = (await listTransactions(db, failedThenClosed.customerId, null)).transactions;
    expect(failed).toMatchObject({
      status: "failed",
      failureReason: "balanceNotEnough",
      saved: null,
    });
  });

  it("totals only what has a wallet amount: a promotion that could not be converted is left out", async () => {
    const customerId = await createCustomer();
    const paymentId = await pay(customerId, {
      paymentPromoInfo: {
        paymentPromoDetails: [
          {
            promoId: "P-JPY",
            promoName: "300 JPY off",
            savingsAmount: { currency: "JPY", value: "300" },
          },
          {
            promoId: "P-USD",
            promoName: "USD 0.67 off",
            savingsAmount: { currency: "USD", value: "67" },
          },
        ],
      },
    });
    const detail = await findTransaction(db, customerId, paymentId);
    expect(detail?.promotions.map((p) => [p.received, p.saving])).toEqual([
      [
        { amountMinor: 300n, currency: "JPY" },
        { amountMinor: 2790n, currency: "KRW" },
      ],
      [{ amountMinor: 67n, currency: "USD" }, null],
    ]);
    expect(detail?.saved).toEqual({ amountMinor: 2790n, currency: "KRW" });
    // Not every promotion has a wallet amount, so paid + saved is not the order's price.
    expect(detail?.orderInWalletCurrency).toBeNull();
    expect(detail?.exchangeRate).toEqual({
      fromCurrency: "JPY",
      units: "1",
      toCurrency: "KRW",
      price: "9.3",
    });
  });

  it("gives the detail its totals, promotions and successful refunds from stored rows", async () => {
    const { customerId, paymentId, paymentRequestId } = await paidPayment();
    const refundId = await refund(paymentRequestId, 8370n, [["PROMO-AUTUMN-300", 1395n]]);

    const detail = await findTransaction(db, customerId, paymentId);
    expect(detail).toMatchObject({
      status: "partlyRefunded",
      paid: { amountMinor: 16740n, currency: "KRW" },
      saved: { amountMinor: 3720n, currency: "KRW" },
      refunded: { amountMinor: 8370n, currency: "KRW" },
      order: { amountMinor: 2200n, currency: "JPY" },
      orderInWalletCurrency: { amountMinor: 20460n, currency: "KRW" },
      merchant: { originalName: "宇治茶房 銀座店", displayName: "Uji Sabo Ginza" },
      refunds: [{ refundId, returned: { amountMinor: 8370n, currency: "KRW" } }],
    });
    expect(detail?.promotions.map((p) => p.promoId)).toEqual([
      "PROMO-AUTUMN-300",
      "PROMO-NEWUSER-100",
    ]);
  });

  it("tells each refund what it took back from every promotion and what was left after it", async () => {
    const { customerId, paymentRequestId } = await paidPayment();
    const first = await refund(paymentRequestId, 4185n, [
      ["PROMO-AUTUMN-300", 700n],
      ["PROMO-NEWUSER-100", 230n],
    ]);
    const second = await refund(paymentRequestId, 4185n, [["PROMO-AUTUMN-300", 695n]]);

    const krwOf = (amountMinor: bigint) => ({ amountMinor, currency: "KRW" });
    const afterFirst = await findRefund(db, customerId, first);
    expect(afterFirst?.promotions.map((p) => [p.takenBack, p.remaining])).toEqual([
      [krwOf(700n), krwOf(2090n)],
      [krwOf(230n), krwOf(700n)],
    ]);
    expect(afterFirst?.afterRefund).toEqual({
      paid: krwOf(16740n),
      refunded: krwOf(4185n),
      remaining: krwOf(12555n),
    });

    const afterSecond = await findRefund(db, customerId, second);
    expect(afterSecond?.returned).toEqual(krwOf(4185n));
    expect(afterSecond?.promotions.map((p) => [p.takenBack, p.remaining])).toEqual([
      [krwOf(695n), krwOf(1395n)],
      [null, krwOf(700n)],
    ]);
    expect(afterSecond?.afterRefund).toEqual({
      paid: krwOf(16740n),
      refunded: krwOf(8370n),
      remaining: krwOf(8370n),
    });
  });
});

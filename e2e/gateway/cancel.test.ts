/**
 * cancelPayment through the real server (docs/protocol.md#cancelpayment, #refunds-and-cancels): it
 * succeeds in every state, gives back what the payment took less what refunds returned, once, and
 * closes the id for good.
 */
import { describe, expect, it } from "vitest";
import {
  BALANCE_AFTER_PAY,
  balanceOf,
  CANCEL,
  callGateway,
  cancelPayment,
  createCustomer,
  failedPayment,
  INITIAL_BALANCE,
  inquirePayment,
  paidPayment,
  PAY,
  PAY_TO,
  PAYMENT_AMOUNT,
  payRequest,
  reference,
  REFUND,
  refundRequest,
  refundRequestFor,
  uniqueId,
} from "../fixtures/gateway";
import { expectBalanceMatchesLedger, ledgerAmountsOf, ledgerOf, paymentRows } from "../fixtures/db";
import { resultMatching } from "../fixtures/matchers";

async function refund(paymentRequestId: string, amount: bigint, from: bigint) {
  const answer = await callGateway(REFUND, refundRequestFor(paymentRequestId, { amount, from }));
  expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
}

describe("cancelPayment", () => {
  it("of a paid payment credits back payToAmount exactly and closes it", async () => {
    const paid = await paidPayment();
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY);

    await cancelPayment(paid.paymentRequestId);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    const ledger = await ledgerOf(paid.customerId);
    expect(ledger.filter((e) => e.kind === "CANCEL")).toEqual([
      expect.objectContaining({ amountMinor: PAY_TO, currency: "KRW", paymentId: paid.paymentId }),
    ]);
    await expectBalanceMatchesLedger(paid.customerId);
    const [row] = await paymentRows(paid.paymentRequestId);
    expect(row?.status).toBe("CLOSED");
    expect(Math.abs((row?.closedAt?.getTime() ?? Number.NaN) - Date.now())).toBeLessThan(60_000);
  });

  it("after partial refunds credits back only what is left (payToAmount − Σ refundFromAmount)", async () => {
    const paid = await paidPayment();
    await refund(paid.paymentRequestId, 500n, 5000n);
    await refund(paid.paymentRequestId, 100n, 1000n);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 6000n);

    await cancelPayment(paid.paymentRequestId);
    expect(await ledgerAmountsOf(paid.customerId, "CANCEL")).toEqual([PAY_TO - 6000n]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  it("after a full refund credits nothing and still answers S", async () => {
    const paid = await paidPayment();
    await refund(paid.paymentRequestId, PAYMENT_AMOUNT, PAY_TO);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);

    await cancelPayment(paid.paymentRequestId);
    expect(await ledgerAmountsOf(paid.customerId, "CANCEL")).toEqual([]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect((await paymentRows(paid.paymentRequestId))[0]?.status).toBe("CLOSED");
  });

  it("repeated answers S every time and credits once", async () => {
    const paid = await paidPayment();
    await cancelPayment(paid.paymentRequestId);
    await cancelPayment(paid.paymentRequestId);
    await cancelPayment(paid.paymentRequestId);
    expect(await ledgerAmountsOf(paid.customerId, "CANCEL")).toEqual([PAY_TO]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  it("of an id never seen answers S and closes it in advance: a later pay is ORDER_IS_CLOSED, no debit", async () => {
    const customerId = await createCustomer({ balance: INITIAL_BALANCE });
    const request = payRequest(customerId);
    await cancelPayment(request.paymentRequestId);
    const [closed] = await paymentRows(request.paymentRequestId);
    expect(closed).toMatchObject({ status: "CLOSED", customerId: null, paymentTime: null });

    const pay = await callGateway(PAY, request);
    expect(pay.json).toEqual({ result: resultMatching("ORDER_IS_CLOSED", "F") });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
    expect(await paymentRows(request.paymentRequestId)).toHaveLength(1);

    // Cancelling again is still fine, and still moves nothing.
    await cancelPayment(request.paymentRequestId);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("makes a replayed pay answer ORDER_IS_CLOSED (the one replay that differs), no second debit", async () => {
    const paid = await paidPayment();
    // Before the cancel, a replay is the first answer byte for byte.
    const before = await callGateway(PAY, paid.request);
    expect(before.text).toBe(paid.answer.text);

    await cancelPayment(paid.paymentRequestId);
    const after = await callGateway(PAY, paid.request);
    expect(after.json).toEqual({ result: resultMatching("ORDER_IS_CLOSED", "F") });
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(paid.customerId)).map((e) => e.kind)).toEqual([
      "TOP_UP",
      "PAYMENT",
      "CANCEL",
    ]);
  });

  it("of a FAILED payment answers S and moves no money", async () => {
    const failed = await failedPayment();
    await cancelPayment(failed.paymentRequestId);
    expect(await balanceOf(failed.customerId)).toBe(100n);
    expect((await ledgerOf(failed.customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
    expect((await paymentRows(failed.paymentRequestId))[0]?.status).toBe("CLOSED");

    // Its replay now answers ORDER_IS_CLOSED rather than USER_BALANCE_NOT_ENOUGH.
    const replay = await callGateway(PAY, failed.request);
    expect(replay.json).toMatchObject({
      result: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });
  });

  it("is reported by inquiry as paymentResult F/ORDER_IS_CLOSED", async () => {
    const paid = await paidPayment();
    await cancelPayment(paid.paymentRequestId);
    const inquiry = await inquirePayment(paid.paymentRequestId);
    expect(inquiry.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });

    const neverSeen = uniqueId("PAY");
    await cancelPayment(neverSeen);
    const inquiryNeverSeen = await inquirePayment(neverSeen);
    expect(inquiryNeverSeen.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });
  });

  it("makes a later refund answer ORDER_IS_CLOSED, with no credit", async () => {
    const paid = await paidPayment();
    await cancelPayment(paid.paymentRequestId);
    const answer = await callGateway(
      REFUND,
      refundRequest(paid.paymentRequestId, { paymentId: paid.paymentId }),
    );
    expect(answer.json).toEqual({ result: resultMatching("ORDER_IS_CLOSED", "F") });
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(paid.customerId)).some((e) => e.kind === "REFUND")).toBe(false);
  });

  it("answers PARAM_ILLEGAL for a request missing pspId, and closes nothing", async () => {
    const paid = await paidPayment();
    const { pspId: _pspId, ...incomplete } = reference(paid.paymentRequestId);
    const answer = await callGateway(CANCEL, incomplete);
    expect(answer.json).toMatchObject({
      result: { resultCode: "PARAM_ILLEGAL", resultStatus: "F" },
    });
    expect((await paymentRows(paid.paymentRequestId))[0]?.status).toBe("SUCCESS");
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY);
  });
});

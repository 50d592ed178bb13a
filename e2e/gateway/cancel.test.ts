/**
 * cancelPayment through the real server (API.md §3 cancelPayment, §7 "Refunds and cancels"): it
 * succeeds in every state, gives back what the payment took less what refunds returned, once, and
 * closes the id for good.
 */
import { describe, expect, it } from "vitest";
import {
  alipay,
  balanceOf,
  CANCEL,
  createCustomer,
  INQUIRY,
  PAY,
  payRequest,
  reference,
  REFUND,
  refundRequest,
  uniqueId,
} from "../fixtures/gateway";
import {
  expectBalanceMatchesLedger,
  failedPayment,
  INITIAL_BALANCE,
  ledgerOf,
  paidPayment,
  PAY_TO,
  PAYMENT_AMOUNT,
  paymentRows,
  ANY_TEXT,
} from "../fixtures/gateway-db";

async function cancel(paymentRequestId: string) {
  const answer = await alipay.call(CANCEL, reference(paymentRequestId));
  expect(answer.status).toBe(200);
  expect(answer.responseSignatureValid).toBe(true);
  expect(answer.json).toEqual({
    result: { resultCode: "SUCCESS", resultStatus: "S", resultMessage: ANY_TEXT },
  });
  return answer;
}

async function cancelCredits(customerId: string): Promise<bigint[]> {
  return (await ledgerOf(customerId)).filter((e) => e.kind === "CANCEL").map((e) => e.amountMinor);
}

async function refund(paymentRequestId: string, amount: bigint, from: bigint) {
  const answer = await alipay.call(
    REFUND,
    refundRequest(paymentRequestId, {
      refundAmount: { currency: "JPY", value: String(amount) },
      refundFromAmount: { currency: "KRW", value: String(from) },
    }),
  );
  expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
}

describe("cancelPayment", () => {
  it("of a paid payment credits back payToAmount exactly and closes it", async () => {
    const paid = await paidPayment();
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE - PAY_TO);

    await cancel(paid.paymentRequestId);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    const ledger = await ledgerOf(paid.customerId);
    expect(ledger.filter((e) => e.kind === "CANCEL")).toEqual([
      expect.objectContaining({ amountMinor: PAY_TO, currency: "KRW", paymentId: paid.paymentId }),
    ]);
    await expectBalanceMatchesLedger(paid.customerId);
    const [row] = await paymentRows(paid.paymentRequestId);
    expect(row?.status).toBe("CLOSED");
    expect(Math.abs(Date.parse(row?.closed_at ?? "") - Date.now())).toBeLessThan(60_000);
  });

  it("after partial refunds credits back only what is left (payToAmount − Σ refundFromAmount)", async () => {
    const paid = await paidPayment();
    await refund(paid.paymentRequestId, 500n, 5000n);
    await refund(paid.paymentRequestId, 100n, 1000n);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE - PAY_TO + 6000n);

    await cancel(paid.paymentRequestId);
    expect(await cancelCredits(paid.customerId)).toEqual([PAY_TO - 6000n]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  it("after a full refund credits nothing and still answers S", async () => {
    const paid = await paidPayment();
    await refund(paid.paymentRequestId, PAYMENT_AMOUNT, PAY_TO);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);

    await cancel(paid.paymentRequestId);
    expect(await cancelCredits(paid.customerId)).toEqual([]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect((await paymentRows(paid.paymentRequestId))[0]?.status).toBe("CLOSED");
  });

  it("repeated answers S every time and credits once", async () => {
    const paid = await paidPayment();
    await cancel(paid.paymentRequestId);
    await cancel(paid.paymentRequestId);
    await cancel(paid.paymentRequestId);
    expect(await cancelCredits(paid.customerId)).toEqual([PAY_TO]);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  it("of an id never seen answers S and closes it in advance: a later pay is ORDER_IS_CLOSED, no debit", async () => {
    const customerId = await createCustomer({ balance: INITIAL_BALANCE });
    const request = payRequest(customerId);
    await cancel(request.paymentRequestId);
    const [closed] = await paymentRows(request.paymentRequestId);
    expect(closed).toMatchObject({ status: "CLOSED", customer_id: null, payment_time: null });

    const pay = await alipay.call(PAY, request);
    expect(pay.responseSignatureValid).toBe(true);
    expect(pay.json).toEqual({
      result: {
        resultCode: "ORDER_IS_CLOSED",
        resultStatus: "F",
        resultMessage: ANY_TEXT,
      },
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
    expect(await paymentRows(request.paymentRequestId)).toHaveLength(1);

    // Cancelling again is still fine, and still moves nothing.
    await cancel(request.paymentRequestId);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("makes a replayed pay answer ORDER_IS_CLOSED (the one replay that differs), no second debit", async () => {
    const paid = await paidPayment();
    // Before the cancel, a replay is the first answer byte for byte.
    const before = await alipay.call(PAY, paid.request);
    expect(before.text).toBe(paid.answerText);

    await cancel(paid.paymentRequestId);
    const after = await alipay.call(PAY, paid.request);
    expect(after.responseSignatureValid).toBe(true);
    expect(after.json).toEqual({
      result: {
        resultCode: "ORDER_IS_CLOSED",
        resultStatus: "F",
        resultMessage: ANY_TEXT,
      },
    });
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(paid.customerId)).map((e) => e.kind)).toEqual([
      "TOP_UP",
      "PAYMENT",
      "CANCEL",
    ]);
  });

  it("of a FAILED payment answers S and moves no money", async () => {
    const failed = await failedPayment();
    await cancel(failed.paymentRequestId);
    expect(await balanceOf(failed.customerId)).toBe(100n);
    expect((await ledgerOf(failed.customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
    expect((await paymentRows(failed.paymentRequestId))[0]?.status).toBe("CLOSED");

    // Its replay now answers ORDER_IS_CLOSED rather than USER_BALANCE_NOT_ENOUGH.
    const replay = await alipay.call(PAY, failed.request);
    expect(replay.json).toMatchObject({
      result: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });
  });

  it("is reported by inquiry as paymentResult F/ORDER_IS_CLOSED", async () => {
    const paid = await paidPayment();
    await cancel(paid.paymentRequestId);
    const inquiry = await alipay.call(INQUIRY, reference(paid.paymentRequestId));
    expect(inquiry.responseSignatureValid).toBe(true);
    expect(inquiry.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });

    const neverSeen = uniqueId("PAY");
    await cancel(neverSeen);
    const inquiryNeverSeen = await alipay.call(INQUIRY, reference(neverSeen));
    expect(inquiryNeverSeen.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });
  });

  it("makes a later refund answer ORDER_IS_CLOSED, with no credit", async () => {
    const paid = await paidPayment();
    await cancel(paid.paymentRequestId);
    const answer = await alipay.call(
      REFUND,
      refundRequest(paid.paymentRequestId, { paymentId: paid.paymentId }),
    );
    expect(answer.json).toEqual({
      result: {
        resultCode: "ORDER_IS_CLOSED",
        resultStatus: "F",
        resultMessage: ANY_TEXT,
      },
    });
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(paid.customerId)).some((e) => e.kind === "REFUND")).toBe(false);
  });

  it("answers PARAM_ILLEGAL for a request missing pspId, and closes nothing", async () => {
    const paid = await paidPayment();
    const { pspId: _pspId, ...incomplete } = reference(paid.paymentRequestId);
    const answer = await alipay.call(CANCEL, incomplete);
    expect(answer.json).toMatchObject({
      result: { resultCode: "PARAM_ILLEGAL", resultStatus: "F" },
    });
    expect((await paymentRows(paid.paymentRequestId))[0]?.status).toBe("SUCCESS");
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE - PAY_TO);
  });
});

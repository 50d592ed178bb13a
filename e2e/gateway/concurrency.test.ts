/**
 * Concurrent copies over real HTTP (docs/protocol.md#idempotency, #refunds-and-cancels): one
 * winner, the others replay its answer; partial refunds racing each other never exceed the payment;
 * a pay racing its cancel always ends consistent; different pays racing at a wallet limit's edge
 * pass exactly as many times as the limit allows. Money is checked against the ledger every time.
 */
import { describe, expect, it } from "vitest";
import {
  BALANCE_AFTER_PAY,
  balanceOf,
  callGateway,
  cancelPayment,
  createCustomer,
  INITIAL_BALANCE,
  inquirePayment,
  paidPayment,
  PAY,
  PAY_TO,
  PAYMENT_AMOUNT,
  payRequest,
  plainPayRequest,
  REFUND,
  refundRequest,
  refundRequestFor,
  krw,
} from "../fixtures/gateway";
import {
  expectBalanceMatchesLedger,
  ledgerAmountsOf,
  ledgerOf,
  paymentRows,
  refundRows,
} from "../fixtures/db";

function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe("concurrency", () => {
  it("50 concurrent copies of one pay: all S with the same paymentId and body, one debit", async () => {
    const customerId = await createCustomer({ balance: INITIAL_BALANCE });
    const request = payRequest(customerId);
    const answers = await Promise.all(times(50, () => callGateway(PAY, request)));

    for (const answer of answers) {
      expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
    }
    const paymentIds = new Set(answers.map((a) => (a.json as { paymentId: string }).paymentId));
    expect(paymentIds.size).toBe(1);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);

    const rows = await paymentRows(request.paymentRequestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.paymentId).toBe([...paymentIds][0]);
    expect(await balanceOf(customerId)).toBe(BALANCE_AFTER_PAY);
    const debits = (await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT");
    expect(debits).toEqual([
      expect.objectContaining({ amountMinor: -PAY_TO, paymentId: rows[0]?.paymentId }),
    ]);
    await expectBalanceMatchesLedger(customerId);
  });

  // Which cap binds: refundFromAmount (16740 / 1000 → 16) or refundAmount (1800 / 150 → 12).
  const refundRaces = [
    { cap: "Σ refundFromAmount ≤ payToAmount", amount: 100n, from: 1000n, expected: 16 },
    { cap: "Σ refundAmount ≤ paymentAmount", amount: 150n, from: 500n, expected: 12 },
  ];

  it.each(refundRaces)(
    "20 concurrent partial refunds that together exceed the payment ($cap): exactly $expected succeed",
    async ({ amount, from, expected }) => {
      expect(Math.min(Number(PAY_TO / from), Number(PAYMENT_AMOUNT / amount))).toBe(expected);
      const paid = await paidPayment();
      const requests = times(20, () => refundRequestFor(paid.paymentRequestId, { amount, from }));
      const answers = await Promise.all(requests.map((r) => callGateway(REFUND, r)));
      const codes = answers.map((a) => a.resultCode);
      expect(codes.filter((c) => c === "SUCCESS")).toHaveLength(expected);
      expect(codes.filter((c) => c === "REFUND_AMOUNT_EXCEED")).toHaveLength(20 - expected);

      const credits = await ledgerAmountsOf(paid.customerId, "REFUND");
      expect(credits).toHaveLength(expected);
      const credited = credits.reduce((sum, credit) => sum + credit, 0n);
      expect(credited).toBe(BigInt(expected) * from);
      expect(credited).toBeLessThanOrEqual(PAY_TO);
      expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + credited);
      await expectBalanceMatchesLedger(paid.customerId);

      // Each answer matches what was stored under its id.
      for (const [i, request] of requests.entries()) {
        const [row] = await refundRows(request.refundRequestId);
        expect(row?.resultCode).toBe(codes[i]);
        expect(row?.responseBody).toBe(answers[i]?.text);
      }
    },
  );

  it("20 concurrent copies of one refund: all S with the same body, one credit", async () => {
    const paid = await paidPayment();
    const request = refundRequest(paid.paymentRequestId, { paymentId: paid.paymentId });
    const answers = await Promise.all(times(20, () => callGateway(REFUND, request)));

    for (const answer of answers) {
      expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
    }
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await refundRows(request.refundRequestId)).toHaveLength(1);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([8370n]);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  it("a pay racing its cancel ends consistent: paid-then-cancelled or closed in advance", async () => {
    const outcomes = await Promise.all(
      times(10, async (i) => {
        const customerId = await createCustomer({ balance: INITIAL_BALANCE });
        const request = payRequest(customerId);
        const payFirst = i % 2 === 0;
        const [pay, cancel] = payFirst
          ? await Promise.all([callGateway(PAY, request), cancelPayment(request.paymentRequestId)])
          : await Promise.all([
              cancelPayment(request.paymentRequestId),
              callGateway(PAY, request),
            ]).then(([c, p]) => [p, c] as const);

        expect(cancel.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
        expect(["SUCCESS", "ORDER_IS_CLOSED"]).toContain(pay.resultCode);

        const kinds = (await ledgerOf(customerId)).map((e) => [e.kind, e.amountMinor]);
        if (pay.resultCode === "SUCCESS") {
          expect(kinds).toEqual([
            ["TOP_UP", INITIAL_BALANCE],
            ["PAYMENT", -PAY_TO],
            ["CANCEL", PAY_TO],
          ]);
        } else {
          expect(kinds).toEqual([["TOP_UP", INITIAL_BALANCE]]);
        }
        expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
        await expectBalanceMatchesLedger(customerId);

        const rows = await paymentRows(request.paymentRequestId);
        expect(rows.map((r) => r.status)).toEqual(["CLOSED"]);
        // Either way the id is closed now.
        const replay = await callGateway(PAY, request);
        expect(replay.resultCode).toBe("ORDER_IS_CLOSED");
        const inquiry = await inquirePayment(request.paymentRequestId);
        expect(inquiry.json).toMatchObject({
          paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
        });
        return pay.resultCode;
      }),
    );
    expect(outcomes).toHaveLength(10);
  });

  it("partial refunds racing a cancel never give back more than payToAmount", async () => {
    const paid = await paidPayment();
    const refunds = times(8, () =>
      callGateway(REFUND, refundRequestFor(paid.paymentRequestId, { amount: 100, from: 1000 })),
    );
    const cancel = cancelPayment(paid.paymentRequestId);
    const [cancelAnswer, ...refundAnswers] = await Promise.all([cancel, ...refunds]);
    expect(cancelAnswer?.resultCode).toBe("SUCCESS");

    const succeeded = refundAnswers.filter((a) => a.resultCode === "SUCCESS").length;
    for (const answer of refundAnswers) {
      expect(["SUCCESS", "ORDER_IS_CLOSED"]).toContain(answer.resultCode);
    }
    const ledger = await ledgerOf(paid.customerId);
    const refunded = ledger.filter((e) => e.kind === "REFUND");
    const cancelled = ledger.filter((e) => e.kind === "CANCEL");
    expect(refunded).toHaveLength(succeeded);
    expect(cancelled.map((e) => e.amountMinor)).toEqual([PAY_TO - BigInt(succeeded) * 1000n]);
    // Everything the payment took came back exactly once.
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  // Each limit leaves room for exactly 3 of 12 different pays fired at once (README "Wallet
  // limits": judged under the customer's wallet row lock).
  const limitRaces = [
    { code: "PAYMENT_COUNT_EXCEED_LIMIT", limits: { dailyCountMax: 3 } },
    { code: "USER_AMOUNT_EXCEED_LIMIT", limits: { dailyAmountMax: krw(4n * PAY_TO - 1n) } },
  ];

  it.each(limitRaces)(
    "12 different pays at once against a limit with room for 3: exactly 3 pass, 9 get $code",
    async ({ code, limits }) => {
      const customerId = await createCustomer({ balance: INITIAL_BALANCE, limits });
      const requests = times(12, () => plainPayRequest(customerId));
      const answers = await Promise.all(requests.map((r) => callGateway(PAY, r)));
      const codes = answers.map((a) => a.resultCode);
      expect(codes.filter((c) => c === "SUCCESS")).toHaveLength(3);
      expect(codes.filter((c) => c === code)).toHaveLength(9);

      expect(await ledgerAmountsOf(customerId, "PAYMENT")).toEqual([-PAY_TO, -PAY_TO, -PAY_TO]);
      expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - 3n * PAY_TO);
      await expectBalanceMatchesLedger(customerId);
      for (const [i, request] of requests.entries()) {
        const [row] = await paymentRows(request.paymentRequestId);
        expect(row?.resultCode).toBe(codes[i]);
      }
    },
  );
});

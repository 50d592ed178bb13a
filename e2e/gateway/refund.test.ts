/**
 * refund through the real server (docs/protocol.md#refund, #promotions, #refunds-and-cancels,
 * #idempotency): credits, both caps, the refusals, promotion clawbacks and replays.
 */
import { describe, expect, it } from "vitest";
import {
  BALANCE_AFTER_PAY,
  balanceOf,
  callGateway,
  cancelPayment,
  database,
  failedPayment,
  INITIAL_BALANCE,
  jpy,
  krw,
  paidPayment,
  PAY_TO,
  PAYMENT_AMOUNT,
  REFUND,
  refundRequest,
  refundRequestFor,
  uniqueId,
} from "../fixtures/gateway";
import {
  expectBalanceMatchesLedger,
  ledgerAmountsOf,
  ledgerOf,
  paymentPromotionsOf,
  refundPromotionsOf,
  refundRows,
} from "../fixtures/db";
import { ALIPAY_TIME, resultMatching } from "../fixtures/matchers";

function promo(promoId: string | null, amountField: string, amount: object) {
  return {
    promoId,
    promoName: `${promoId ?? "no id"} clawback`,
    promoType: "CASHLESS_FIXED_VOUCHER",
    [amountField]: amount,
  };
}

async function refundOk(body: unknown) {
  const answer = await callGateway(REFUND, body);
  expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
  return { ...answer, refundId: (answer.json as { refundId: string }).refundId };
}

async function refundFails(body: unknown, code: string) {
  const answer = await callGateway(REFUND, body);
  expect(answer.json).toEqual({ result: resultMatching(code, "F") });
  return answer;
}

describe("refund: success", () => {
  it("credits exactly refundFromAmount, answers refundId and refundTime, links the promotions", async () => {
    const paid = await paidPayment();
    const details = [
      promo("PROMO-AUTUMN-300", "savingsAmount", krw(1395)),
      promo("PROMO-NEWUSER-100", "savingsAmount", krw(465)),
    ];
    const body = refundRequest(paid.paymentRequestId, {
      paymentId: paid.paymentId,
      refundPromoInfo: { paymentPromoDetails: details },
    });
    const before = Date.now();
    const answer = await refundOk(body);
    const json = answer.json as { refundId: string; refundTime: string };
    expect(Object.keys(json).sort()).toEqual(["refundId", "refundTime", "result"]);
    expect(json.refundId).toMatch(/^R\d{28}$/);
    expect(json.refundTime).toMatch(ALIPAY_TIME);
    expect(Math.abs(Date.parse(json.refundTime) - before)).toBeLessThan(60_000);

    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    const ledger = await ledgerOf(paid.customerId);
    expect(ledger.filter((e) => e.kind === "REFUND")).toEqual([
      expect.objectContaining({
        amountMinor: 8370n,
        currency: "KRW",
        paymentId: paid.paymentId,
        refundId: json.refundId,
      }),
    ]);
    await expectBalanceMatchesLedger(paid.customerId);

    const [row] = await refundRows(body.refundRequestId);
    expect(row).toMatchObject({
      refundId: json.refundId,
      paymentId: paid.paymentId,
      status: "SUCCESS",
      resultCode: "SUCCESS",
      refundAmountMinor: 900n,
      refundFromAmountMinor: 8370n,
      responseBody: answer.text,
    });

    const promotions = await paymentPromotionsOf(paid.paymentId);
    const autumn = promotions.find((p) => p.promoId === "PROMO-AUTUMN-300");
    const newUser = promotions.find((p) => p.promoId === "PROMO-NEWUSER-100");
    expect(autumn?.walletAmountMinor).toBe(2790n);
    expect(newUser?.walletAmountMinor).toBe(930n);
    const refundPromotions = await refundPromotionsOf(json.refundId);
    expect(refundPromotions).toEqual([
      expect.objectContaining({
        position: 0,
        promoId: "PROMO-AUTUMN-300",
        paymentPromotionId: autumn?.id,
        amountMinor: 1395n,
        currency: "KRW",
        walletAmountMinor: 1395n,
        conversion: "SAME_CURRENCY",
        exceedsRemaining: false,
      }),
      expect.objectContaining({
        position: 1,
        promoId: "PROMO-NEWUSER-100",
        paymentPromotionId: newUser?.id,
        amountMinor: 465n,
        currency: "KRW",
        walletAmountMinor: 465n,
        conversion: "SAME_CURRENCY",
        exceedsRemaining: false,
      }),
    ]);
    // The raw detail is kept as received.
    expect(refundPromotions[0]?.raw).toEqual(details[0]);
  });

  it("accepts several partial refunds up to exactly the full amount, then refuses one more minor unit", async () => {
    const paid = await paidPayment();
    const parts: [bigint, bigint][] = [
      [900n, 8370n],
      [899n, 8369n],
      [1n, 1n],
    ];
    for (const [amount, from] of parts) {
      await refundOk(refundRequestFor(paid.paymentRequestId, { amount, from }));
    }
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([8370n, 8369n, 1n]);

    const oneMore = refundRequestFor(paid.paymentRequestId, { amount: 1, from: 1 });
    await refundFails(oneMore, "REFUND_AMOUNT_EXCEED");
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toHaveLength(3);
    // The refusal is a business outcome: stored against its id.
    expect(await refundRows(oneMore.refundRequestId)).toEqual([
      expect.objectContaining({ status: "FAILED", resultCode: "REFUND_AMOUNT_EXCEED" }),
    ]);
    await expectBalanceMatchesLedger(paid.customerId);
  });

  it("accepts a full refund in one call, clawing back both promotions in full", async () => {
    const paid = await paidPayment();
    const answer = await refundOk(
      refundRequestFor(
        paid.paymentRequestId,
        { amount: PAYMENT_AMOUNT, from: PAY_TO },
        {
          refundPromoInfo: {
            paymentPromoDetails: [
              promo("PROMO-AUTUMN-300", "savingsAmount", krw(2790)),
              promo("PROMO-NEWUSER-100", "savingsAmount", krw(930)),
            ],
          },
        },
      ),
    );
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    const rows = await refundPromotionsOf(answer.refundId);
    expect(rows.map((r) => [r.promoId, r.walletAmountMinor, r.exceedsRemaining])).toEqual([
      ["PROMO-AUTUMN-300", 2790n, false],
      ["PROMO-NEWUSER-100", 930n, false],
    ]);
    expect(rows.every((r) => r.paymentPromotionId !== null)).toBe(true);
    await refundFails(
      refundRequestFor(paid.paymentRequestId, { amount: 1, from: 1 }),
      "REFUND_AMOUNT_EXCEED",
    );
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
  });

  it("accepts a refund without refundPromoInfo (and with an empty one)", async () => {
    const paid = await paidPayment();
    const plain = await refundOk(refundRequest(paid.paymentRequestId));
    expect(await refundPromotionsOf(plain.refundId)).toEqual([]);
    const empty = await refundOk(
      refundRequestFor(
        paid.paymentRequestId,
        { amount: 450, from: 4185 },
        {
          refundPromoInfo: {},
        },
      ),
    );
    expect(await refundPromotionsOf(empty.refundId)).toEqual([]);
    const nulled = await refundOk(
      refundRequestFor(
        paid.paymentRequestId,
        { amount: 1, from: 1 },
        {
          refundPromoInfo: null,
        },
      ),
    );
    expect(await refundPromotionsOf(nulled.refundId)).toEqual([]);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n + 4185n + 1n);
    await expectBalanceMatchesLedger(paid.customerId);
  });
});

describe("refund: the two caps, each exceeded alone", () => {
  it("Σ refundFromAmount ≤ payToAmount, even with refundAmount to spare", async () => {
    const paid = await paidPayment();
    // In one call: refundAmount 1 JPY is far under 1800, refundFromAmount one over 16740.
    await refundFails(
      refundRequestFor(paid.paymentRequestId, { amount: 1, from: PAY_TO + 1n }),
      "REFUND_AMOUNT_EXCEED",
    );
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY);

    // Cumulatively: all of payToAmount back with half of paymentAmount, then one more KRW.
    await refundOk(refundRequestFor(paid.paymentRequestId, { amount: 900, from: PAY_TO }));
    await refundFails(
      refundRequestFor(paid.paymentRequestId, { amount: 1, from: 1 }),
      "REFUND_AMOUNT_EXCEED",
    );
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([PAY_TO]);
  });

  it("Σ refundAmount ≤ paymentAmount, even with refundFromAmount to spare", async () => {
    const paid = await paidPayment();
    await refundFails(
      refundRequestFor(paid.paymentRequestId, { amount: PAYMENT_AMOUNT + 1n, from: 1 }),
      "REFUND_AMOUNT_EXCEED",
    );
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY);

    await refundOk(refundRequestFor(paid.paymentRequestId, { amount: PAYMENT_AMOUNT, from: 8370 }));
    await refundFails(
      refundRequestFor(paid.paymentRequestId, { amount: 1, from: 1 }),
      "REFUND_AMOUNT_EXCEED",
    );
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([8370n]);
  });

  it("refused refunds do not count towards the caps", async () => {
    const paid = await paidPayment();
    await refundFails(
      refundRequestFor(paid.paymentRequestId, { amount: PAYMENT_AMOUNT + 1n, from: PAY_TO }),
      "REFUND_AMOUNT_EXCEED",
    );
    await refundOk(
      refundRequestFor(paid.paymentRequestId, { amount: PAYMENT_AMOUNT, from: PAY_TO }),
    );
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
  });
});

describe("refund: refusals", () => {
  it("ORDER_NOT_EXIST for a paymentRequestId never paid", async () => {
    const body = refundRequest(uniqueId("PAY"));
    await refundFails(body, "ORDER_NOT_EXIST");
    expect(await refundRows(body.refundRequestId)).toEqual([
      expect.objectContaining({ status: "FAILED", resultCode: "ORDER_NOT_EXIST", paymentId: null }),
    ]);
  });

  it("ORDER_NOT_EXIST for a payment that failed (balance short), no money moves", async () => {
    const failed = await failedPayment();
    await refundFails(refundRequest(failed.paymentRequestId), "ORDER_NOT_EXIST");
    expect(await balanceOf(failed.customerId)).toBe(100n);
    expect((await ledgerOf(failed.customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
  });

  it("ORDER_IS_CLOSED after a cancel, no money moves beyond the cancel's", async () => {
    const paid = await paidPayment();
    await cancelPayment(paid.paymentRequestId);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);

    await refundFails(
      refundRequest(paid.paymentRequestId, { paymentId: paid.paymentId }),
      "ORDER_IS_CLOSED",
    );
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([]);
  });

  it("ORDER_IS_CLOSED for an id cancelled before any pay", async () => {
    const paymentRequestId = uniqueId("PAY");
    await cancelPayment(paymentRequestId);
    await refundFails(refundRequest(paymentRequestId), "ORDER_IS_CLOSED");
  });

  it("REFUND_WINDOW_EXCEED 367 days after paymentTime; 365 days and just under 366 days still succeed", async () => {
    const setAge = (paymentRequestId: string, seconds: number) =>
      database.sql`update payments set payment_time = now() - make_interval(secs => ${seconds})
        where payment_request_id = ${paymentRequestId}`;
    const day = 24 * 60 * 60;

    const old = await paidPayment();
    await setAge(old.paymentRequestId, 367 * day);
    await refundFails(refundRequest(old.paymentRequestId), "REFUND_WINDOW_EXCEED");
    expect(await balanceOf(old.customerId)).toBe(BALANCE_AFTER_PAY);
    expect(await ledgerAmountsOf(old.customerId, "REFUND")).toEqual([]);

    const recent = await paidPayment();
    await setAge(recent.paymentRequestId, 365 * day);
    await refundOk(refundRequest(recent.paymentRequestId));
    expect(await balanceOf(recent.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);

    const edge = await paidPayment();
    await setAge(edge.paymentRequestId, 366 * day - 120);
    await refundOk(refundRequest(edge.paymentRequestId));
    expect(await balanceOf(edge.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
  });

  it("PARAM_ILLEGAL for a paymentId that is not this payment's; nothing stored, the id stays usable", async () => {
    const paid = await paidPayment();
    const other = await paidPayment();
    const body = refundRequest(paid.paymentRequestId, { paymentId: other.paymentId });
    const answer = await callGateway(REFUND, body);
    expect(answer.json).toMatchObject({
      result: { resultCode: "PARAM_ILLEGAL", resultStatus: "F" },
    });
    expect((answer.json as { result: { resultMessage: string } }).result.resultMessage).toContain(
      "paymentId",
    );
    expect(await refundRows(body.refundRequestId)).toEqual([]);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY);

    await refundOk({ ...body, paymentId: paid.paymentId });
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    expect(await balanceOf(other.customerId)).toBe(BALANCE_AFTER_PAY);
  });

  it("PARAM_ILLEGAL for a refundFromAmount currency other than the payment's; nothing stored", async () => {
    const paid = await paidPayment();
    const body = refundRequest(paid.paymentRequestId, {
      refundFromAmount: { currency: "USD", value: "100" },
    });
    const answer = await callGateway(REFUND, body);
    expect(answer.json).toMatchObject({
      result: { resultCode: "PARAM_ILLEGAL", resultStatus: "F" },
    });
    expect(await refundRows(body.refundRequestId)).toEqual([]);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY);
  });
});

describe("refund: refundPromoInfo variants (docs/protocol.md#promotions decision)", () => {
  const variants: { name: string; list: string; field: string }[] = [
    {
      name: "paymentPromoDetails + savingsAmount",
      list: "paymentPromoDetails",
      field: "savingsAmount",
    },
    {
      name: "paymentPromoDetails + refundSavingsAmount",
      list: "paymentPromoDetails",
      field: "refundSavingsAmount",
    },
    {
      name: "paymentPromoDetails + refundAmount",
      list: "paymentPromoDetails",
      field: "refundAmount",
    },
    {
      name: "refundPromoDetails + savingsAmount",
      list: "refundPromoDetails",
      field: "savingsAmount",
    },
    {
      name: "refundPromoDetails + refundSavingsAmount",
      list: "refundPromoDetails",
      field: "refundSavingsAmount",
    },
    {
      name: "refundPromoDetails + refundAmount",
      list: "refundPromoDetails",
      field: "refundAmount",
    },
  ];

  it.each(variants)("$name", async ({ list, field }) => {
    const paid = await paidPayment();
    const answer = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          [list]: [
            promo("PROMO-AUTUMN-300", field, krw(1395)),
            promo("PROMO-NEWUSER-100", field, krw(465)),
          ],
        },
      }),
    );
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    const promotions = await paymentPromotionsOf(paid.paymentId);
    const rows = await refundPromotionsOf(answer.refundId);
    expect(rows.map((r) => [r.promoId, r.amountMinor, r.currency, r.paymentPromotionId])).toEqual([
      ["PROMO-AUTUMN-300", 1395n, "KRW", promotions[0]?.id],
      ["PROMO-NEWUSER-100", 465n, "KRW", promotions[1]?.id],
    ]);
    expect(rows.every((r) => r.paymentPromotionId !== null)).toBe(true);
  });

  it("takes the first amount present: savingsAmount, then refundSavingsAmount, then refundAmount", async () => {
    const paid = await paidPayment();
    const answer = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          paymentPromoDetails: [
            {
              promoId: "PROMO-AUTUMN-300",
              savingsAmount: krw(100),
              refundSavingsAmount: krw(200),
              refundAmount: krw(300),
            },
            {
              promoId: "PROMO-NEWUSER-100",
              savingsAmount: null,
              refundSavingsAmount: krw(20),
              refundAmount: krw(30),
            },
          ],
        },
      }),
    );
    const rows = await refundPromotionsOf(answer.refundId);
    expect(rows.map((r) => r.amountMinor)).toEqual([100n, 20n]);
  });

  it("a detail with no amount at all never fails the refund: stored partly read, linked, credits refundFromAmount", async () => {
    const paid = await paidPayment();
    const body = refundRequest(paid.paymentRequestId, {
      refundPromoInfo: { paymentPromoDetails: [{ promoId: "PROMO-AUTUMN-300" }] },
    });
    const answer = await refundOk(body);
    const [autumn] = await paymentPromotionsOf(paid.paymentId);
    expect(await refundPromotionsOf(answer.refundId)).toEqual([
      expect.objectContaining({
        paymentPromotionId: autumn?.id,
        promoId: "PROMO-AUTUMN-300",
        amountMinor: null,
        currency: null,
        walletAmountMinor: null,
        conversion: null,
        exceedsRemaining: false,
        reading: "PARTLY_READ",
        problems: ["no savingsAmount or refundSavingsAmount or refundAmount"],
        raw: { promoId: "PROMO-AUTUMN-300" },
      }),
    ]);
    expect((await refundRows(body.refundRequestId))[0]?.promotionReading).toBe("PARTLY_READ");
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
  });

  it("stores a detail whose promoId the payment does not have, unlinked", async () => {
    const paid = await paidPayment();
    const answer = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          paymentPromoDetails: [
            promo("PROMO-NOT-ON-THIS-PAYMENT", "savingsAmount", krw(500)),
            promo(null, "savingsAmount", krw(7)),
            promo("PROMO-NEWUSER-100", "savingsAmount", krw(465)),
          ],
        },
      }),
    );
    const promotions = await paymentPromotionsOf(paid.paymentId);
    const rows = await refundPromotionsOf(answer.refundId);
    expect(
      rows.map((r) => [r.promoId, r.amountMinor, r.paymentPromotionId, r.exceedsRemaining]),
    ).toEqual([
      ["PROMO-NOT-ON-THIS-PAYMENT", 500n, null, false],
      [null, 7n, null, false],
      ["PROMO-NEWUSER-100", 465n, promotions[1]?.id, false],
    ]);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
  });

  it("converts a clawback in the order currency with the quote and links it", async () => {
    const paid = await paidPayment();
    const answer = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          paymentPromoDetails: [promo("PROMO-AUTUMN-300", "savingsAmount", jpy(150))],
        },
      }),
    );
    const [row] = await refundPromotionsOf(answer.refundId);
    expect(row).toMatchObject({
      promoId: "PROMO-AUTUMN-300",
      amountMinor: 150n,
      currency: "JPY",
      walletAmountMinor: 1395n,
      conversion: "CONVERTED",
      exceedsRemaining: false,
    });
    expect(row?.paymentPromotionId).toBe((await paymentPromotionsOf(paid.paymentId))[0]?.id);
  });
});

describe("refund: clawback larger than what remains of the promotion", () => {
  it("is stored as received and flagged, and the refund still succeeds", async () => {
    const paid = await paidPayment();
    const [autumn] = await paymentPromotionsOf(paid.paymentId);

    // 2000 of 2790 clawed back: within the promotion.
    const first = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          paymentPromoDetails: [promo("PROMO-AUTUMN-300", "savingsAmount", krw(2000))],
        },
      }),
    );
    expect((await refundPromotionsOf(first.refundId))[0]).toMatchObject({
      paymentPromotionId: autumn?.id,
      exceedsRemaining: false,
    });

    // 1000 more, but only 790 remain: flagged, stored as received, refund credited.
    const second = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          paymentPromoDetails: [promo("PROMO-AUTUMN-300", "savingsAmount", krw(1000))],
        },
      }),
    );
    expect((await refundPromotionsOf(second.refundId))[0]).toMatchObject({
      paymentPromotionId: autumn?.id,
      amountMinor: 1000n,
      walletAmountMinor: 1000n,
      exceedsRemaining: true,
    });
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n + 8370n);
  });

  it("flags a single clawback larger than the whole saving, and the second of two details that together exceed it", async () => {
    const paid = await paidPayment();
    const answer = await refundOk(
      refundRequest(paid.paymentRequestId, {
        refundPromoInfo: {
          refundPromoDetails: [
            promo("PROMO-NEWUSER-100", "refundAmount", krw(931)),
            promo("PROMO-AUTUMN-300", "refundAmount", krw(2000)),
            promo("PROMO-AUTUMN-300", "refundAmount", krw(791)),
          ],
        },
      }),
    );
    const rows = await refundPromotionsOf(answer.refundId);
    expect(rows.map((r) => [r.promoId, r.amountMinor, r.exceedsRemaining])).toEqual([
      ["PROMO-NEWUSER-100", 931n, true],
      ["PROMO-AUTUMN-300", 2000n, false],
      ["PROMO-AUTUMN-300", 791n, true],
    ]);
    expect(rows.every((r) => r.paymentPromotionId !== null)).toBe(true);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
  });
});

describe("refund: idempotency on refundRequestId", () => {
  it("same id and same body: the same answer text, credited once (key order and spacing ignored)", async () => {
    const paid = await paidPayment();
    const body = refundRequest(paid.paymentRequestId, {
      paymentId: paid.paymentId,
      refundPromoInfo: {
        paymentPromoDetails: [promo("PROMO-AUTUMN-300", "savingsAmount", krw(1395))],
      },
    });
    const first = await refundOk(body);
    const second = await refundOk(body);
    expect(second.text).toBe(first.text);

    // The same JSON value, keys reversed and pretty-printed.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
    const third = await refundOk(reordered);
    expect(third.text).toBe(first.text);

    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([8370n]);
    expect(await refundRows(body.refundRequestId)).toHaveLength(1);
    expect(await refundPromotionsOf(first.refundId)).toHaveLength(1);
  });

  it("same id, different body: REPEAT_REQ_INCONSISTENT and nothing changes", async () => {
    const paid = await paidPayment();
    const body = refundRequest(paid.paymentRequestId);
    const first = await refundOk(body);

    await refundFails({ ...body, refundFromAmount: krw(8000) }, "REPEAT_REQ_INCONSISTENT");
    await refundFails({ ...body, extra: "field" }, "REPEAT_REQ_INCONSISTENT");
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    expect(await refundRows(body.refundRequestId)).toEqual([
      expect.objectContaining({
        status: "SUCCESS",
        refundFromAmountMinor: 8370n,
        responseBody: first.text,
      }),
    ]);
    // The original is still answered as first sent.
    expect((await callGateway(REFUND, body)).text).toBe(first.text);
  });

  it("a stored business failure is replayed, not recomputed", async () => {
    const paid = await paidPayment();
    const tooMuch = refundRequestFor(paid.paymentRequestId, { amount: 1, from: PAY_TO + 1n });
    const first = await refundFails(tooMuch, "REFUND_AMOUNT_EXCEED");

    // The payment is cancelled since: a fresh decision would now be ORDER_IS_CLOSED.
    await cancelPayment(paid.paymentRequestId);
    const replay = await refundFails(tooMuch, "REFUND_AMOUNT_EXCEED");
    expect(replay.text).toBe(first.text);
    expect(await refundRows(tooMuch.refundRequestId)).toHaveLength(1);
    expect(await balanceOf(paid.customerId)).toBe(INITIAL_BALANCE);
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([]);

    // A new refund id gets the fresh decision.
    await refundFails(refundRequest(paid.paymentRequestId), "ORDER_IS_CLOSED");
  });
});

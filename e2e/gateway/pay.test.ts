/**
 * `pay` through the real route (docs/protocol.md#pay, #who-pays): every outcome, the binding order
 * of checks, promotions as stored rows, exact big amounts, tolerant parsing and idempotency.
 */
import { describe, it } from "vitest";
import { verifyResponseSignature } from "@/server/alipayplus/signature";
import {
  alipay,
  balanceOf,
  callGateway,
  createCustomer,
  paidPayment,
  PAY,
  PAY_TO,
  payRequest,
  walletAnswers,
  uniqueId,
  walletApi,
  type CustomerSetup,
} from "../fixtures/gateway";
import { ledgerOf, paymentPromotionsOf, paymentRows } from "../fixtures/db";
import { sleep } from "../fixtures/http";
import { ALIPAY_TIME, ANY_TEXT, resultMatching, textMatching } from "../fixtures/matchers";

/** The same JSON value with every object's keys in reverse order, pretty-printed. */
function reordered(value: unknown): string {
  const reverse = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reverse);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, child]) => [k, reverse(child)]),
    );
  };
  return `\n  ${JSON.stringify(reverse(value), null, 3)}\n\n`;
}

/** Waits until the clock has entered a new second (Response-Time has second precision). */
async function nextSecond(): Promise<void> {
  await sleep(1000 - (Date.now() % 1000) + 20);
}

interface FailureCase {
  name: string;
  /** null: no customer is created (the id names nobody). */
  customer: CustomerSetup | null;
  code: string;
}

const FAILURES: FailureCase[] = [
  { name: "unknown customer", customer: null, code: "USER_NOT_EXIST" },
  { name: "frozen", customer: { status: "FROZEN" }, code: "USER_STATUS_ABNORMAL" },
  { name: "KYC pending", customer: { kycStatus: "PENDING" }, code: "USER_KYC_NOT_QUALIFIED" },
  { name: "KYC rejected", customer: { kycStatus: "REJECTED" }, code: "USER_KYC_NOT_QUALIFIED" },
  {
    name: "PHP wallet, KRW payToAmount",
    customer: { currency: "PHP", balance: 10_000_000n },
    code: "CURRENCY_NOT_SUPPORT",
  },
  {
    name: "balance 1 short",
    customer: { balance: PAY_TO - 1n },
    code: "USER_BALANCE_NOT_ENOUGH",
  },
  { name: "empty wallet", customer: { balance: 0n }, code: "USER_BALANCE_NOT_ENOUGH" },
  // The order of checks (docs/protocol.md#who-pays): the first that applies answers.
  {
    name: "frozen and wrong currency",
    customer: { status: "FROZEN", currency: "PHP", balance: 10_000_000n },
    code: "USER_STATUS_ABNORMAL",
  },
  {
    name: "frozen and KYC pending",
    customer: { status: "FROZEN", kycStatus: "PENDING" },
    code: "USER_STATUS_ABNORMAL",
  },
  {
    name: "frozen, KYC rejected, wrong currency, no money",
    customer: { status: "FROZEN", kycStatus: "REJECTED", currency: "PHP", balance: 0n },
    code: "USER_STATUS_ABNORMAL",
  },
  {
    name: "KYC pending and balance short",
    customer: { kycStatus: "PENDING", balance: 100n },
    code: "USER_KYC_NOT_QUALIFIED",
  },
  {
    name: "KYC rejected and wrong currency",
    customer: { kycStatus: "REJECTED", currency: "PHP", balance: 10_000_000n },
    code: "USER_KYC_NOT_QUALIFIED",
  },
  {
    name: "wrong currency and balance short",
    customer: { currency: "PHP", balance: 1n },
    code: "CURRENCY_NOT_SUPPORT",
  },
];

describe.concurrent("pay outcomes", () => {
  it("SUCCESS: answer, debit, promotions, raw request", async ({ expect }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const before = Date.now();
    const answer = await callGateway(PAY, request);

    expect(answer.json).toEqual({
      result: resultMatching("SUCCESS", "S"),
      paymentId: ANY_TEXT,
      paymentTime: textMatching(ALIPAY_TIME),
      customerId,
    });
    const paymentId = answer.json?.paymentId as string;
    expect(paymentId.length).toBeGreaterThan(0);
    expect(paymentId.length).toBeLessThanOrEqual(64);
    const paymentTime = Date.parse(answer.json?.paymentTime as string);
    expect(paymentTime).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(paymentTime).toBeLessThanOrEqual(Date.now() + 1000);

    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    const ledger = await ledgerOf(customerId);
    expect(ledger.filter((e) => e.kind === "PAYMENT")).toEqual([
      {
        id: expect.any(BigInt) as unknown,
        customerId,
        kind: "PAYMENT",
        amountMinor: -16740n,
        currency: "KRW",
        balanceAfterMinor: 1_000_000n - PAY_TO,
        paymentId,
        refundId: null,
        topUpId: null,
        createdAt: expect.any(Date) as unknown,
      },
    ]);

    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({
      paymentId,
      status: "SUCCESS",
      resultCode: "SUCCESS",
      customerId,
      paymentAmountMinor: 1800n,
      paymentCurrency: "JPY",
      payToAmountMinor: 16740n,
      payToCurrency: "KRW",
      responseBody: answer.text,
    });
    // The answer shows the stored paymentTime to the second.
    expect(Math.floor(Number(row?.paymentTime?.getTime()) / 1000) * 1000).toBe(paymentTime);

    const promotions = await paymentPromotionsOf(paymentId);
    const sent = request.paymentPromoInfo.paymentPromoDetails;
    expect(promotions).toEqual([
      {
        id: expect.any(BigInt) as unknown,
        paymentId,
        position: 0,
        promoId: "PROMO-AUTUMN-300",
        promoName: "Autumn Japan: 300 JPY off",
        promoType: "CASHLESS_FIXED_VOUCHER",
        amountMinor: 2790n,
        currency: "KRW",
        walletAmountMinor: 2790n,
        walletCurrency: "KRW",
        conversion: "SAME_CURRENCY",
        quoteId: "Q-1",
        rate: null,
        reading: "READ",
        problems: [],
        raw: sent[0],
      },
      {
        id: expect.any(BigInt) as unknown,
        paymentId,
        position: 1,
        promoId: "PROMO-NEWUSER-100",
        promoName: "First Alipay+ payment: 100 JPY off",
        promoType: "DISCOUNT",
        amountMinor: 930n,
        currency: "KRW",
        walletAmountMinor: 930n,
        walletCurrency: "KRW",
        conversion: "SAME_CURRENCY",
        quoteId: "Q-1",
        rate: null,
        reading: "READ",
        problems: [],
        raw: sent[1],
      },
    ]);
  });

  it.for(FAILURES)("$code when $name", async (c, { expect }) => {
    const customerId = c.customer ? await createCustomer(c.customer) : uniqueId("NOBODY");
    const balanceBefore = c.customer ? await balanceOf(customerId) : null;
    const request = payRequest(customerId);
    const answer = await callGateway(PAY, request);

    expect(answer.json).toEqual({ result: resultMatching(c.code, "F") });

    // A business outcome is stored (it is replayed), but no money moved.
    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({
      status: "FAILED",
      resultCode: c.code,
      customerId: c.customer ? customerId : null,
      paymentTime: null,
      responseBody: answer.text,
    });
    if (c.customer) {
      expect(await balanceOf(customerId)).toBe(balanceBefore);
      expect((await ledgerOf(customerId)).filter((e) => e.kind !== "TOP_UP")).toEqual([]);
    }
  });

  it("UNAVAILABLE_PAYMENT_METHOD for a paymentMethodType other than CONNECT_WALLET: stored, nothing moved", async ({
    expect,
  }) => {
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CARD", paymentMethodId: "4111", customerId },
    });
    const answer = await callGateway(PAY, request);
    expect(answer.json).toEqual({ result: resultMatching("UNAVAILABLE_PAYMENT_METHOD", "F") });
    expect((await paymentRows(request.paymentRequestId))[0]).toMatchObject({
      status: "FAILED",
      resultCode: "UNAVAILABLE_PAYMENT_METHOD",
      customerId: null,
      responseBody: answer.text,
    });
    expect((await callGateway(PAY, request)).text).toBe(answer.text);
    expect(await balanceOf(customerId)).toBe(1_000_000n);

    // Without a paymentMethodType the wallet's own method is meant: it pays.
    const untyped = payRequest(customerId, {
      paymentMethod: { paymentMethodId: "281012345678901234", customerId },
    });
    expect((await callGateway(PAY, untyped)).resultCode).toBe("SUCCESS");
  });

  it("a balance exactly equal to payToAmount pays and leaves 0", async ({ expect }) => {
    const customerId = await createCustomer({ balance: PAY_TO });
    const answer = await callGateway(PAY, payRequest(customerId));
    expect(answer.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(0n);
  });

  it("stores promotions in a third currency as NOT_CONVERTIBLE and converts order-currency ones with the quote", async ({
    expect,
  }) => {
    const customerId = await createCustomer();
    const details = [
      {
        promoId: "P-USD",
        promoName: "5 USD off",
        promoType: "VOUCHER",
        savingsAmount: { currency: "USD", value: "500" },
      },
      {
        promoId: "P-JPY-300",
        promoName: "300 JPY off",
        promoType: "CASHLESS_FIXED_VOUCHER",
        savingsAmount: { currency: "JPY", value: "300" },
      },
      // 5 × 9.3 = 46.5: rounded half up once.
      { promoId: "P-JPY-5", savingsAmount: { currency: "JPY", value: "5" } },
      // 7 × 9.3 = 65.1
      { promoId: "P-JPY-7", savingsAmount: { currency: "JPY", value: "7" } },
      // Converted, it would not fit in a bigint: shown as received, never a failed payment.
      { promoId: "P-HUGE", savingsAmount: { currency: "JPY", value: "9223372036854775807" } },
      { promoId: "P-KRW", savingsAmount: { currency: "KRW", value: "930" } },
    ];
    const request = payRequest(customerId, { paymentPromoInfo: { paymentPromoDetails: details } });
    const answer = await alipay.call(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");

    const rows = await paymentPromotionsOf(answer.json?.paymentId as string);
    expect(
      rows.map((r) => [
        r.promoId,
        r.amountMinor,
        r.currency,
        r.walletAmountMinor,
        r.walletCurrency,
        r.conversion,
        r.rate,
      ]),
    ).toEqual([
      ["P-USD", 500n, "USD", null, "KRW", "NOT_CONVERTIBLE", null],
      ["P-JPY-300", 300n, "JPY", 2790n, "KRW", "CONVERTED", "9.3"],
      ["P-JPY-5", 5n, "JPY", 47n, "KRW", "CONVERTED", "9.3"],
      ["P-JPY-7", 7n, "JPY", 65n, "KRW", "CONVERTED", "9.3"],
      ["P-HUGE", 9223372036854775807n, "JPY", null, "KRW", "NOT_CONVERTIBLE", null],
      ["P-KRW", 930n, "KRW", 930n, "KRW", "SAME_CURRENCY", null],
    ]);
    expect(rows.map((r) => r.raw)).toEqual(details);
    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
  });

  it("converts with a reversed pair (KRW/JPY) by dividing", async ({ expect }) => {
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentQuote: { quoteId: "Q-R", quoteCurrencyPair: "KRW/JPY", quotePrice: "0.1075" },
      paymentPromoInfo: {
        paymentPromoDetails: [{ promoId: "P-R", savingsAmount: { currency: "JPY", value: "300" } }],
      },
    });
    const answer = await alipay.call(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    const [row] = await paymentPromotionsOf(answer.json?.paymentId as string);
    // 300 / 0.1075 = 2790.69… → 2791
    expect(row).toMatchObject({
      walletAmountMinor: 2791n,
      conversion: "CONVERTED",
      quoteId: "Q-R",
      rate: "1/0.1075",
    });
  });

  it("keeps amounts beyond 2^53 exact", async ({ expect }) => {
    // 2^53 + 3 and 2^53 + 1: neither is a double; float arithmetic would leave 4, not 2.
    const customerId = await createCustomer({ currency: "KRW", balance: 9007199254740995n });
    expect(await balanceOf(customerId)).toBe(9007199254740995n);
    const request = payRequest(customerId, {
      paymentAmount: { currency: "JPY", value: "968516048896881" },
      payToAmount: { currency: "KRW", value: "9007199254740993" },
      paymentPromoInfo: {
        paymentPromoDetails: [
          { promoId: "P-BIG", savingsAmount: { currency: "KRW", value: "9007199254740993" } },
        ],
      },
    });
    const answer = await alipay.call(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(2n);

    const [row] = await paymentRows(request.paymentRequestId);
    expect(row?.payToAmountMinor).toBe(9007199254740993n);
    expect(row?.paymentAmountMinor).toBe(968516048896881n);
    expect((row?.request as { payToAmount: unknown }).payToAmount).toEqual({
      currency: "KRW",
      value: "9007199254740993",
    });
    const payment = (await ledgerOf(customerId)).find((e) => e.kind === "PAYMENT");
    expect(payment).toMatchObject({ amountMinor: -9007199254740993n, balanceAfterMinor: 2n });
    const [promotion] = await paymentPromotionsOf(answer.json?.paymentId as string);
    expect(promotion?.walletAmountMinor).toBe(9007199254740993n);
  });

  it("accepts unknown extra fields and keeps them in payments.request", async ({ expect }) => {
    const customerId = await createCustomer();
    const base = payRequest(customerId);
    const request = {
      ...base,
      futureTopLevelField: { nested: ["a", 1, true, null], flag: "true" },
      someNumber: 42,
      paymentAmount: { ...base.paymentAmount, precision: "0" },
      order: {
        ...base.order,
        merchant: { ...base.order.merchant, merchantNewField: "新しい" },
        goods: [{ goodsId: "G1", goodsName: "Matcha", goodsQuantity: "2" }],
      },
      paymentMethod: { ...base.paymentMethod, paymentMethodMetaData: { x: "y" } },
      paymentPromoInfo: {
        extraInfo: "kept",
        paymentPromoDetails: [
          {
            promoId: "P-X",
            savingsAmount: { currency: "KRW", value: "100" },
            promoNewAttribute: { a: "b" },
          },
        ],
      },
    };
    const answer = await alipay.call(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    const [row] = await paymentRows(request.paymentRequestId);
    expect(row?.request).toEqual({
      ...request,
      paymentMethod: { ...request.paymentMethod, paymentMethodId: "****1234" },
    });
    const [promotion] = await paymentPromotionsOf(answer.json?.paymentId as string);
    expect(promotion?.raw).toEqual(request.paymentPromoInfo.paymentPromoDetails[0]);
  });
});

describe.concurrent("pay idempotency", () => {
  it("same id and same JSON value (keys reordered, whitespace added): the first answer again, fresh headers, one debit", async ({
    expect,
  }) => {
    const { customerId, request, answer: first } = await paidPayment();

    await nextSecond();
    const raw = reordered(request);
    expect(raw).not.toBe(JSON.stringify(request));
    expect(JSON.parse(raw)).toEqual(request);
    const replay = await callGateway(PAY, raw);

    expect(replay.text).toBe(first.text);
    const firstTime = first.headers.get("response-time");
    const replayTime = replay.headers.get("response-time");
    expect(replayTime).not.toBe(firstTime);
    expect(Date.parse(replayTime ?? "")).toBeGreaterThan(Date.parse(firstTime ?? ""));
    expect(replay.headers.get("signature")).not.toBe(first.headers.get("signature"));
    // The replay's fresh headers verify over the stored body with the new Response-Time.
    expect(
      verifyResponseSignature(
        { method: "POST", requestUri: PAY, headers: replay.headers, body: replay.text },
        walletAnswers,
      ),
    ).toBe(true);

    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    expect((await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT")).toHaveLength(1);
  });

  it("same id and a different body: REPEAT_REQ_INCONSISTENT, nothing changed", async ({
    expect,
  }) => {
    const { customerId, request, answer: first } = await paidPayment();
    const rowsBefore = await paymentRows(request.paymentRequestId);

    const variants = [
      { ...request, payToAmount: { currency: "KRW", value: "1" } },
      { ...request, order: { ...request.order, orderDescription: "something else" } },
      { ...request, paymentPromoInfo: null },
      { ...request, extra: "one more field" },
    ];
    for (const variant of variants) {
      const answer = await callGateway(PAY, variant);
      expect(answer.json).toEqual({ result: resultMatching("REPEAT_REQ_INCONSISTENT", "F") });
    }

    expect(await paymentRows(request.paymentRequestId)).toEqual(rowsBefore);
    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    expect((await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT")).toHaveLength(1);
    // The original request still gets its original answer.
    const again = await alipay.call(PAY, request);
    expect(again.text).toBe(first.text);
  });

  it("a business failure is replayed as stored, even after a top-up", async ({ expect }) => {
    const customerId = await createCustomer({ balance: 100n });
    const request = payRequest(customerId);
    const first = await alipay.call(PAY, request);
    expect(first.resultCode).toBe("USER_BALANCE_NOT_ENOUGH");

    const topUp = await walletApi("POST", `/api/wallet/v1/customers/${customerId}/top-ups`, {
      topUpId: uniqueId("T"),
      amount: { currency: "KRW", value: "1000000" },
    });
    expect(topUp.status).toBe(201);

    const replay = await callGateway(PAY, request);
    expect(replay.resultCode).toBe("USER_BALANCE_NOT_ENOUGH");
    expect(replay.text).toBe(first.text);
    expect(await balanceOf(customerId)).toBe(1_000_100n);
    expect((await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT")).toEqual([]);
  });

  it("USER_NOT_EXIST is stored: replayed even once the customer exists", async ({ expect }) => {
    const customerId = uniqueId("LATE");
    const request = payRequest(customerId);
    const first = await alipay.call(PAY, request);
    expect(first.resultCode).toBe("USER_NOT_EXIST");

    await createCustomer({ customerId });
    const replay = await alipay.call(PAY, request);
    expect(replay.text).toBe(first.text);
    expect(await balanceOf(customerId)).toBe(1_000_000n);
  });

  it("a PARAM_ILLEGAL answer is not stored: the same id later with a valid body is processed", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const bad = await alipay.call(PAY, {
      ...request,
      payToAmount: { currency: "KRW", value: "0" },
    });
    expect(bad.resultCode).toBe("PARAM_ILLEGAL");
    expect(await paymentRows(request.paymentRequestId)).toEqual([]);

    const good = await callGateway(PAY, request);
    expect(good.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    expect((await paymentRows(request.paymentRequestId))[0]?.status).toBe("SUCCESS");
  });

  it("concurrent copies of one pay: all answer the same success, one debit", async ({ expect }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        alipay.call(PAY, i % 2 === 0 ? request : reordered(request)),
      ),
    );
    const texts = new Set(answers.map((a) => a.text));
    expect(texts.size).toBe(1);
    expect(answers.every((a) => a.resultCode === "SUCCESS" && a.responseSignatureValid)).toBe(true);
    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    expect((await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT")).toHaveLength(1);
  });
});

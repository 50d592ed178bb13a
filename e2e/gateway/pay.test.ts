/**
 * `pay` through the real route (API.md §3, §7): every outcome, the binding order of checks,
 * promotions as stored rows, exact big amounts, tolerant parsing and idempotency.
 */
import { describe, it } from "vitest";
import {
  alipay,
  balanceOf,
  createCustomer,
  database,
  PAY,
  payRequest,
  uniqueId,
  walletApi,
  type CustomerSetup,
} from "../fixtures/gateway";
import {
  answerSignatureValid,
  anyText,
  ledgerOf,
  paymentRow,
  sleep,
  textMatching,
} from "../fixtures/http";

const PAY_TO = 16740n; // payRequest's payToAmount, KRW

interface PromotionRow {
  position: number;
  promo_id: string | null;
  promo_name: string | null;
  promo_type: string | null;
  amount_minor: string;
  currency: string;
  wallet_amount_minor: string | null;
  wallet_currency: string;
  conversion: string;
  quote_id: string | null;
  rate: string | null;
  raw: unknown;
}

async function promotionsOf(paymentId: string): Promise<PromotionRow[]> {
  return database.sql<PromotionRow[]>`
    select position, promo_id, promo_name, promo_type, amount_minor::text as amount_minor,
           currency, wallet_amount_minor::text as wallet_amount_minor, wallet_currency,
           conversion, quote_id, rate, raw
    from payment_promotions where payment_id = ${paymentId} order by position`;
}

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
  // The order of checks (API.md §7 "Who pays"): the first that applies answers.
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
    const answer = await alipay.call(PAY, request);

    expect(answer.status).toBe(200);
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.json).toEqual({
      result: { resultCode: "SUCCESS", resultStatus: "S", resultMessage: anyText },
      paymentId: anyText,
      paymentTime: textMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d)$/),
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
        kind: "PAYMENT",
        amount_minor: "-16740",
        currency: "KRW",
        balance_after_minor: String(1_000_000n - PAY_TO),
        payment_id: paymentId,
      },
    ]);

    const row = await paymentRow(request.paymentRequestId);
    expect(row).toMatchObject({
      payment_id: paymentId,
      status: "SUCCESS",
      result_code: "SUCCESS",
      customer_id: customerId,
      payment_amount_minor: "1800",
      payment_currency: "JPY",
      pay_to_amount_minor: "16740",
      pay_to_currency: "KRW",
      response_body: answer.text,
    });
    // The answer shows the stored paymentTime to the second.
    expect(Math.floor(Number(row?.payment_time_ms) / 1000) * 1000).toBe(paymentTime);

    const promotions = await promotionsOf(paymentId);
    const sent = request.paymentPromoInfo.paymentPromoDetails;
    expect(promotions).toEqual([
      {
        position: 0,
        promo_id: "PROMO-AUTUMN-300",
        promo_name: "Autumn Japan: 300 JPY off",
        promo_type: "CASHLESS_FIXED_VOUCHER",
        amount_minor: "2790",
        currency: "KRW",
        wallet_amount_minor: "2790",
        wallet_currency: "KRW",
        conversion: "SAME_CURRENCY",
        quote_id: "Q-1",
        rate: null,
        raw: sent[0],
      },
      {
        position: 1,
        promo_id: "PROMO-NEWUSER-100",
        promo_name: "First Alipay+ payment: 100 JPY off",
        promo_type: "DISCOUNT",
        amount_minor: "930",
        currency: "KRW",
        wallet_amount_minor: "930",
        wallet_currency: "KRW",
        conversion: "SAME_CURRENCY",
        quote_id: "Q-1",
        rate: null,
        raw: sent[1],
      },
    ]);
  });

  it.for(FAILURES)("$code when $name", async (c, { expect }) => {
    const customerId = c.customer ? await createCustomer(c.customer) : uniqueId("NOBODY");
    const balanceBefore = c.customer ? await balanceOf(customerId) : null;
    const request = payRequest(customerId);
    const answer = await alipay.call(PAY, request);

    expect(answer.status).toBe(200);
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.json).toEqual({
      result: { resultCode: c.code, resultStatus: "F", resultMessage: anyText },
    });

    // A business outcome is stored (it is replayed), but no money moved.
    const row = await paymentRow(request.paymentRequestId);
    expect(row).toMatchObject({
      status: "FAILED",
      result_code: c.code,
      customer_id: c.customer ? customerId : null,
      payment_time_ms: null,
      response_body: answer.text,
    });
    if (c.customer) {
      expect(await balanceOf(customerId)).toBe(balanceBefore);
      expect((await ledgerOf(customerId)).filter((e) => e.kind !== "TOP_UP")).toEqual([]);
    }
  });

  it("a balance exactly equal to payToAmount pays and leaves 0", async ({ expect }) => {
    const customerId = await createCustomer({ balance: PAY_TO });
    const answer = await alipay.call(PAY, payRequest(customerId));
    expect(answer.resultCode).toBe("SUCCESS");
    expect(answer.responseSignatureValid).toBe(true);
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

    const rows = await promotionsOf(answer.json?.paymentId as string);
    expect(
      rows.map((r) => [
        r.promo_id,
        r.amount_minor,
        r.currency,
        r.wallet_amount_minor,
        r.wallet_currency,
        r.conversion,
        r.rate,
      ]),
    ).toEqual([
      ["P-USD", "500", "USD", null, "KRW", "NOT_CONVERTIBLE", null],
      ["P-JPY-300", "300", "JPY", "2790", "KRW", "CONVERTED", "9.3"],
      ["P-JPY-5", "5", "JPY", "47", "KRW", "CONVERTED", "9.3"],
      ["P-JPY-7", "7", "JPY", "65", "KRW", "CONVERTED", "9.3"],
      ["P-HUGE", "9223372036854775807", "JPY", null, "KRW", "NOT_CONVERTIBLE", null],
      ["P-KRW", "930", "KRW", "930", "KRW", "SAME_CURRENCY", null],
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
    const [row] = await promotionsOf(answer.json?.paymentId as string);
    // 300 / 0.1075 = 2790.69… → 2791
    expect(row).toMatchObject({
      wallet_amount_minor: "2791",
      conversion: "CONVERTED",
      quote_id: "Q-R",
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

    const row = await paymentRow(request.paymentRequestId);
    expect(row?.pay_to_amount_minor).toBe("9007199254740993");
    expect(row?.payment_amount_minor).toBe("968516048896881");
    expect((row?.request as { payToAmount: unknown }).payToAmount).toEqual({
      currency: "KRW",
      value: "9007199254740993",
    });
    const payment = (await ledgerOf(customerId)).find((e) => e.kind === "PAYMENT");
    expect(payment).toMatchObject({ amount_minor: "-9007199254740993", balance_after_minor: "2" });
    const [promotion] = await promotionsOf(answer.json?.paymentId as string);
    expect(promotion?.wallet_amount_minor).toBe("9007199254740993");
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
    const row = await paymentRow(request.paymentRequestId);
    expect(row?.request).toEqual({
      ...request,
      paymentMethod: { ...request.paymentMethod, paymentMethodId: "****1234" },
    });
    const [promotion] = await promotionsOf(answer.json?.paymentId as string);
    expect(promotion?.raw).toEqual(request.paymentPromoInfo.paymentPromoDetails[0]);
  });
});

describe.concurrent("pay idempotency", () => {
  it("same id and same JSON value (keys reordered, whitespace added): the first answer again, fresh headers, one debit", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const first = await alipay.call(PAY, request);
    expect(first.resultCode).toBe("SUCCESS");

    await nextSecond();
    const raw = reordered(request);
    expect(raw).not.toBe(JSON.stringify(request));
    expect(JSON.parse(raw)).toEqual(request);
    const replay = await alipay.call(PAY, raw);

    expect(replay.status).toBe(200);
    expect(replay.text).toBe(first.text);
    expect(replay.responseSignatureValid).toBe(true);
    const firstTime = first.headers.get("response-time");
    const replayTime = replay.headers.get("response-time");
    expect(replayTime).not.toBe(firstTime);
    expect(Date.parse(replayTime ?? "")).toBeGreaterThan(Date.parse(firstTime ?? ""));
    expect(replay.headers.get("signature")).not.toBe(first.headers.get("signature"));
    // The replay's fresh headers verify over the stored body with the new Response-Time.
    expect(answerSignatureValid("POST", PAY, replay.headers, replay.text)).toBe(true);

    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    expect((await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT")).toHaveLength(1);
  });

  it("same id and a different body: REPEAT_REQ_INCONSISTENT, nothing changed", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const first = await alipay.call(PAY, request);
    expect(first.resultCode).toBe("SUCCESS");
    const rowBefore = await paymentRow(request.paymentRequestId);

    const variants = [
      { ...request, payToAmount: { currency: "KRW", value: "1" } },
      { ...request, order: { ...request.order, orderDescription: "something else" } },
      { ...request, paymentPromoInfo: null },
      { ...request, extra: "one more field" },
    ];
    for (const variant of variants) {
      const answer = await alipay.call(PAY, variant);
      expect(answer.status).toBe(200);
      expect(answer.responseSignatureValid).toBe(true);
      expect(answer.json).toEqual({
        result: {
          resultCode: "REPEAT_REQ_INCONSISTENT",
          resultStatus: "F",
          resultMessage: anyText,
        },
      });
    }

    expect(await paymentRow(request.paymentRequestId)).toEqual(rowBefore);
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

    const replay = await alipay.call(PAY, request);
    expect(replay.resultCode).toBe("USER_BALANCE_NOT_ENOUGH");
    expect(replay.text).toBe(first.text);
    expect(replay.responseSignatureValid).toBe(true);
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
    expect(await paymentRow(request.paymentRequestId)).toBeUndefined();

    const good = await alipay.call(PAY, request);
    expect(good.resultCode).toBe("SUCCESS");
    expect(good.responseSignatureValid).toBe(true);
    expect(await balanceOf(customerId)).toBe(1_000_000n - PAY_TO);
    expect((await paymentRow(request.paymentRequestId))?.status).toBe("SUCCESS");
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

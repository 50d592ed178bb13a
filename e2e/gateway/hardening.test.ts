/**
 * The gateway hardening of cdba5cf, through the real server (docs/protocol.md#timeouts-and-retries,
 * #refund, #promotions, #refunds-and-cancels): the answer deadline, a refund waiting for an
 * in-flight pay, unpaired surrogates, OPTIONS, the promotion-detail bound, refunds of failed or
 * closed-in-advance payments, refund promotions at the payment's rate, an empty paymentPromoDetails
 * beside refundPromoDetails, and a raw NUL byte in the call log.
 */
import type { TransactionSql } from "postgres";
import { describe, expect, it } from "vitest";
import {
  alipay,
  BALANCE_AFTER_PAY,
  balanceOf,
  callGateway,
  CANCEL,
  cancelPayment,
  createCustomer,
  database,
  failedPayment,
  INITIAL_BALANCE,
  INQUIRY,
  jpy,
  krw,
  paidPayment,
  PAY,
  PAY_TO,
  payRequest,
  REFUND,
  refundRequest,
  uniqueId,
} from "../fixtures/gateway";
import {
  expectBalanceMatchesLedger,
  ledgerAmountsOf,
  ledgerOf,
  paymentPromotionsOf,
  paymentRows,
  refundPromotionsOf,
  refundRows,
} from "../fixtures/db";
import { eventually, rawCall, sleep } from "../fixtures/http";
import { INTERNALS, resultMatching } from "../fixtures/matchers";

/** A lock taken by a separate connection of the tests, as another process would hold it. */
interface HeldLock {
  /** Backend pid of the connection holding the lock. */
  pid: number;
  /** Ends the holding transaction early. */
  release: () => void;
  /** Settles once the holding transaction has ended (at release, or after `maxMs`). */
  released: Promise<void>;
}

/** Opens a transaction, takes a lock in it and holds it for `maxMs` (or until released). */
async function holdLock(
  take: (tx: TransactionSql) => Promise<unknown>,
  maxMs: number,
): Promise<HeldLock> {
  let release!: () => void;
  const releaseSignal = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: (pid: number) => void;
  const lockedPid = new Promise<number>((resolve) => {
    locked = resolve;
  });
  const released = database.sql
    .begin(async (tx) => {
      await take(tx);
      const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      locked(row?.pid ?? -1);
      await Promise.race([releaseSignal, sleep(maxMs)]);
    })
    .then(() => undefined);
  const pid = await Promise.race([
    lockedPid,
    released.then(() => Promise.reject(new Error("the lock holder ended before locking"))),
  ]);
  return { pid, release, released };
}

/** The customer's wallet row, locked FOR UPDATE: every debit or credit of it waits. */
function holdWalletRow(customerId: string, maxMs: number): Promise<HeldLock> {
  return holdLock(
    (tx) => tx`select 1 from wallet_accounts where customer_id = ${customerId} for update`,
    maxMs,
  );
}

/** The advisory lock pay and cancel take per paymentRequestId (server/payments/payment-lock.ts). */
function holdPaymentLock(paymentRequestId: string, maxMs: number): Promise<HeldLock> {
  return holdLock(
    (tx) => tx`select pg_advisory_xact_lock(hashtextextended(${"payment:" + paymentRequestId}, 0))`,
    maxMs,
  );
}

/**
 * Waits until some backend is blocked by `pid` and returns its pid; "answered" when `pending` (the
 * request expected to wait) settles first, "timed out" after `timeoutMs`.
 */
async function backendBlockedBy(
  pid: number,
  pending: Promise<unknown>,
  timeoutMs = 5000,
): Promise<number | "answered" | "timed out"> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [blocked] = await database.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`;
    if (blocked) return blocked.pid;
    if (settled) return "answered";
    await sleep(25);
  }
  return "timed out";
}

const UNKNOWN = { result: resultMatching("UNKNOWN_EXCEPTION", "U") };
const SUCCESS = { result: { resultCode: "SUCCESS", resultStatus: "S" } };

function messageOf(answer: { json: unknown }): string {
  return (answer.json as { result: { resultMessage: string } }).result.resultMessage;
}

async function debitsOf(customerId: string) {
  return (await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT");
}

/** `count` promotion details of 1 KRW each, with distinct promoIds. */
function promoDetails(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    promoId: `PROMO-${String(i).padStart(3, "0")}`,
    promoName: `Promotion ${i}`,
    promoType: "DISCOUNT",
    savingsAmount: krw(1),
  }));
}

describe("answer deadline (docs/protocol.md#timeouts-and-retries: pay within 8 s)", () => {
  it("a pay stuck behind the wallet row lock answers U/UNKNOWN_EXCEPTION, HTTP 200, signed, in under 8 s; the replay after the lock is released is S, debited once", async () => {
    const customerId = await createCustomer();
    const request = payRequest(customerId);
    const held = await holdWalletRow(customerId, 9000);

    const started = performance.now();
    const pending = alipay.call(PAY, request);
    // The pay really is waiting for the row the tests hold.
    expect(typeof (await backendBlockedBy(held.pid, pending))).toBe("number");
    const answer = await pending;
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(8000);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.json).toEqual(UNKNOWN);
    // U is never stored: nothing committed under the id yet.
    expect(await paymentRows(request.paymentRequestId)).toEqual([]);

    await held.released;
    const replay = await callGateway(PAY, request);
    expect(replay.json).toMatchObject(SUCCESS);
    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({ status: "SUCCESS", responseBody: replay.text });
    expect(await balanceOf(customerId)).toBe(BALANCE_AFTER_PAY);
    expect(await debitsOf(customerId)).toEqual([
      expect.objectContaining({ amountMinor: -PAY_TO, paymentId: row?.paymentId }),
    ]);
    await expectBalanceMatchesLedger(customerId);
  });

  it("waits that each stay under lock_timeout but add up past the deadline: U in under 8 s, the late commit is what the replay answers", async () => {
    const customerId = await createCustomer();
    const request = payRequest(customerId);
    // 4 s on the payment's advisory lock, then 4.5 s on the wallet row: each wait is under the
    // server's 6 s lock_timeout, together they pass the 7 s deadline and the 8 s Alipay+ bound.
    const wallet = await holdWalletRow(customerId, 8500);
    const advisory = await holdPaymentLock(request.paymentRequestId, 4000);

    const started = performance.now();
    const answer = await alipay.call(PAY, request);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(8000);
    expect(answer.status).toBe(200);
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.json).toEqual(UNKNOWN);

    await Promise.all([advisory.released, wallet.released]);
    // The abandoned transaction was still waiting, not failed: it commits once the row is free.
    const [late] = await eventually(async () => {
      const rows = await paymentRows(request.paymentRequestId);
      return rows.length > 0 ? rows : undefined;
    });
    expect(late?.status).toBe("SUCCESS");

    const replay = await callGateway(PAY, request);
    expect(replay.json).toMatchObject(SUCCESS);
    expect(replay.text).toBe(late?.responseBody);
    expect(await balanceOf(customerId)).toBe(BALANCE_AFTER_PAY);
    expect(await debitsOf(customerId)).toHaveLength(1);
    await expectBalanceMatchesLedger(customerId);
  });
});

describe("a refund waits for an in-flight pay of its paymentRequestId", () => {
  it("sent while the pay waits for the wallet row, it answers S once the pay commits (not ORDER_NOT_EXIST)", async () => {
    const customerId = await createCustomer();
    const request = payRequest(customerId);
    const held = await holdWalletRow(customerId, 5000);

    const payPending = callGateway(PAY, request);
    const payPid = await backendBlockedBy(held.pid, payPending);
    expect(typeof payPid, "the pay waits for the wallet row").toBe("number");

    const refund = refundRequest(request.paymentRequestId);
    const refundPending = callGateway(REFUND, refund);
    expect(typeof (await backendBlockedBy(payPid as number, refundPending))).toBe("number");

    held.release();
    await held.released;
    const [pay, refunded] = await Promise.all([payPending, refundPending]);
    expect(pay.json).toMatchObject(SUCCESS);
    expect(refunded.json).toMatchObject(SUCCESS);

    const paymentId = (pay.json as { paymentId: string }).paymentId;
    expect(await refundRows(refund.refundRequestId)).toEqual([
      expect.objectContaining({ paymentId, status: "SUCCESS", responseBody: refunded.text }),
    ]);
    expect((await ledgerOf(customerId)).map((e) => [e.kind, e.amountMinor])).toEqual([
      ["TOP_UP", INITIAL_BALANCE],
      ["PAYMENT", -PAY_TO],
      ["REFUND", 8370n],
    ]);
    expect(await balanceOf(customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
    await expectBalanceMatchesLedger(customerId);
  });
});

describe("unpaired UTF-16 surrogates (jsonb cannot hold them)", () => {
  it('"\\ud800" in order.orderDescription → PARAM_ILLEGAL naming the field, nothing stored; the same id with a clean body succeeds', async () => {
    const customerId = await createCustomer();
    const clean = payRequest(customerId);
    const raw = JSON.stringify({
      ...clean,
      order: { ...clean.order, orderDescription: "@@LONE@@" },
    }).replace("@@LONE@@", "\\ud800");
    expect(raw).toContain('"orderDescription":"\\ud800"');

    const refused = await callGateway(PAY, raw);
    expect(refused.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
    expect(messageOf(refused)).toMatch(/^order\.orderDescription /);
    expect(messageOf(refused)).not.toMatch(INTERNALS);
    expect(await paymentRows(clean.paymentRequestId)).toEqual([]);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);

    const paid = await callGateway(PAY, clean);
    expect(paid.json).toMatchObject(SUCCESS);
    expect(await balanceOf(customerId)).toBe(BALANCE_AFTER_PAY);
    expect(await debitsOf(customerId)).toHaveLength(1);
  });

  it("a paired surrogate written as escapes (an emoji) is accepted and stored as the character", async () => {
    const customerId = await createCustomer();
    const request = payRequest(customerId);
    const raw = JSON.stringify({
      ...request,
      order: { ...request.order, orderDescription: "@@TEA@@ Matcha" },
    }).replace("@@TEA@@", "\\ud83c\\udf75");
    const answer = await callGateway(PAY, raw);
    expect(answer.json).toMatchObject(SUCCESS);
    const [row] = await paymentRows(request.paymentRequestId);
    expect(row?.orderDescription).toBe("\u{1F375} Matcha");
  });
});

describe("OPTIONS on the gateway routes", () => {
  it.for([PAY, REFUND, CANCEL, INQUIRY])(
    "OPTIONS %s → 405 JSON with Allow: POST",
    async (path, { expect }) => {
      const preflights: Record<string, string>[] = [
        {},
        // A CORS preflight gets the same answer: the gateway is server-to-server only.
        { Origin: "https://example.com", "Access-Control-Request-Method": "POST" },
      ];
      for (const headers of preflights) {
        const answer = await rawCall({ path, method: "OPTIONS", headers });
        expect(answer.status).toBe(405);
        expect(answer.contentType).toMatch(/^application\/json/);
        expect(answer.text).not.toMatch(/<html|<!DOCTYPE/i);
        expect(answer.json.result).toMatchObject({ resultStatus: "F" });
        expect(answer.headers.get("allow")).toBe("POST");
      }
    },
  );
});

describe("at most 100 promotion lines are stored per request", () => {
  it("pay: 101 → S, the first 100 stored, the payment partly read and why; 100 → S, read", async () => {
    const customerId = await createCustomer();
    const tooMany = payRequest(customerId, {
      paymentPromoInfo: { paymentPromoDetails: promoDetails(101) },
    });
    const kept = await callGateway(PAY, tooMany);
    expect(kept.json).toMatchObject(SUCCESS);
    const [payment] = await paymentRows(tooMany.paymentRequestId);
    expect(payment).toMatchObject({
      promotionReading: "PARTLY_READ",
      promotionProblems: ["101 entries in paymentPromoDetails: only the first 100 are stored"],
    });
    expect(await paymentPromotionsOf(payment!.paymentId)).toHaveLength(100);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);

    const details = promoDetails(100);
    const hundred = payRequest(customerId, { paymentPromoInfo: { paymentPromoDetails: details } });
    const paid = await callGateway(PAY, hundred);
    expect(paid.json).toMatchObject(SUCCESS);
    const rows = await paymentPromotionsOf((paid.json as { paymentId: string }).paymentId);
    expect(rows).toHaveLength(100);
    expect(rows.map((r) => [r.position, r.promoId, r.walletAmountMinor, r.reading])).toEqual(
      details.map((d, i) => [i, d.promoId, 1n, "READ"]),
    );
    expect(rows[99]?.raw).toEqual(details[99]);
    expect((await paymentRows(hundred.paymentRequestId))[0]?.promotionReading).toBe("READ");
  });

  it("refund: 101 → S, the first 100 stored, the refund partly read; 100 → S and 100 rows", async () => {
    const paid = await paidPayment();
    const tooMany = refundRequest(paid.paymentRequestId, {
      refundFromAmount: krw(1),
      refundAmount: jpy(1),
      refundPromoInfo: { refundPromoDetails: promoDetails(101) },
    });
    const kept = await callGateway(REFUND, tooMany);
    expect(kept.json).toMatchObject(SUCCESS);
    const [refund] = await refundRows(tooMany.refundRequestId);
    expect(refund).toMatchObject({
      promotionReading: "PARTLY_READ",
      promotionProblems: ["101 entries in refundPromoDetails: only the first 100 are stored"],
    });
    expect(await refundPromotionsOf(refund!.refundId)).toHaveLength(100);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 1n);

    const hundred = refundRequest(paid.paymentRequestId, {
      refundFromAmount: krw(1),
      refundAmount: jpy(1),
      refundPromoInfo: { paymentPromoDetails: promoDetails(100) },
    });
    const refunded = await callGateway(REFUND, hundred);
    expect(refunded.json).toMatchObject(SUCCESS);
    const rows = await refundPromotionsOf((refunded.json as { refundId: string }).refundId);
    expect(rows).toHaveLength(100);
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe("a refund's paymentId is compared only for a payment that was paid", () => {
  const SOME_PAYMENT_ID = "P2026112612345678901234567890";

  it("a FAILED payment (balance short) → ORDER_NOT_EXIST, not PARAM_ILLEGAL; no money moves", async () => {
    const failed = await failedPayment();
    const [stored] = await paymentRows(failed.paymentRequestId);
    for (const paymentId of [SOME_PAYMENT_ID, stored?.paymentId]) {
      const body = refundRequest(failed.paymentRequestId, { paymentId });
      const answer = await callGateway(REFUND, body);
      expect(answer.json, paymentId).toEqual({ result: resultMatching("ORDER_NOT_EXIST", "F") });
      expect(await refundRows(body.refundRequestId)).toEqual([
        expect.objectContaining({ status: "FAILED", resultCode: "ORDER_NOT_EXIST" }),
      ]);
    }
    expect(await balanceOf(failed.customerId)).toBe(100n);
    expect((await ledgerOf(failed.customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
  });

  it("an id closed in advance by cancelPayment → ORDER_IS_CLOSED", async () => {
    const paymentRequestId = uniqueId("PAY");
    await cancelPayment(paymentRequestId);
    const body = refundRequest(paymentRequestId, { paymentId: SOME_PAYMENT_ID });
    const answer = await callGateway(REFUND, body);
    expect(answer.json).toEqual({ result: resultMatching("ORDER_IS_CLOSED", "F") });
    expect(await refundRows(body.refundRequestId)).toEqual([
      expect.objectContaining({ status: "FAILED", resultCode: "ORDER_IS_CLOSED" }),
    ]);
  });

  it("an id never seen → ORDER_NOT_EXIST", async () => {
    const body = refundRequest(uniqueId("PAY"), { paymentId: SOME_PAYMENT_ID });
    const answer = await callGateway(REFUND, body);
    expect(answer.json).toEqual({ result: resultMatching("ORDER_NOT_EXIST", "F") });
  });
});

describe("refund promotions are converted at the payment's rate (docs/protocol.md#refund)", () => {
  it("payment JPY/KRW 9.3, refundQuote JPY/KRW 10: a JPY clawback is converted at 9.3", async () => {
    const paid = await paidPayment({
      paymentPromoInfo: {
        paymentPromoDetails: [
          { promoId: "PROMO-JPY-300", promoType: "DISCOUNT", savingsAmount: jpy(300) },
        ],
      },
    });
    const [promotion] = await paymentPromotionsOf(paid.paymentId);
    expect(promotion).toMatchObject({
      walletAmountMinor: 2790n,
      conversion: "CONVERTED",
      rate: "9.3",
    });

    // All 300 JPY back: 2790 KRW at the payment's 9.3 (exactly what remains), 3000 at 10.
    const body = refundRequest(paid.paymentRequestId, {
      refundAmount: jpy(900),
      refundFromAmount: krw(9000),
      refundQuote: { quoteId: "Q-2", quoteCurrencyPair: "JPY/KRW", quotePrice: "10" },
      refundPromoInfo: {
        paymentPromoDetails: [
          { promoId: "PROMO-JPY-300", promoType: "DISCOUNT", savingsAmount: jpy(300) },
        ],
      },
    });
    const answer = await callGateway(REFUND, body);
    expect(answer.json).toMatchObject(SUCCESS);
    const refundId = (answer.json as { refundId: string }).refundId;
    expect(await refundPromotionsOf(refundId)).toEqual([
      expect.objectContaining({
        promoId: "PROMO-JPY-300",
        paymentPromotionId: promotion?.id,
        amountMinor: 300n,
        currency: "JPY",
        walletAmountMinor: 2790n,
        walletCurrency: "KRW",
        conversion: "CONVERTED",
        rate: "9.3",
        exceedsRemaining: false,
      }),
    ]);
    // The money credited is refundFromAmount as given (the refund's own rate), never recomputed.
    expect(await ledgerAmountsOf(paid.customerId, "REFUND")).toEqual([9000n]);
    const [row] = await refundRows(body.refundRequestId);
    expect(row).toMatchObject({ quotePrice: "10", quoteCurrencyPair: "JPY/KRW" });
  });

  it("a payment without a quote: the refund's quote is used", async () => {
    const paid = await paidPayment({
      paymentQuote: null,
      paymentPromoInfo: {
        paymentPromoDetails: [{ promoId: "PROMO-JPY-300", savingsAmount: jpy(300) }],
      },
    });
    const [promotion] = await paymentPromotionsOf(paid.paymentId);
    expect(promotion).toMatchObject({ walletAmountMinor: null, conversion: "NOT_CONVERTIBLE" });

    const answer = await callGateway(
      REFUND,
      refundRequest(paid.paymentRequestId, {
        refundQuote: { quoteId: "Q-2", quoteCurrencyPair: "JPY/KRW", quotePrice: "10" },
        refundPromoInfo: {
          paymentPromoDetails: [{ promoId: "PROMO-JPY-300", savingsAmount: jpy(150) }],
        },
      }),
    );
    expect(answer.json).toMatchObject(SUCCESS);
    const [clawback] = await refundPromotionsOf((answer.json as { refundId: string }).refundId);
    expect(clawback).toMatchObject({
      paymentPromotionId: promotion?.id,
      walletAmountMinor: 1500n,
      conversion: "CONVERTED",
      rate: "10",
    });
  });
});

describe("refundPromoInfo: the first non-empty list wins", () => {
  it("paymentPromoDetails: [] beside refundPromoDetails: [one] stores the refundPromoDetails entry, raw JSON included", async () => {
    const paid = await paidPayment();
    const detail = {
      promoId: "PROMO-AUTUMN-300",
      promoName: "Autumn Japan: 300 JPY off",
      promoType: "CASHLESS_FIXED_VOUCHER",
      refundSavingsAmount: krw(1395),
    };
    const body = refundRequest(paid.paymentRequestId, {
      refundPromoInfo: { paymentPromoDetails: [], refundPromoDetails: [detail] },
    });
    const answer = await callGateway(REFUND, body);
    expect(answer.json).toMatchObject(SUCCESS);
    const [autumn] = await paymentPromotionsOf(paid.paymentId);
    const rows = await refundPromotionsOf((answer.json as { refundId: string }).refundId);
    expect(rows).toEqual([
      expect.objectContaining({
        position: 0,
        promoId: "PROMO-AUTUMN-300",
        paymentPromotionId: autumn?.id,
        amountMinor: 1395n,
        currency: "KRW",
        walletAmountMinor: 1395n,
        exceedsRemaining: false,
        raw: detail,
      }),
    ]);
    expect(await balanceOf(paid.customerId)).toBe(BALANCE_AFTER_PAY + 8370n);
  });
});

describe("the call log keeps a body with a raw NUL byte", () => {
  interface CallRow {
    raw_body: string;
    signature_verdict: string;
    http_status: number;
    result_code: string | null;
    response_body: string | null;
  }

  async function callsMentioning(text: string): Promise<CallRow[]> {
    return eventually(async () => {
      const rows = await database.sql<CallRow[]>`
        select raw_body, signature_verdict::text as signature_verdict, http_status, result_code,
               response_body
        from inbound_calls where strpos(raw_body, ${text}) > 0 order by id`;
      return rows.length > 0 ? rows : undefined;
    });
  }

  const NUL_CASES: {
    name: string;
    headers: Record<string, string>;
    status: number;
    verdict: string;
    code: string;
  }[] = [
    {
      name: "signed: PARAM_ILLEGAL",
      headers: {},
      status: 200,
      verdict: "VALID",
      code: "PARAM_ILLEGAL",
    },
    {
      name: "badly signed: INVALID_SIGNATURE",
      headers: { Signature: "garbage" },
      status: 401,
      verdict: "INVALID",
      code: "INVALID_SIGNATURE",
    },
  ];

  it.for(NUL_CASES)("$name, recorded with U+FFFD in the NUL's place", async (c, { expect }) => {
    const request = payRequest("C-NUL");
    const body = JSON.stringify({
      ...request,
      order: { ...request.order, orderDescription: "Matcha@@NUL@@set" },
    }).replace("@@NUL@@", "\u0000");
    expect(Buffer.from(body).includes(0)).toBe(true);

    const answer = await rawCall({ path: PAY, body, headers: c.headers });
    expect(answer.status).toBe(c.status);
    expect(answer.resultCode).toBe(c.code);
    expect(answer.responseSignatureValid).toBe(true);
    if (c.status === 200) expect(answer.resultMessage).toMatch(/^body /);

    const [row] = await callsMentioning(request.paymentRequestId);
    expect(row).toMatchObject({
      signature_verdict: c.verdict,
      http_status: c.status,
      result_code: c.code,
      response_body: answer.text,
    });
    expect(row?.raw_body).toBe(
      body
        .replace('"paymentMethodId":"281012345678901234"', '"paymentMethodId":"****1234"')
        .replace("\u0000", "\uFFFD"),
    );
  });
});

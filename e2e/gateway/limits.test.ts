/**
 * Wallet limits through the real pay route (README "Wallet limits"): the most one payment may
 * debit, and what a customer may spend and how many payments they may make in 24 hours. A refusal
 * is a stored business outcome (replayed, inquired) and moves nothing; the order of checks is
 * binding (docs/protocol.md#who-pays); UPM by payment code, Auto Debit pay and payment evaluation
 * all apply the limits. Races at a limit's edge: concurrency.test.ts; configured defaults:
 * pay-settings.test.ts.
 */
import { describe, it } from "vitest";
import type { Tx } from "@/db";
import { exceededLimit } from "@/server/payments/limits";
import { authCodeFor, autoDebitPay, tokensFor } from "../fixtures/auto-debit";
import { ledgerOf, paymentRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  cancelPayment,
  createCustomer,
  database,
  INITIAL_BALANCE,
  inquirePayment,
  krw,
  PAY,
  PAY_TO,
  PAYMENT_AMOUNT,
  payRequest,
  plainPayRequest,
  REFUND,
  refundRequestFor,
  setLimits,
  uniqueId,
  walletApi,
  type CustomerSetup,
} from "../fixtures/gateway";
import { decisionsOf, listEntry } from "../fixtures/risk";
import { resultMatching } from "../fixtures/matchers";

async function payCodeOf(body: unknown): Promise<string | undefined> {
  return (await callGateway(PAY, body)).resultCode;
}

describe.concurrent("wallet limits at pay", () => {
  it("PAYMENT_AMOUNT_EXCEED_LIMIT one unit over: stored, replayed, inquired, nothing moved; at the limit it pays", async ({
    expect,
  }) => {
    const customerId = await createCustomer({
      limits: { singlePaymentMax: krw(PAY_TO - 1n) },
    });
    const request = plainPayRequest(customerId);
    const answer = await callGateway(PAY, request);
    expect(answer.json).toEqual({ result: resultMatching("PAYMENT_AMOUNT_EXCEED_LIMIT", "F") });

    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({
      status: "FAILED",
      resultCode: "PAYMENT_AMOUNT_EXCEED_LIMIT",
      customerId,
      paymentTime: null,
      responseBody: answer.text,
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
    // Stored like any business failure: the same answer again, even once the limit is raised.
    await setLimits(customerId, { singlePaymentMax: krw(PAY_TO) });
    expect((await callGateway(PAY, request)).text).toBe(answer.text);
    expect((await inquirePayment(request.paymentRequestId)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
      paymentResult: resultMatching("PAYMENT_AMOUNT_EXCEED_LIMIT", "F"),
    });

    // A payment of exactly the limit passes.
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
  });

  it("USER_AMOUNT_EXCEED_LIMIT: what the last 24 hours debited plus this payment; an exact fit passes", async ({
    expect,
  }) => {
    const customerId = await createCustomer({
      limits: { dailyAmountMax: krw(2n * PAY_TO + 100n) },
    });
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("SUCCESS");
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("SUCCESS");
    const over = plainPayRequest(customerId);
    expect(await payCodeOf(over)).toBe("USER_AMOUNT_EXCEED_LIMIT");
    expect((await paymentRows(over.paymentRequestId))[0]).toMatchObject({
      status: "FAILED",
      resultCode: "USER_AMOUNT_EXCEED_LIMIT",
    });
    expect(await payCodeOf(plainPayRequest(customerId, { payToAmount: krw(101) }))).toBe(
      "USER_AMOUNT_EXCEED_LIMIT",
    );
    expect(await payCodeOf(plainPayRequest(customerId, { payToAmount: krw(100) }))).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - 2n * PAY_TO - 100n);
  });

  it("PAYMENT_COUNT_EXCEED_LIMIT: the payments of the last 24 hours", async ({ expect }) => {
    const customerId = await createCustomer({ limits: { dailyCountMax: 2 } });
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("SUCCESS");
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("SUCCESS");
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    expect(await payCodeOf(plainPayRequest(customerId, { payToAmount: krw(1) }))).toBe(
      "PAYMENT_COUNT_EXCEED_LIMIT",
    );
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - 2n * PAY_TO);
    // A limit of 0 lets nothing through.
    const none = await createCustomer({ limits: { dailyCountMax: 0 } });
    expect(await payCodeOf(plainPayRequest(none))).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
  });

  it("what counts: failed payments do not, a cancel gives the room back, a refund does not", async ({
    expect,
  }) => {
    const customerId = await createCustomer({
      limits: { dailyCountMax: 1, dailyAmountMax: krw(PAY_TO) },
    });
    const short = plainPayRequest(customerId, { payToAmount: krw(INITIAL_BALANCE + 1n) });
    expect(await payCodeOf(short)).toBe("USER_AMOUNT_EXCEED_LIMIT");
    await setLimits(customerId, { dailyAmountMax: null });
    const broke = plainPayRequest(customerId, { payToAmount: krw(INITIAL_BALANCE + 1n) });
    expect(await payCodeOf(broke)).toBe("USER_BALANCE_NOT_ENOUGH");

    const first = plainPayRequest(customerId);
    expect(await payCodeOf(first)).toBe("SUCCESS");
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    await cancelPayment(first.paymentRequestId);

    const second = plainPayRequest(customerId);
    expect(await payCodeOf(second)).toBe("SUCCESS");
    const refund = refundRequestFor(second.paymentRequestId, {
      amount: PAYMENT_AMOUNT,
      from: PAY_TO,
    });
    expect((await callGateway(REFUND, refund)).resultCode).toBe("SUCCESS");
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("a payment received more than 24 hours before no longer counts", async ({ expect }) => {
    const customerId = await createCustomer({ limits: { dailyCountMax: 1 } });
    const old = plainPayRequest(customerId);
    expect(await payCodeOf(old)).toBe("SUCCESS");
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    await database.sql`
      update payments set received_at = now() - interval '24 hours 1 minute'
      where payment_request_id = ${old.paymentRequestId}`;
    expect(await payCodeOf(plainPayRequest(customerId))).toBe("SUCCESS");
  });

  it("the window: a payment exactly 24 hours before counts, a millisecond older does not, a later one does", async ({
    expect,
  }) => {
    const customerId = await createCustomer();
    const paid = plainPayRequest(customerId);
    expect(await payCodeOf(paid)).toBe("SUCCESS");
    const [row] = await paymentRows(paid.paymentRequestId);
    const dayLater = new Date(row!.receivedAt.getTime() + 24 * 3_600_000);
    const payer = {
      customerId,
      walletCurrency: "KRW",
      limits: { singlePaymentMax: null, dailyAmountMax: PAY_TO, dailyCountMax: 1 },
    };
    const judge = (at: Date, debit: bigint) =>
      database.db.transaction((tx: Tx) =>
        exceededLimit(tx, payer, { amountMinor: debit, currency: "KRW" }, at),
      );
    expect(await judge(dayLater, 1n)).toBe("USER_AMOUNT_EXCEED_LIMIT");
    expect(await judge(dayLater, 0n)).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    expect(await judge(new Date(dayLater.getTime() + 1), PAY_TO)).toBeNull();
    // A payment received a moment after the one being judged, but committed before it, counts:
    // else two concurrent pays could both pass the same limit.
    expect(await judge(new Date(row!.receivedAt.getTime() - 1), 0n)).toBe(
      "PAYMENT_COUNT_EXCEED_LIMIT",
    );
  });

  it.for([
    {
      name: "frozen",
      setup: { status: "FROZEN", limits: { singlePaymentMax: krw(1) } },
      code: "USER_STATUS_ABNORMAL",
    },
    {
      name: "KYC pending",
      setup: { kycStatus: "PENDING", limits: { dailyCountMax: 0 } },
      code: "USER_KYC_NOT_QUALIFIED",
    },
    {
      name: "a PHP wallet (KRW payToAmount)",
      setup: { currency: "PHP", limits: { singlePaymentMax: { currency: "PHP", value: "1" } } },
      code: "CURRENCY_NOT_SUPPORT",
    },
    {
      name: "a balance too short",
      setup: { balance: 1n, limits: { dailyCountMax: 0 } },
      code: "PAYMENT_COUNT_EXCEED_LIMIT",
    },
    {
      name: "every limit broken",
      setup: {
        limits: { singlePaymentMax: krw(1), dailyAmountMax: krw(1), dailyCountMax: 0 },
      },
      code: "PAYMENT_AMOUNT_EXCEED_LIMIT",
    },
    {
      name: "the amount and count limits broken",
      setup: { limits: { dailyAmountMax: krw(1), dailyCountMax: 0 } },
      code: "USER_AMOUNT_EXCEED_LIMIT",
    },
  ] satisfies { name: string; setup: CustomerSetup; code: string }[])(
    "order of checks: $code when over a limit and $name",
    async ({ setup, code }, { expect }) => {
      const customerId = await createCustomer(setup);
      const before = await balanceOf(customerId);
      expect(await payCodeOf(plainPayRequest(customerId))).toBe(code);
      expect(await balanceOf(customerId)).toBe(before);
    },
  );

  it("a limit refusal comes before risk control: a blocked customer's promoted pay gets the limit's code, and no decision", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ limits: { singlePaymentMax: krw(1) } });
    await listEntry("BLOCK", "CUSTOMER", customerId);
    const promoted = payRequest(customerId);
    expect(await payCodeOf(promoted)).toBe("PAYMENT_AMOUNT_EXCEED_LIMIT");
    expect(await decisionsOf(promoted.paymentRequestId)).toEqual([]);
    // Under the limit, risk control runs and rejects.
    await setLimits(customerId, null);
    const again = payRequest(customerId);
    expect(await payCodeOf(again)).toBe("RISK_REJECT");
    expect(await decisionsOf(again.paymentRequestId)).toHaveLength(1);
  });

  it("UPM with a payment code Plusdesk issued: the code's customer is held to their limits", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ limits: { singlePaymentMax: krw(PAY_TO - 1n) } });
    const { status, json } = await walletApi("POST", "/api/wallet/v1/payment-codes", {
      customerId,
      env: { deviceTokenId: uniqueId("DEV") },
    });
    expect(status, JSON.stringify(json)).toBe(200);
    const code = (json as unknown as { paymentCodes: { paymentCode: string }[] }).paymentCodes[0]!;
    const request = plainPayRequest("unused", {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code.paymentCode },
    });
    expect(await payCodeOf(request)).toBe("PAYMENT_AMOUNT_EXCEED_LIMIT");
    expect((await paymentRows(request.paymentRequestId))[0]?.customerId).toBe(customerId);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("Auto Debit: a pay over a limit is refused and stored; an evaluation answers the same and stores nothing", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ limits: { dailyCountMax: 1 } });
    const { accessToken } = await tokensFor({ authCode: await authCodeFor(customerId) });
    const evaluation = autoDebitPay(accessToken, customerId, true);
    expect(await payCodeOf(evaluation)).toBe("SUCCESS");
    expect(await payCodeOf(autoDebitPay(accessToken, customerId))).toBe("SUCCESS");

    const refusedEvaluation = autoDebitPay(accessToken, customerId, true);
    expect(await payCodeOf(refusedEvaluation)).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    expect(await paymentRows(refusedEvaluation.paymentRequestId)).toEqual([]);
    expect((await inquirePayment(refusedEvaluation.paymentRequestId)).resultCode).toBe(
      "ORDER_NOT_EXIST",
    );

    const refused = autoDebitPay(accessToken, customerId);
    expect(await payCodeOf(refused)).toBe("PAYMENT_COUNT_EXCEED_LIMIT");
    expect((await paymentRows(refused.paymentRequestId))[0]).toMatchObject({
      status: "FAILED",
      resultCode: "PAYMENT_COUNT_EXCEED_LIMIT",
      customerId,
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
  });
});

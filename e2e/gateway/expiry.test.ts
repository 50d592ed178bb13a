/**
 * `paymentExpiryTime` through the real pay route (README "Expiry"): a pay first seen after it,
 * plus the 5 s clock-skew grace, is F/ORDER_IS_CLOSED with nothing moved, stored so that replays
 * and inquiries agree; a pay accepted in time keeps its answer after the time has passed; a
 * malformed time is PARAM_ILLEGAL naming the field. (Another grace: pay-settings.test.ts.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";
import { formatAlipayTime } from "@/server/alipayplus/answers";
import { EXAMPLES } from "@/server/simulator/scenarios";
import { authCodeFor, autoDebitPay, tokensFor } from "../fixtures/auto-debit";
import { ledgerOf, paymentPromotionsOf, paymentRows } from "../fixtures/db";
import {
  alipay,
  balanceOf,
  callGateway,
  createCustomer,
  INITIAL_BALANCE,
  inquirePayment,
  PAY,
  PAY_TO,
  payRequest,
  uniqueId,
} from "../fixtures/gateway";
import { sleep } from "../fixtures/http";
import { resultMatching, textMatching } from "../fixtures/matchers";
import { decisionsOf } from "../fixtures/risk";

/** The default grace (PAYMENT_EXPIRY_GRACE_MS) the suite's server runs with. */
const GRACE_MS = 5000;

/** A time `ms` from now as Alipay+ writes it (seconds and an offset). */
function isoFromNow(ms: number): string {
  return formatAlipayTime(new Date(Date.now() + ms));
}

describe.concurrent("paymentExpiryTime at pay", () => {
  it("first seen after the expiry and the grace: ORDER_IS_CLOSED, stored, replayed, inquired; nothing moved and no risk decision", async ({
    expect,
  }) => {
    const customerId = await createCustomer();
    const request = payRequest(customerId, { paymentExpiryTime: isoFromNow(-GRACE_MS - 1000) });
    const answer = await callGateway(PAY, request);
    expect(answer.json).toEqual({ result: resultMatching("ORDER_IS_CLOSED", "F") });

    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({
      status: "FAILED",
      resultCode: "ORDER_IS_CLOSED",
      customerId: null,
      paymentTime: null,
      responseBody: answer.text,
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect((await ledgerOf(customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
    expect(await decisionsOf(request.paymentRequestId)).toEqual([]);
    // The promotions are kept with the refused payment, as for any other refusal.
    expect(await paymentPromotionsOf(row!.paymentId)).toHaveLength(2);

    expect((await callGateway(PAY, request)).text).toBe(answer.text);
    expect((await inquirePayment(request.paymentRequestId)).json).toMatchObject({
      result: resultMatching("SUCCESS", "S"),
      paymentResult: resultMatching("ORDER_IS_CLOSED", "F"),
    });
  });

  it("within the grace it pays, and a replay after the time has passed still gets that answer", async ({
    expect,
  }) => {
    const customerId = await createCustomer();
    // 2.5–3.5 s past its expiry (whole seconds): inside the 5 s grace now, outside it 3 s later.
    const request = payRequest(customerId, { paymentExpiryTime: isoFromNow(-2500) });
    const first = await callGateway(PAY, request);
    expect(first.resultCode).toBe("SUCCESS");
    await sleep(3000);
    expect((await callGateway(PAY, request)).text).toBe(first.text);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
  });

  it("an expiry in the future, or none at all, pays", async ({ expect }) => {
    const customerId = await createCustomer();
    const future = payRequest(customerId, { paymentExpiryTime: isoFromNow(60_000) });
    expect((await callGateway(PAY, future)).resultCode).toBe("SUCCESS");
    const none = payRequest(customerId, { paymentExpiryTime: null });
    expect((await callGateway(PAY, none)).resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - 2n * PAY_TO);
  });

  it("with a UTC or fractional-second time, the same instant decides", async ({ expect }) => {
    const customerId = await createCustomer();
    const past = new Date(Date.now() - GRACE_MS - 2000).toISOString();
    expect(past).toMatch(/\.\d{3}Z$/);
    const closed = payRequest(customerId, { paymentExpiryTime: past });
    expect((await callGateway(PAY, closed)).resultCode).toBe("ORDER_IS_CLOSED");
    const open = payRequest(customerId, {
      paymentExpiryTime: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await callGateway(PAY, open)).resultCode).toBe("SUCCESS");
  });

  it("the example pay with its original expiry (2026-11-26, a minute after it was made) is closed when it arrives now", async ({
    expect,
  }) => {
    const text = readFileSync(path.join(EXAMPLES, "pay-upm-two-promotions.json"), "utf8");
    const customerId = await createCustomer();
    const request = {
      ...(JSON.parse(text) as object),
      paymentRequestId: uniqueId("PAY"),
      paymentExpiryTime: "2026-11-26T12:01:00+09:00",
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", customerId },
    };
    expect((await callGateway(PAY, request)).resultCode).toBe("ORDER_IS_CLOSED");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("Auto Debit: an expired pay is closed and stored; an expired evaluation answers the same and stores nothing", async ({
    expect,
  }) => {
    const customerId = await createCustomer();
    const { accessToken } = await tokensFor({ authCode: await authCodeFor(customerId) });
    const expired = { paymentExpiryTime: isoFromNow(-GRACE_MS - 1000) };
    const evaluation = { ...autoDebitPay(accessToken, customerId, true), ...expired };
    expect((await callGateway(PAY, evaluation)).resultCode).toBe("ORDER_IS_CLOSED");
    expect(await paymentRows(evaluation.paymentRequestId)).toEqual([]);
    expect(await decisionsOf(evaluation.paymentRequestId)).toEqual([]);
    expect((await inquirePayment(evaluation.paymentRequestId)).resultCode).toBe("ORDER_NOT_EXIST");

    const pay = { ...autoDebitPay(accessToken, customerId), ...expired };
    expect((await callGateway(PAY, pay)).resultCode).toBe("ORDER_IS_CLOSED");
    expect((await paymentRows(pay.paymentRequestId))[0]).toMatchObject({
      status: "FAILED",
      resultCode: "ORDER_IS_CLOSED",
    });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it.for([
    ["no offset", "2099-11-26T12:01:00"],
    ["no seconds", "2099-11-26T12:01+09:00"],
    ["a space for T", "2099-11-26 12:01:00+09:00"],
    ["an offset without a colon", "2099-11-26T12:01:00+0900"],
    ["an impossible date", "2099-02-30T12:01:00+09:00"],
    ["words", "tomorrow"],
    ["an empty string", ""],
    ["epoch milliseconds", "4102444800000"],
    ["a JSON number", 4102444800000],
  ] as const)(
    "PARAM_ILLEGAL naming paymentExpiryTime for %s, nothing stored",
    async ([, value], { expect }) => {
      const customerId = await createCustomer();
      const request = payRequest(customerId, { paymentExpiryTime: value });
      const answer = await alipay.call(PAY, request);
      expect(answer.status).toBe(200);
      expect(answer.resultCode).toBe("PARAM_ILLEGAL");
      expect(answer.json?.result).toMatchObject({
        resultMessage: textMatching(/^paymentExpiryTime /),
      });
      expect(await paymentRows(request.paymentRequestId)).toEqual([]);
      expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    },
  );
});

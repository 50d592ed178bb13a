/**
 * What a pay is configured with (README "Configuration"): a production server of its own, on the
 * suite's database, started with default wallet limits and a longer expiry grace. Customers
 * without limits of their own are held to the defaults of their wallet currency; their own limits
 * override them, and clearing one brings the default back. The suite's server (no defaults, 5 s
 * grace) answers the same customers and requests differently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAlipayTime } from "@/server/alipayplus/answers";
import type { AppServer } from "@/server/platform/app-server";
import type { SignedClient } from "@/server/simulator/signed-client";
import {
  callGateway,
  createCustomer,
  jpy,
  krw,
  PAY,
  PAY_TO,
  plainPayRequest,
  secrets,
  setLimits,
  signedClientFor,
} from "../fixtures/gateway";
import { startOwnServer } from "../fixtures/own-server";

let server: AppServer | undefined;
let configured: SignedClient;

beforeAll(async () => {
  server = await startOwnServer({
    DEFAULT_SINGLE_PAYMENT_MAX: `KRW:${PAY_TO - 1n}, USD:10000`,
    DEFAULT_DAILY_COUNT_MAX: "2",
    PAYMENT_EXPIRY_GRACE_MS: "60000",
  });
  configured = signedClientFor(server.url);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** A pay to the configured server: its signed answer's code. */
async function configuredPay(body: unknown): Promise<string | undefined> {
  const answer = await configured.call(PAY, body);
  expect(answer.responseSignatureValid).toBe(true);
  return answer.resultCode;
}

/** The limits in force as the configured server's wallet API shows them. */
async function limitsShown(customerId: string): Promise<unknown> {
  const response = await fetch(new URL(`/api/wallet/v1/customers/${customerId}`, server!.url), {
    headers: { Authorization: `Bearer ${secrets.walletApiKey}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { limits: unknown }).limits;
}

describe("a server started with DEFAULT_SINGLE_PAYMENT_MAX, DEFAULT_DAILY_COUNT_MAX and PAYMENT_EXPIRY_GRACE_MS", () => {
  it("holds a customer without limits of its own to the defaults of its wallet currency", async () => {
    const customerId = await createCustomer();
    expect(await limitsShown(customerId)).toStrictEqual({
      singlePaymentMax: krw(PAY_TO - 1n),
      dailyAmountMax: null,
      dailyCountMax: 2,
    });
    expect(await configuredPay(plainPayRequest(customerId))).toBe("PAYMENT_AMOUNT_EXCEED_LIMIT");
    expect(
      await configuredPay(plainPayRequest(customerId, { payToAmount: krw(PAY_TO - 1n) })),
    ).toBe("SUCCESS");
    // The suite's server has no defaults: the same customer pays there.
    expect((await callGateway(PAY, plainPayRequest(customerId))).resultCode).toBe("SUCCESS");
    // Two payments in 24 hours, whichever server took them.
    expect(await configuredPay(plainPayRequest(customerId, { payToAmount: krw(1) }))).toBe(
      "PAYMENT_COUNT_EXCEED_LIMIT",
    );
  });

  it("the customer's own limit overrides the default; null clears it and the default applies again", async () => {
    const customerId = await createCustomer();
    await setLimits(customerId, { singlePaymentMax: krw(20_000), dailyCountMax: 3 });
    expect(await limitsShown(customerId)).toStrictEqual({
      singlePaymentMax: krw(20_000),
      dailyAmountMax: null,
      dailyCountMax: 3,
    });
    for (let i = 0; i < 3; i++)
      expect(await configuredPay(plainPayRequest(customerId))).toBe("SUCCESS");
    expect(await configuredPay(plainPayRequest(customerId))).toBe("PAYMENT_COUNT_EXCEED_LIMIT");

    await setLimits(customerId, { singlePaymentMax: null, dailyCountMax: null });
    expect(await limitsShown(customerId)).toStrictEqual({
      singlePaymentMax: krw(PAY_TO - 1n),
      dailyAmountMax: null,
      dailyCountMax: 2,
    });
    expect(await configuredPay(plainPayRequest(customerId))).toBe("PAYMENT_AMOUNT_EXCEED_LIMIT");
  });

  it("a wallet currency without an amount default has no amount limit; the count default applies to all", async () => {
    const customerId = await createCustomer({ currency: "JPY", balance: 10_000_000n });
    expect(await limitsShown(customerId)).toStrictEqual({
      singlePaymentMax: null,
      dailyAmountMax: null,
      dailyCountMax: 2,
    });
    const big = { payToAmount: jpy(5_000_000), paymentQuote: null };
    expect(await configuredPay(plainPayRequest(customerId, big))).toBe("SUCCESS");
    expect(await configuredPay(plainPayRequest(customerId, big))).toBe("SUCCESS");
    expect(await configuredPay(plainPayRequest(customerId, { payToAmount: jpy(1) }))).toBe(
      "PAYMENT_COUNT_EXCEED_LIMIT",
    );
  });

  it("pays a pay 30 s past its expiry (60 s grace) that the suite's server (5 s) closes", async () => {
    const customerId = await createCustomer();
    await setLimits(customerId, { singlePaymentMax: krw(PAY_TO) });
    const expiry = { paymentExpiryTime: formatAlipayTime(new Date(Date.now() - 30_000)) };
    expect(await configuredPay(plainPayRequest(customerId, expiry))).toBe("SUCCESS");
    expect((await callGateway(PAY, plainPayRequest(customerId, expiry))).resultCode).toBe(
      "ORDER_IS_CLOSED",
    );
  });
});

/**
 * Database down → `U`/`UNKNOWN_EXCEPTION`, HTTP 200, a signed JSON answer, never a success that
 * was not committed (docs/protocol.md#result-codes); Alipay+ retries the same
 * request and, once the database answers, gets the right outcome.
 *
 * A second app server runs the suite's production build against a port nobody listens on.
 */
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startAppServer, type AppServer } from "@/server/platform/app-server";
import { appEnvironment } from "@/server/platform/dev-secrets";
import { freePort } from "@/server/platform/embedded-postgres";
import type { SignedClient } from "@/server/simulator/signed-client";
import {
  alipay,
  balanceOf,
  callGateway,
  CANCEL,
  createCustomer,
  INQUIRY,
  paidPayment,
  PAY,
  payRequest,
  reference,
  REFUND,
  refundRequest,
  secrets,
  signedClientFor,
} from "../fixtures/gateway";
import { ledgerOf, paymentRows } from "../fixtures/db";
import { rawCall } from "../fixtures/http";
import { resultMatching } from "../fixtures/matchers";

let server: AppServer | undefined;
let stuckServer: AppServer | undefined;
let down: SignedClient;
let stuck: SignedClient;
/** Accepts connections and never says a word: a database that hangs. */
const blackHole = createServer(() => undefined);

async function serverWithDatabaseAt(databasePort: number): Promise<AppServer> {
  return startAppServer({
    mode: "start",
    port: await freePort(),
    env: {
      ...appEnvironment(secrets),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${databasePort}/x`,
      NODE_ENV: "production",
    },
    stdio: "ignore",
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  const holePort = (blackHole.address() as AddressInfo).port;
  // Nobody listens on a port that was just free.
  const deadPort = await freePort();
  [server, stuckServer] = await Promise.all([
    serverWithDatabaseAt(deadPort),
    serverWithDatabaseAt(holePort),
  ]);
  down = signedClientFor(server.url);
  stuck = signedClientFor(stuckServer.url);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), stuckServer?.stop()]);
  blackHole.close();
});

/** The answer Alipay+ must treat as "unknown": retry or inquire. */
const UNKNOWN = { result: resultMatching("UNKNOWN_EXCEPTION", "U") };

describe.concurrent("database unreachable", () => {
  it("pay → U/UNKNOWN_EXCEPTION, signed, fast; the same request later succeeds once", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const body = JSON.stringify(payRequest(customerId));
    const request = JSON.parse(body) as ReturnType<typeof payRequest>;

    const started = Date.now();
    const failed = await down.call(PAY, body);
    expect(Date.now() - started).toBeLessThan(8000); // the pay deadline
    expect(failed.status).toBe(200);
    expect(failed.headers.get("content-type")).toMatch(/^application\/json/);
    expect(failed.json).toEqual(UNKNOWN);
    expect(JSON.stringify(failed.json)).not.toMatch(/Error|ECONNREFUSED|postgres|127\.0\.0\.1/i);
    expect(failed.responseSignatureValid).toBe(true);
    expect(await paymentRows(request.paymentRequestId)).toEqual([]);
    expect(await balanceOf(customerId)).toBe(1_000_000n);

    // Alipay+ retries the very same bytes against a server whose database answers.
    const retried = await callGateway(PAY, body);
    expect(retried.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n);
    expect((await ledgerOf(customerId)).filter((e) => e.kind === "PAYMENT")).toHaveLength(1);
    expect((await paymentRows(request.paymentRequestId))[0]?.responseBody).toBe(retried.text);
  });

  it("a database that accepts connections but never answers: U within the pay deadline", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const started = Date.now();
    const answer = await stuck.call(PAY, request);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(UNKNOWN);
    expect(answer.responseSignatureValid).toBe(true);

    const retried = await alipay.call(PAY, request);
    expect(retried.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n);
  });

  it("refund, cancelPayment and inquiryPayment → U/UNKNOWN_EXCEPTION, nothing changed", async ({
    expect,
  }) => {
    const { customerId, paymentRequestId } = await paidPayment();
    const refund = refundRequest(paymentRequestId);

    for (const [path, body] of [
      [REFUND, refund],
      [CANCEL, reference(paymentRequestId)],
      [INQUIRY, reference(paymentRequestId)],
    ] as const) {
      const answer = await down.call(path, body);
      expect(answer.status, path).toBe(200);
      expect(answer.json, path).toEqual(UNKNOWN);
      expect(answer.responseSignatureValid, path).toBe(true);
    }
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n);
    expect((await paymentRows(paymentRequestId))[0]?.status).toBe("SUCCESS");

    // The retried refund is processed by the healthy server.
    const retried = await alipay.call(REFUND, refund);
    expect(retried.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n + 8370n);
  });

  it("checks that need no database still answer as usual", async ({ expect }) => {
    const request = payRequest("C-ANYONE");
    const badSignature = await rawCall({
      baseUrl: server?.url,
      path: PAY,
      body: JSON.stringify(request),
      headers: { Signature: "garbage" },
    });
    expect(badSignature.status).toBe(401);
    expect(badSignature.resultCode).toBe("INVALID_SIGNATURE");
    expect(badSignature.responseSignatureValid).toBe(true);

    const illegal = await down.call(PAY, {
      ...request,
      payToAmount: { currency: "KRW", value: "0" },
    });
    expect(illegal.status).toBe(200);
    expect(illegal.resultCode).toBe("PARAM_ILLEGAL");
    expect(illegal.responseSignatureValid).toBe(true);

    const wrongMethod = await rawCall({ baseUrl: server?.url, path: PAY, method: "GET" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.contentType).toMatch(/^application\/json/);
  });
});

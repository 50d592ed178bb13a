/**
 * Calls whose signature did not verify, on a server of its own with low limits (README "Call
 * log"): past 3 a minute from one source, or 5 from all sources, they are answered 429 and leave
 * no call-log row; a valid call from a source over its limit is answered and logged as ever.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "@/server/platform/app-server";
import { createCustomer, database, PAY, payRequest } from "../fixtures/gateway";
import { eventually, rawCall, sleep } from "../fixtures/http";
import { startOwnServer } from "../fixtures/own-server";

let server: AppServer | undefined;

beforeAll(async () => {
  // Behind one proxy: the test names each call's source as the proxy would, in X-Forwarded-For.
  server = await startOwnServer({
    TRUSTED_PROXY_HOPS: "1",
    UNVERIFIED_CALLS_PER_SOURCE: "3",
    UNVERIFIED_CALLS_PER_MINUTE: "5",
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The limits count per wall-clock minute: start with enough of the minute left. */
async function withMinuteLeft(ms: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await sleep(left + 200);
}

/** How many call-log rows hold the paymentRequestId in their body (a bad call names no id). */
async function loggedCalls(paymentRequestId: string): Promise<number> {
  const [row] = await database.sql<{ n: number }[]>`
    select count(*)::int as n from inbound_calls where strpos(raw_body, ${paymentRequestId}) > 0`;
  return row?.n ?? 0;
}

describe("calls whose signature did not verify, limited per source and in all", () => {
  it("answers 429 past the limits and logs nothing more; a valid call is untouched", async () => {
    const customerId = await createCustomer();
    const [sourceA, sourceB] = [
      `198.51.100.${randomInt(1, 128)}`,
      `203.0.113.${randomInt(1, 128)}`,
    ];
    const call = (source: string, signature?: string) => {
      const request = payRequest(customerId);
      const answer = rawCall({
        baseUrl: server!.url,
        path: PAY,
        body: JSON.stringify(request),
        headers: { "X-Forwarded-For": source, ...(signature && { Signature: signature }) },
      });
      return answer.then((a) => ({ ...a, paymentRequestId: request.paymentRequestId }));
    };

    await withMinuteLeft(30_000);
    const fromA = [];
    for (let i = 0; i < 4; i++) fromA.push(await call(sourceA, "garbage"));
    expect(fromA.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    const refused = fromA[3]!;
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.resultCode).toBe("INVALID_SIGNATURE");
    expect(refused.responseSignatureValid).toBe(true);

    // A correctly signed pay from the same source: answered as ever.
    const valid = await call(sourceA);
    expect(valid.status).toBe(200);
    expect(valid.resultCode).toBe("SUCCESS");

    // Another source has its own 3, but all sources together stop at 5.
    const fromB = [];
    for (let i = 0; i < 3; i++) fromB.push(await call(sourceB, "garbage"));
    expect(fromB.map((a) => a.status)).toEqual([401, 401, 429]);

    await eventually(async () =>
      (await loggedCalls(valid.paymentRequestId)) === 1 ? true : undefined,
    );
    const logged = async (answers: { paymentRequestId: string }[]) =>
      Promise.all(answers.map((a) => loggedCalls(a.paymentRequestId)));
    expect(await logged(fromA)).toEqual([1, 1, 1, 0]);
    expect(await logged(fromB)).toEqual([1, 1, 0]);
  });
});

/**
 * Wallet API key rotation (README "Wallet app backend API"): a server started with WALLET_API_KEYS
 * holding an old and a new key accepts both and no other, and logs every call with the id of the
 * key it came with (the first 8 hex digits of the key's SHA-256), never the key itself.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "@/server/platform/app-server";
import { eventually } from "../fixtures/http";
import { secrets, uniqueId } from "../fixtures/gateway";
import { startOwnServer } from "../fixtures/own-server";

const oldKey = randomBytes(32).toString("base64url");
const newKey = randomBytes(32).toString("base64url");
const keyId = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 8);

let server: AppServer | undefined;
let output = "";

beforeAll(async () => {
  server = await startOwnServer({ WALLET_API_KEYS: ` ${oldKey} , ${newKey} ` }, "pipe");
  for (const stream of [server.process.stdout, server.process.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => (output += chunk));
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function getCustomer(customerId: string, key: string) {
  return fetch(new URL(`/api/wallet/v1/customers/${customerId}`, server!.url), {
    headers: { Authorization: `Bearer ${key}` },
  });
}

/** The wallet_api.call log lines for this customer's path. */
function callsLogged(customerId: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.includes('"event":"wallet_api.call"') && line.includes(customerId))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("WALLET_API_KEYS with an old and a new key", () => {
  it("accepts both, refuses any other, and logs which key id each call used", async () => {
    const customerId = uniqueId("C");
    expect((await getCustomer(customerId, oldKey)).status).toBe(404);
    expect((await getCustomer(customerId, newKey)).status).toBe(404);
    // The suite's own key is not among this server's keys.
    expect((await getCustomer(customerId, secrets.walletApiKey)).status).toBe(401);
    expect((await getCustomer(customerId, `${newKey}x`)).status).toBe(401);

    const logged = await eventually(async () => {
      const calls = await Promise.resolve(callsLogged(customerId));
      return calls.length === 4 ? calls : undefined;
    });
    expect(
      logged.map(({ keyId, method, status, level }) => ({ keyId, method, status, level })),
    ).toEqual([
      { keyId: keyId(oldKey), method: "GET", status: 404, level: "info" },
      { keyId: keyId(newKey), method: "GET", status: 404, level: "info" },
      { keyId: null, method: "GET", status: 401, level: "warn" },
      { keyId: null, method: "GET", status: 401, level: "warn" },
    ]);
    expect(logged[0]).toMatchObject({ path: `/api/wallet/v1/customers/${customerId}` });
    for (const key of [oldKey, newKey, secrets.walletApiKey]) expect(output).not.toContain(key);
  });
});

/**
 * Codes and tokens are stored as HMAC-SHA256 under the server's HASH_SECRET (README "Secrets in
 * storage"), and rows written before it, which hold the plain SHA-256, keep working: an auth code,
 * an access token, a refresh token and a UPM payment code stored the old way are found by the
 * real routes, and what they lead to is stored the new way.
 */
import { randomBytes, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { legacyHash } from "@/server/alipayplus/secret-hash";
import { paymentRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  createCustomer,
  database,
  INITIAL_BALANCE,
  PAY,
  PAY_TO,
  payRequest,
  storedHash,
  uniqueId,
} from "../fixtures/gateway";
import { authCodeFor, payCode, tokensFor } from "../fixtures/auto-debit";

const { sql } = database;

const newToken = () => randomBytes(32).toString("base64url");

async function authCodeHashes(customerId: string): Promise<string[]> {
  const rows = await sql<{ code_hash: string }[]>`
    select code_hash from auth_codes where customer_id = ${customerId}`;
  return rows.map((row) => row.code_hash);
}

async function tokenHashesOf(accessToken: string) {
  const [row] = await sql<{ access_token_hash: string; refresh_token_hash: string }[]>`
    select access_token_hash, refresh_token_hash from auth_tokens
    where access_token_hash = ${storedHash(accessToken)}`;
  return row;
}

/** An auth code row as the server wrote it before HASH_SECRET: plain SHA-256. */
async function legacyAuthCode(customerId: string, expiresIn: string): Promise<string> {
  const authCode = newToken();
  await sql`insert into auth_codes (code_hash, customer_id, expires_at)
            values (${legacyHash(authCode)}, ${customerId}, now() + ${expiresIn}::interval)`;
  return authCode;
}

/** A UPM pay carrying `code` and no customerId: the code alone names the payer. */
function payWithCode(code: string) {
  const request = payRequest("unused");
  return {
    ...request,
    paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code },
  };
}

describe("stored hashes are keyed", () => {
  it("auth codes, access and refresh tokens and a pay's paymentMethodId: HMAC under HASH_SECRET", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    expect(await authCodeHashes(customerId)).toEqual([storedHash(authCode)]);
    expect(storedHash(authCode)).toMatch(/^hmac:[\w-]{43}$/);

    const tokens = await tokensFor({ authCode });
    expect(await tokenHashesOf(tokens.accessToken)).toEqual({
      access_token_hash: storedHash(tokens.accessToken),
      refresh_token_hash: storedHash(tokens.refreshToken),
    });

    const request = payRequest(await createCustomer());
    expect((await callGateway(PAY, request)).resultCode).toBe("SUCCESS");
    const [payment] = await paymentRows(request.paymentRequestId);
    expect(payment?.paymentMethodIdHash).toBe(storedHash(request.paymentMethod.paymentMethodId));
  });
});

/**
 * Rows from before HASH_SECRET: what a server upgraded in place finds in its tables. Each must
 * keep working until it expires (up to AUTODEBIT_REFRESH_TOKEN_DAYS for a refresh token).
 */
describe("rows written before HASH_SECRET still work", () => {
  it("an auth code stored the old way is exchanged, and the set it issues is stored keyed", async () => {
    const customerId = await createCustomer();
    const authCode = await legacyAuthCode(customerId, "10 minutes");
    const tokens = await tokensFor({ authCode });
    expect(tokens.customerId).toBe(customerId);
    const [set] = await sql<{ auth_code_hash: string }[]>`
      select auth_code_hash from auth_tokens
      where access_token_hash = ${storedHash(tokens.accessToken)}
        and refresh_token_hash = ${storedHash(tokens.refreshToken)}`;
    expect(set?.auth_code_hash).toBe(legacyHash(authCode));
    expect(await payCode(tokens.accessToken, customerId)).toBe("SUCCESS");
  });

  it("an access token stored the old way pays; its refresh token rotates into a keyed set", async () => {
    const customerId = await createCustomer();
    const authCode = await legacyAuthCode(customerId, "-30 days");
    const [accessToken, refreshToken] = [newToken(), newToken()];
    await sql`insert into auth_tokens (access_token_hash, refresh_token_hash, customer_id,
                auth_code_hash, access_token_expires_at, refresh_token_expires_at)
              values (${legacyHash(accessToken)}, ${legacyHash(refreshToken)}, ${customerId},
                ${legacyHash(authCode)}, now() + interval '60 days', now() + interval '300 days')`;

    expect(await payCode(accessToken, customerId)).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);

    const refreshed = await tokensFor({ refreshToken });
    expect(refreshed.customerId).toBe(customerId);
    expect(await tokenHashesOf(refreshed.accessToken)).toEqual({
      access_token_hash: storedHash(refreshed.accessToken),
      refresh_token_hash: storedHash(refreshed.refreshToken),
    });
    // The rotation revoked the old set, found by its old hash.
    expect(await payCode(accessToken, customerId)).toBe("INVALID_TOKEN");
    expect(await payCode(refreshed.accessToken, customerId)).toBe("SUCCESS");
  });

  it("a UPM payment code stored the old way names its customer and device", async () => {
    const customerId = await createCustomer();
    const deviceId = uniqueId("DEV");
    const code = `28${String(randomInt(10 ** 8)).padStart(8, "0")}${String(randomInt(10 ** 8)).padStart(8, "0")}`;
    await sql`insert into payment_codes (code_hash, code_last4, customer_id, device_id, expires_at)
              values (${legacyHash(code)}, ${code.slice(-4)}, ${customerId}, ${deviceId},
                now() + interval '1 minute')`;

    const request = payWithCode(code);
    const answer = await callGateway(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    expect(answer.json).toMatchObject({ customerId });
    const [payment] = await paymentRows(request.paymentRequestId);
    expect(payment).toMatchObject({ customerId, deviceTokenId: deviceId });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
  });
});

/**
 * `DELETE /api/wallet/v1/customers/{customerId}/authorizations` over real HTTP (README
 * "Auto Debit"; docs/protocol.md#who-pays): revokes every live Auto Debit token set of a customer
 * and closes its auth codes; afterwards pay says INVALID_TOKEN and applyToken INVALID_REFRESH_TOKEN
 * / INVALID_CODE. Also what it guarantees against an applyToken running at the same time.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  applyToken,
  authCodeFor,
  isRevoked,
  payCode,
  tokensFor,
  unrevokedSetsOf,
  type TokenSet,
} from "../fixtures/auto-debit";
import {
  balanceOf,
  baseUrl,
  createCustomer,
  database,
  INITIAL_BALANCE,
  storedHash,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";

function revoke(customerId: string, key?: string) {
  return walletApi(
    "DELETE",
    `/api/wallet/v1/customers/${encodeURIComponent(customerId)}/authorizations`,
    undefined,
    key,
  );
}

describe.concurrent("DELETE /api/wallet/v1/customers/{customerId}/authorizations", () => {
  it("answers 401 without the bearer key and revokes nothing", async () => {
    const customerId = await createCustomer();
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });
    const wrong = await revoke(customerId, "not-the-wallet-api-key");
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toMatchObject({ code: "UNAUTHORIZED" });
    const none = await fetch(
      new URL(`/api/wallet/v1/customers/${customerId}/authorizations`, baseUrl),
      { method: "DELETE" },
    );
    expect(none.status).toBe(401);
    expect(await isRevoked(tokens.accessToken)).toBe(false);
    expect(await payCode(tokens.accessToken, customerId, true)).toBe("SUCCESS");
  });

  it("answers 400 for a malformed customer id and 404 JSON for an unknown one", async () => {
    const tooLong = await revoke("C".repeat(65));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatchObject({ code: "INVALID_REQUEST", field: "customerId" });
    const withSpace = await revoke("C 1");
    expect(withSpace.status).toBe(400);
    expect(withSpace.json.error).toMatchObject({ field: "customerId" });

    const unknown = await revoke(uniqueId("C"));
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: "NOT_FOUND" });
  });

  it("revokes every live set, counts only those, and is idempotent", async () => {
    const customerId = await createCustomer();
    const other = await createCustomer();
    // Code A exchanged twice (the retry revoked the first set), code B exchanged then refreshed
    // (rotation revoked the first set), code C never exchanged, code D's only set has an expired
    // refresh token: live are A's second set and B's refreshed set.
    const codeA = await authCodeFor(customerId);
    const firstA = await tokensFor({ authCode: codeA });
    const secondA = await tokensFor({ authCode: codeA });
    const codeB = await authCodeFor(customerId);
    const firstB = await tokensFor({ authCode: codeB });
    const refreshedB = await tokensFor({ refreshToken: firstB.refreshToken });
    const codeC = await authCodeFor(customerId);
    const setD = await tokensFor({ authCode: await authCodeFor(customerId) });
    await database.sql`update auth_tokens set refresh_token_expires_at = now() - interval '1 second'
                       where access_token_hash = ${storedHash(setD.accessToken)}`;
    const othersSet = await tokensFor({ authCode: await authCodeFor(other) });

    const first = await revoke(customerId);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ customerId, revoked: 2 });
    expect(await unrevokedSetsOf(customerId)).toBe(1); // D's: dead already, left as it was

    const again = await revoke(customerId);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ customerId, revoked: 0 });

    for (const set of [firstA, secondA, firstB, refreshedB]) {
      expect(await isRevoked(set.accessToken)).toBe(true);
      expect(await payCode(set.accessToken, customerId)).toBe("INVALID_TOKEN");
      expect(await payCode(set.accessToken, customerId, true)).toBe("INVALID_TOKEN");
      expect((await applyToken({ refreshToken: set.refreshToken })).resultCode).toBe(
        "INVALID_REFRESH_TOKEN",
      );
    }
    expect(await payCode(secondA.accessToken)).toBe("INVALID_TOKEN");
    // The codes, still within their 10 minutes, are closed too: used or not.
    for (const authCode of [codeA, codeB, codeC]) {
      expect((await applyToken({ authCode })).resultCode).toBe("INVALID_CODE");
    }
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);

    // Another customer's authorization is untouched.
    expect(await isRevoked(othersSet.accessToken)).toBe(false);
    expect(await payCode(othersSet.accessToken, other, true)).toBe("SUCCESS");
  });

  it("revokes authorizations, not the customer: a new auth code is a new consent that works", async () => {
    const customerId = await createCustomer();
    await tokensFor({ authCode: await authCodeFor(customerId) });
    expect((await revoke(customerId)).json).toEqual({ customerId, revoked: 1 });
    const renewed = await tokensFor({ authCode: await authCodeFor(customerId) });
    expect(renewed.customerId).toBe(customerId);
    expect(await payCode(renewed.accessToken, customerId)).toBe("SUCCESS");
  });

  it("revokes a frozen customer's tokens too", async () => {
    const customerId = await createCustomer();
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });
    const frozen = await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
      status: "FROZEN",
    });
    expect(frozen.status).toBe(200);
    expect((await revoke(customerId)).json).toEqual({ customerId, revoked: 1 });
    expect(await payCode(tokens.accessToken, customerId, true)).toBe("INVALID_TOKEN");
  });
});

/**
 * The guarantee against a concurrent applyToken: once the revocation has answered, no token set
 * of the customer is live that came from an auth code issued before it committed, including sets
 * issued by applyToken calls in flight at the same time (such a call either commits first and
 * its set is revoked, or waits and is refused: INVALID_CODE / INVALID_REFRESH_TOKEN, never U).
 * Not promised: a pay that read its token before the revocation committed may still be paid,
 * being ordered before it.
 */
describe("revocation racing applyToken for the same customer", () => {
  it("waits for a refresh holding its code's lock, then revokes the set it issued", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    const codeHash = storedHash(authCode);
    const old = await tokensFor({ authCode });
    // Months later: the code is long expired, its set is refreshed (the usual Auto Debit life).
    await database.sql`update auth_codes set expires_at = now() - interval '30 days'
                       where code_hash = ${codeHash}`;
    // Plays that refresh in flight, as applyToken does it: the code's row lock, the old set
    // revoked, the new one inserted, not yet committed.
    const accessToken = randomBytes(32).toString("base64url");
    let answered = false;
    const revocation = await database.sql.begin(async (sql) => {
      await sql`select 1 from auth_codes where code_hash = ${codeHash} for update`;
      await sql`update auth_tokens set revoked_at = now()
                where access_token_hash = ${storedHash(old.accessToken)}`;
      await sql`insert into auth_tokens (access_token_hash, refresh_token_hash, customer_id,
                  auth_code_hash, issued_at, access_token_expires_at, refresh_token_expires_at)
                values (${storedHash(accessToken)}, ${storedHash(uniqueId("R"))}, ${customerId},
                  ${codeHash}, now(), now() + interval '1 day', now() + interval '2 days')`;
      const pending = revoke(customerId).finally(() => {
        answered = true;
      });
      await sleep(700);
      // Still waiting for the code's lock.
      expect(answered).toBe(false);
      return { pending };
    });
    const answer = await revocation.pending;
    // Updating the token rows alone would have found only the old set, revoked by then, and
    // missed the new one: its insert was not yet visible when that update began.
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ customerId, revoked: 1 });
    expect(await isRevoked(accessToken)).toBe(true);
    expect(await unrevokedSetsOf(customerId)).toBe(0);
    expect(await payCode(accessToken, customerId, true)).toBe("INVALID_TOKEN");
  });

  it("leaves no live set from earlier codes when applyTokens and refreshes race the revocation", async () => {
    const rounds = 4;
    const outcomes = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const customerId = await createCustomer();
      const codes = await Promise.all(Array.from({ length: 4 }, () => authCodeFor(customerId)));
      const [c0, c1, c2, c3] = codes as [string, string, string, string];
      const before = [await tokensFor({ authCode: c0 }), await tokensFor({ authCode: c1 })];
      // c1 as months later: long expired, only its set's refresh token still usable.
      await database.sql`update auth_codes set expires_at = now() - interval '30 days'
                         where code_hash = ${storedHash(c1)}`;

      const exchanges = [
        () => applyToken({ authCode: c0 }), // a retry: rotates c0's set
        () => applyToken({ authCode: c2 }),
        () => applyToken({ authCode: c2 }),
        () => applyToken({ authCode: c3 }),
        () => applyToken({ refreshToken: before[0]!.refreshToken }),
        () => applyToken({ refreshToken: before[1]!.refreshToken }),
      ];
      // All sent at once; the revocation goes first, then later in the burst each round.
      const position = (round * 2) % (exchanges.length + 1);
      const sent = exchanges.slice(0, position).map((send) => send());
      const pendingRevocation = revoke(customerId);
      sent.push(...exchanges.slice(position).map((send) => send()));
      const [revocation, answers] = await Promise.all([pendingRevocation, Promise.all(sent)]);

      expect(revocation.status).toBe(200);
      const revoked = Number(revocation.json.revoked);
      // Every set live when it ran: at least the two made before, at most one per code.
      expect(revoked).toBeGreaterThanOrEqual(2);
      expect(revoked).toBeLessThanOrEqual(codes.length);

      const issued: TokenSet[] = [...before];
      for (const answer of answers) {
        const key = `${answer.resultStatus}/${answer.resultCode}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        expect(["S/SUCCESS", "F/INVALID_CODE", "F/INVALID_REFRESH_TOKEN"]).toContain(key);
        if (answer.resultCode === "SUCCESS") issued.push(answer.json as unknown as TokenSet);
      }

      expect(await unrevokedSetsOf(customerId)).toBe(0);
      for (const set of issued) {
        expect(await payCode(set.accessToken, customerId, true)).toBe("INVALID_TOKEN");
      }
      for (const authCode of codes) {
        expect((await applyToken({ authCode })).resultCode).toBe("INVALID_CODE");
      }
      expect((await applyToken({ refreshToken: issued.at(-1)!.refreshToken })).resultCode).toBe(
        "INVALID_REFRESH_TOKEN",
      );
    }
    // Which side won varies with timing; printed so that a run shows both happened.
    console.log("applyToken outcomes racing revocations:", Object.fromEntries(outcomes));
  });
});

/**
 * Auto Debit end to end over real HTTP (README "Auto Debit", docs/protocol.md#applytoken, #pay,
 * #who-pays, #secrets-in-storage-and-logs): auth code from the wallet API → signed applyToken →
 * Auto Debit pay by access token; refresh, retries, expiry, concurrency, payment evaluations,
 * redaction.
 */
import { describe, expect, it } from "vitest";
import {
  baseUrl,
  balanceOf,
  callGateway,
  createCustomer,
  database,
  INITIAL_BALANCE,
  inquirePayment,
  PAY,
  PAY_TO,
  storedHash,
  uniqueId,
} from "../fixtures/gateway";
import { eventually } from "../fixtures/http";
import { ALIPAY_TIME, resultMatching } from "../fixtures/matchers";
import {
  APPLY_TOKEN,
  applyToken,
  applyTokenBody,
  authCodeFor,
  autoDebitPay,
  liveSetsOfCode,
  payCode,
  tokensFor,
} from "../fixtures/auto-debit";
import { paymentRows } from "../fixtures/db";

describe.concurrent("applyToken and Auto Debit pay", () => {
  it("auth code → applyToken → Auto Debit pay debits the code's customer", async () => {
    const customerId = await createCustomer();
    const other = await createCustomer();
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });

    expect(tokens.customerId).toBe(customerId);
    expect(tokens.accessTokenExpiryTime).toMatch(ALIPAY_TIME);
    expect(tokens.refreshTokenExpiryTime).toMatch(ALIPAY_TIME);
    const day = 24 * 3600_000;
    expect(Date.parse(tokens.accessTokenExpiryTime) - Date.now()).toBeGreaterThan(89 * day);
    expect(Date.parse(tokens.refreshTokenExpiryTime) - Date.now()).toBeGreaterThan(364 * day);
    expect(tokens.accessToken).not.toBe(tokens.refreshToken);

    const request = autoDebitPay(tokens.accessToken, customerId);
    const paid = await callGateway(PAY, request);
    expect(paid.json).toMatchObject({ result: resultMatching("SUCCESS", "S"), customerId });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
    expect(await balanceOf(other)).toBe(INITIAL_BALANCE);

    // Without paymentMethod.customerId the token alone names the payer.
    expect(await payCode(tokens.accessToken)).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - 2n * PAY_TO);
  });

  it("a paymentMethod.customerId naming someone else is INVALID_TOKEN and moves no money", async () => {
    const customerId = await createCustomer();
    const other = await createCustomer();
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });
    expect(await payCode(tokens.accessToken, other)).toBe("INVALID_TOKEN");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect(await balanceOf(other)).toBe(INITIAL_BALANCE);
  });

  it("a refresh token rotates the set: new tokens work, the old ones do not", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    const first = await tokensFor({ authCode });
    const refreshed = await tokensFor({ refreshToken: first.refreshToken });

    expect(refreshed.customerId).toBe(customerId);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.refreshToken).not.toBe(first.refreshToken);
    expect(await payCode(refreshed.accessToken)).toBe("SUCCESS");
    expect(await payCode(first.accessToken)).toBe("INVALID_TOKEN");
    expect((await applyToken({ refreshToken: first.refreshToken })).resultCode).toBe(
      "INVALID_REFRESH_TOKEN",
    );
    expect(await liveSetsOfCode(authCode)).toBe(1);
  });

  it("a retry with the same still-valid code revokes the previous set and answers a new one", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    const first = await tokensFor({ authCode });
    const second = await tokensFor({ authCode });

    expect(second.customerId).toBe(customerId);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await payCode(first.accessToken)).toBe("INVALID_TOKEN");
    expect((await applyToken({ refreshToken: first.refreshToken })).resultCode).toBe(
      "INVALID_REFRESH_TOKEN",
    );
    expect(await payCode(second.accessToken)).toBe("SUCCESS");
    expect(await liveSetsOfCode(authCode)).toBe(1);
  });

  it("an unknown or expired code is F/INVALID_CODE", async () => {
    const unknown = await applyToken({ authCode: uniqueId("NOPE") });
    expect(unknown.json).toEqual({ result: resultMatching("INVALID_CODE", "F") });

    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    await database.sql`update auth_codes set expires_at = now() - interval '1 second'
                       where code_hash = ${storedHash(authCode)}`;
    const expired = await applyToken({ authCode });
    expect(expired.json).toEqual({ result: resultMatching("INVALID_CODE", "F") });
    expect(await liveSetsOfCode(authCode)).toBe(0);
  });

  it("an unknown or expired refresh token is F/INVALID_REFRESH_TOKEN", async () => {
    const unknown = await applyToken({ refreshToken: uniqueId("NOPE") });
    expect(unknown.json).toEqual({ result: resultMatching("INVALID_REFRESH_TOKEN", "F") });

    const tokens = await tokensFor({ authCode: await authCodeFor(await createCustomer()) });
    await database.sql`update auth_tokens set refresh_token_expires_at = now() - interval '1 second'
                       where refresh_token_hash = ${storedHash(tokens.refreshToken)}`;
    const expired = await applyToken({ refreshToken: tokens.refreshToken });
    expect(expired.json).toEqual({ result: resultMatching("INVALID_REFRESH_TOKEN", "F") });
  });

  it("an expired access token is EXPIRED_ACCESS_TOKEN, an unknown one INVALID_TOKEN", async () => {
    const customerId = await createCustomer();
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });
    await database.sql`update auth_tokens set access_token_expires_at = now() - interval '1 second'
                       where access_token_hash = ${storedHash(tokens.accessToken)}`;
    expect(await payCode(tokens.accessToken)).toBe("EXPIRED_ACCESS_TOKEN");
    expect(await payCode(tokens.accessToken, customerId, true)).toBe("EXPIRED_ACCESS_TOKEN");
    expect(await payCode(uniqueId("NOPE"))).toBe("INVALID_TOKEN");
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
  });

  it("names the missing grant field as PARAM_ILLEGAL", async () => {
    const answer = await callGateway(APPLY_TOKEN, {
      acquirerId: "1020000000000000001",
      pspId: "1022000000000000001",
      grantType: "AUTHORIZATION_CODE",
    });
    expect(answer.resultCode).toBe("PARAM_ILLEGAL");
    expect(answer.text).toContain("authCode is required");
  });

  it("two concurrent applyTokens with one code end with exactly one live set", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    const answers = await Promise.all(Array.from({ length: 4 }, () => tokensFor({ authCode })));
    expect(await liveSetsOfCode(authCode)).toBe(1);
    const codes = await Promise.all(
      answers.map((set) => payCode(set.accessToken, customerId, true)),
    );
    expect(codes.filter((code) => code === "SUCCESS")).toHaveLength(1);
    expect(codes.filter((code) => code === "INVALID_TOKEN")).toHaveLength(3);
  });

  it("a payment evaluation checks the payer, moves no money and creates no payment", async () => {
    const customerId = await createCustomer();
    const tokens = await tokensFor({ authCode: await authCodeFor(customerId) });
    const request = autoDebitPay(tokens.accessToken, customerId, true);
    const evaluated = await callGateway(PAY, request);
    expect(evaluated.json).toEqual({ result: resultMatching("SUCCESS", "S") });
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE);
    expect(await paymentRows(request.paymentRequestId)).toHaveLength(0);
    expect((await inquirePayment(request.paymentRequestId)).resultCode).toBe("ORDER_NOT_EXIST");

    const poor = await createCustomer({ balance: PAY_TO - 1n });
    const poorTokens = await tokensFor({ authCode: await authCodeFor(poor) });
    expect(await payCode(poorTokens.accessToken, poor, true)).toBe("USER_BALANCE_NOT_ENOUGH");
    expect(await balanceOf(poor)).toBe(PAY_TO - 1n);

    const unverified = await createCustomer({ kycStatus: "PENDING" });
    const unverifiedTokens = await tokensFor({ authCode: await authCodeFor(unverified) });
    expect(await payCode(unverifiedTokens.accessToken, unverified, true)).toBe(
      "USER_KYC_NOT_QUALIFIED",
    );

    const usd = await createCustomer({ currency: "USD", balance: 0n });
    const usdTokens = await tokensFor({ authCode: await authCodeFor(usd) });
    expect(await payCode(usdTokens.accessToken, usd, true)).toBe("CURRENCY_NOT_SUPPORT");
  });

  it("never stores a code or token in clear: the call log keeps only the last 4", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    const tokens = await tokensFor({ authCode });
    const refreshed = await tokensFor({ refreshToken: tokens.refreshToken });
    const request = autoDebitPay(refreshed.accessToken, customerId);
    expect((await callGateway(PAY, request)).resultCode).toBe("SUCCESS");

    const secrets = [
      authCode,
      tokens.accessToken,
      tokens.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
    ];
    // The call log is written after the answer: wait for all four calls.
    await eventually(async () => {
      const [row] = await database.sql<{ n: number }[]>`
        select count(*)::int as n from inbound_calls
        where strpos(raw_body, ${`****${authCode.slice(-4)}`}) > 0
           or strpos(response_body, ${`****${refreshed.accessToken.slice(-4)}`}) > 0
           or strpos(raw_body, ${`****${refreshed.accessToken.slice(-4)}`}) > 0`;
      return Number(row?.n) >= 3 ? true : undefined;
    });
    const [applied] = await database.sql<{ raw_body: string; response_body: string }[]>`
      select raw_body, response_body from inbound_calls
      where path = ${APPLY_TOKEN} and strpos(raw_body, ${`****${authCode.slice(-4)}`}) > 0`;
    expect(applied?.raw_body).toContain(`"authCode":"****${authCode.slice(-4)}"`);
    expect(applied?.response_body).toContain(`"accessToken":"****${tokens.accessToken.slice(-4)}"`);

    for (const secret of secrets) {
      const [found] = await database.sql<{ n: number }[]>`
        select
          (select count(*) from inbound_calls c where strpos(row_to_json(c)::text, ${secret}) > 0)
        + (select count(*) from payments p where strpos(row_to_json(p)::text, ${secret}) > 0)
        + (select count(*) from auth_codes a where strpos(row_to_json(a)::text, ${secret}) > 0)
        + (select count(*) from auth_tokens t where strpos(row_to_json(t)::text, ${secret}) > 0)
        as n`;
      expect(Number(found?.n), "a secret stored in clear").toBe(0);
    }
  });

  it("refuses an unsigned applyToken with 401 INVALID_SIGNATURE", async () => {
    const response = await fetch(new URL(APPLY_TOKEN, baseUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(applyTokenBody({ authCode: "x" })),
    });
    expect(response.status).toBe(401);
  });
});

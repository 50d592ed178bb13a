/**
 * applyToken against replays (README "Replays"): an auth code is exchanged again only within
 * AUTH_CODE_REUSE_GRACE_MS (30 s) of its first exchange, and applyToken's signed Request-Time must
 * be within APPLY_TOKEN_MAX_SKEW_MS (5 minutes) of the server's clock, else
 * PARAM_ILLEGAL; the payment APIs keep accepting the original time of a retry.
 */
import { describe, expect, it } from "vitest";
import { formatAlipayTime } from "@/server/alipayplus/answers";
import { applyToken as applyTokenDirectly } from "@/server/auth-tokens/auth-tokens";
import { ZApplyTokenRequest } from "@/server/alipayplus/wire";
import { alipay, createCustomer, database, PAY, payRequest, storedHash } from "../fixtures/gateway";
import { resultMatching } from "../fixtures/matchers";
import {
  APPLY_TOKEN,
  applyTokenBody,
  authCodeFor,
  autoDebitSettings,
  liveSetsOfCode,
  payCode,
  tokensFor,
  type TokenSet,
} from "../fixtures/auto-debit";

const MINUTE_MS = 60_000;

/** As if the code's first exchange had happened `seconds` earlier than it did. */
async function firstUsedEarlier(authCode: string, seconds: number): Promise<void> {
  await database.sql`update auth_codes
                     set first_used_at = first_used_at - make_interval(secs => ${seconds})
                     where code_hash = ${storedHash(authCode)}`;
}

async function firstUsedAt(authCode: string): Promise<Date | null> {
  const [row] = await database.sql<{ first_used_at: Date | null }[]>`
    select first_used_at from auth_codes where code_hash = ${storedHash(authCode)}`;
  return row?.first_used_at ?? null;
}

/** applyToken signed with the given Request-Time. */
function applyTokenAt(time: Date | string, authCode: string) {
  return alipay.call(APPLY_TOKEN, applyTokenBody({ authCode }), {
    time: typeof time === "string" ? time : formatAlipayTime(time),
  });
}

describe.concurrent("an auth code exchanged again", () => {
  it("within 30 s of its first exchange gets a new set; a replay after that is INVALID_CODE", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    // One captured request, sent again byte for byte (same Request-Time, same signature).
    const time = formatAlipayTime(new Date());
    const send = () => alipay.call(APPLY_TOKEN, applyTokenBody({ authCode }), { time });
    const first = (await send()).json as unknown as TokenSet;
    const retried = await send();
    expect(retried.json).toMatchObject({ result: resultMatching("SUCCESS", "S"), customerId });
    const second = retried.json as unknown as TokenSet;
    expect(second.accessToken).not.toBe(first.accessToken);

    await firstUsedEarlier(authCode, 31);
    const replayed = await send();
    expect(replayed.status).toBe(200);
    expect(replayed.responseSignatureValid).toBe(true);
    expect(replayed.json).toEqual({ result: resultMatching("INVALID_CODE", "F") });
    // The set Alipay+ holds is untouched: the replay neither took it over nor revoked it.
    expect(await liveSetsOfCode(authCode)).toBe(1);
    expect(await payCode(second.accessToken, customerId, true)).toBe("SUCCESS");
    expect(await payCode(first.accessToken, customerId, true)).toBe("INVALID_TOKEN");
  });

  it("at 25 s is still a retry", async () => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    await tokensFor({ authCode });
    await firstUsedEarlier(authCode, 25);
    expect((await tokensFor({ authCode })).customerId).toBe(customerId);
    expect(await liveSetsOfCode(authCode)).toBe(1);
  });

  it("the grace is configuration: 0 allows no second exchange at all", async () => {
    const authCode = await authCodeFor(await createCustomer());
    const call = {
      request: ZApplyTokenRequest.parse(applyTokenBody({ authCode })),
      redacted: {},
      requestHash: "",
      receivedAt: new Date(),
    };
    const settings = autoDebitSettings({ codeReuseGraceMs: 0 });
    const exchange = async () =>
      (
        JSON.parse(await applyTokenDirectly(database.db, call, settings)) as TokenSet & {
          result: unknown;
        }
      ).result;
    expect(await exchange()).toEqual(resultMatching("SUCCESS", "S"));
    expect(await exchange()).toEqual(resultMatching("INVALID_CODE", "F"));
  });
});

describe.concurrent("applyToken's Request-Time", () => {
  it.each([
    ["6 minutes old", -6 * MINUTE_MS],
    ["6 minutes ahead", 6 * MINUTE_MS],
  ])("%s is PARAM_ILLEGAL naming it, and the code stays unused", async (_name, offsetMs) => {
    const customerId = await createCustomer();
    const authCode = await authCodeFor(customerId);
    const answer = await applyTokenAt(new Date(Date.now() + offsetMs), authCode);
    expect(answer.status).toBe(200);
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
    expect(answer.text).toContain("Request-Time: must be within 300 s of the wallet's clock");
    expect(await firstUsedAt(authCode)).toBeNull();
    expect((await tokensFor({ authCode })).customerId).toBe(customerId);
  });

  it("4 minutes old or ahead is accepted", async () => {
    for (const offsetMs of [-4 * MINUTE_MS, 4 * MINUTE_MS]) {
      const customerId = await createCustomer();
      const answer = await applyTokenAt(
        new Date(Date.now() + offsetMs),
        await authCodeFor(customerId),
      );
      expect(answer.json).toMatchObject({ result: resultMatching("SUCCESS", "S"), customerId });
    }
  });

  it("that cannot be read as a time is PARAM_ILLEGAL", async () => {
    const answer = await applyTokenAt("yesterday", await authCodeFor(await createCustomer()));
    expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
    expect(answer.text).toContain("Request-Time: must be an ISO 8601 date-time with an offset");
  });

  it("is not checked on pay: a retry an hour later with its original time is answered", async () => {
    const request = payRequest(await createCustomer());
    const answer = await alipay.call(PAY, request, {
      time: formatAlipayTime(new Date(Date.now() - 60 * MINUTE_MS)),
    });
    expect(answer.resultCode).toBe("SUCCESS");
  });
});

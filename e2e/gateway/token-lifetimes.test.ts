/**
 * Auto Debit token lifetimes are configuration (README "Auto Debit": 90 and 365 days unless
 * AUTODEBIT_ACCESS_TOKEN_DAYS / AUTODEBIT_REFRESH_TOKEN_DAYS say otherwise): the domain function
 * issues what it is handed, expiries are enforced from what was stored, and a server started with
 * the variables set answers with its lifetimes.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authTokens } from "@/db/schema";
import type { InboundCall } from "@/server/alipayplus/inbound-call";
import { ZApplyTokenRequest, type ApplyTokenRequest } from "@/server/alipayplus/wire";
import {
  applyToken,
  findAccessToken,
  tokenLifetimesInDays,
  type TokenLifetimes,
} from "@/server/auth-tokens/auth-tokens";
import type { AppServer } from "@/server/platform/app-server";
import {
  applyTokenBody,
  authCodeFor,
  autoDebitSettings,
  payCode,
  tokensFor,
  APPLY_TOKEN,
  type Grant,
  type TokenSet,
} from "../fixtures/auto-debit";
import {
  createCustomer,
  database,
  secrets,
  signedClientFor,
  storedHash,
} from "../fixtures/gateway";
import { resultMatching } from "../fixtures/matchers";
import { startOwnServer } from "../fixtures/own-server";

const SECOND_MS = 1000;
const DAY_MS = 24 * 3600 * SECOND_MS;

function inboundCall(grant: Grant): InboundCall<ApplyTokenRequest> {
  return {
    request: ZApplyTokenRequest.parse(applyTokenBody(grant)),
    redacted: {},
    requestHash: "",
    receivedAt: new Date(),
  };
}

/** The domain function itself, with the lifetimes it is handed. */
async function issue(grant: Grant, lifetimes: TokenLifetimes): Promise<Record<string, unknown>> {
  const settings = autoDebitSettings({ tokenLifetimes: lifetimes });
  return JSON.parse(await applyToken(database.db, inboundCall(grant), settings)) as Record<
    string,
    unknown
  >;
}

/** Milliseconds from now to an answered expiry time (answers carry whole seconds). */
function fromNow(time: unknown): number {
  return Date.parse(String(time)) - Date.now();
}

describe.concurrent("applyToken with configured lifetimes (domain function)", () => {
  it("tokenLifetimesInDays converts whole days", () => {
    expect(tokenLifetimesInDays(90, 365)).toEqual({
      accessTokenMs: 90 * DAY_MS,
      refreshTokenMs: 365 * DAY_MS,
    });
  });

  it("answers and stores the expiries the lifetimes give, for a code and for a refresh", async () => {
    const customerId = await createCustomer();
    const lifetimes = tokenLifetimesInDays(2, 3);
    const granted = await issue({ authCode: await authCodeFor(customerId) }, lifetimes);
    expect(granted).toMatchObject({ result: resultMatching("SUCCESS", "S"), customerId });
    for (const answer of [
      granted,
      await issue({ refreshToken: String(granted.refreshToken) }, lifetimes),
    ]) {
      expect(fromNow(answer.accessTokenExpiryTime)).toBeGreaterThan(2 * DAY_MS - 60 * SECOND_MS);
      expect(fromNow(answer.accessTokenExpiryTime)).toBeLessThanOrEqual(2 * DAY_MS);
      expect(fromNow(answer.refreshTokenExpiryTime)).toBeGreaterThan(3 * DAY_MS - 60 * SECOND_MS);
      expect(fromNow(answer.refreshTokenExpiryTime)).toBeLessThanOrEqual(3 * DAY_MS);
      const [row] = await database.db
        .select({
          access: authTokens.accessTokenExpiresAt,
          refresh: authTokens.refreshTokenExpiresAt,
        })
        .from(authTokens)
        .where(eq(authTokens.accessTokenHash, storedHash(String(answer.accessToken))));
      // Stored to the millisecond, answered to the whole second.
      expect(Math.floor(row!.access.getTime() / 1000)).toBe(
        Date.parse(String(answer.accessTokenExpiryTime)) / 1000,
      );
      expect(Math.floor(row!.refresh.getTime() / 1000)).toBe(
        Date.parse(String(answer.refreshTokenExpiryTime)) / 1000,
      );
    }
  });

  it("a short access lifetime expires: EXPIRED_ACCESS_TOKEN, while the refresh token still works", async () => {
    const customerId = await createCustomer();
    const granted = await issue(
      { authCode: await authCodeFor(customerId) },
      { accessTokenMs: 1500, refreshTokenMs: DAY_MS },
    );
    const accessToken = String(granted.accessToken);
    const found = () => findAccessToken(database.db, accessToken, secrets.hashSecret);
    expect(await found()).toEqual({ kind: "valid", customerId });
    await sleep(1600);
    expect(await found()).toEqual({ kind: "expired" });
    // The running server enforces what was stored.
    expect(await payCode(accessToken, customerId)).toBe("EXPIRED_ACCESS_TOKEN");
    const refreshed = await tokensFor({ refreshToken: String(granted.refreshToken) });
    expect(await payCode(refreshed.accessToken, customerId, true)).toBe("SUCCESS");
  });

  it("a short refresh lifetime expires: INVALID_REFRESH_TOKEN", async () => {
    const customerId = await createCustomer();
    const lifetimes = { accessTokenMs: 1000, refreshTokenMs: 1500 };
    const granted = await issue({ authCode: await authCodeFor(customerId) }, lifetimes);
    await sleep(1600);
    const refused = await issue({ refreshToken: String(granted.refreshToken) }, lifetimes);
    expect(refused).toEqual({ result: resultMatching("INVALID_REFRESH_TOKEN", "F") });
  });
});

describe("a server started with AUTODEBIT_ACCESS_TOKEN_DAYS=2, AUTODEBIT_REFRESH_TOKEN_DAYS=5", () => {
  let server: AppServer | undefined;

  beforeAll(async () => {
    server = await startOwnServer({
      AUTODEBIT_ACCESS_TOKEN_DAYS: "2",
      AUTODEBIT_REFRESH_TOKEN_DAYS: "5",
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("issues tokens with those lifetimes", async () => {
    const customerId = await createCustomer();
    const answer = await signedClientFor(server!.url).call(
      APPLY_TOKEN,
      applyTokenBody({ authCode: await authCodeFor(customerId) }),
    );
    expect(answer.responseSignatureValid).toBe(true);
    const tokens = answer.json as unknown as TokenSet;
    expect(tokens).toMatchObject({ result: resultMatching("SUCCESS", "S"), customerId });
    expect(fromNow(tokens.accessTokenExpiryTime)).toBeGreaterThan(2 * DAY_MS - 60 * SECOND_MS);
    expect(fromNow(tokens.accessTokenExpiryTime)).toBeLessThanOrEqual(2 * DAY_MS);
    expect(fromNow(tokens.refreshTokenExpiryTime)).toBeGreaterThan(5 * DAY_MS - 60 * SECOND_MS);
    expect(fromNow(tokens.refreshTokenExpiryTime)).toBeLessThanOrEqual(5 * DAY_MS);
  });
});

/**
 * Auto Debit authorization (issue 4 "applyToken", API.md §3, §7 "Who pays", "Secrets in storage and
 * logs"): the wallet app backend gets an auth code for a customer, Alipay+ exchanges it (or a
 * refresh token) for an access/refresh token set, and an Auto Debit `pay` names its payer by the
 * access token. Codes and tokens are stored only as hashes.
 *
 * Lifetimes (issue 4): auth code 10 minutes, access token 90 days, refresh token 365 days. A
 * refresh rotates the whole set: new access and refresh tokens, the old set revoked.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db";
import { authCodes, authTokens } from "@/db/schema";
import { formatAlipayTime, resultOnlyBody } from "../alipayplus/answers";
import type { InboundCall } from "../alipayplus/inbound-call";
import { hashSecret } from "../alipayplus/redact";
import { result } from "../alipayplus/result-codes";
import type { ApplyTokenRequest } from "../alipayplus/wire";
import { requireActiveCustomer } from "../customers/customers";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const AUTH_CODE_LIFETIME_MS = 10 * MINUTE_MS;
export const ACCESS_TOKEN_LIFETIME_MS = 90 * DAY_MS;
export const REFRESH_TOKEN_LIFETIME_MS = 365 * DAY_MS;

/** 256 random bits, URL-safe: codes and tokens are bearer secrets. */
function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** `POST /api/wallet/v1/auth-codes`: a code for a known, active customer, valid 10 minutes. */
export async function issueAuthCode(
  db: Db,
  customerId: string,
): Promise<{ authCode: string; expiresAt: string }> {
  await requireActiveCustomer(db, customerId);
  const authCode = newSecret();
  const expiresAt = new Date(Date.now() + AUTH_CODE_LIFETIME_MS);
  await db.insert(authCodes).values({ codeHash: hashSecret(authCode), customerId, expiresAt });
  return { authCode, expiresAt: formatAlipayTime(expiresAt) };
}

/**
 * Alipay+ `applyToken`. Unlike pay, the answer is never stored for replay: it carries the tokens
 * themselves, which may exist only as hashes (API.md §7). A retry with the same still-valid code
 * therefore revokes the set that code issued before and answers a new one. The auth code's row
 * lock serialises concurrent exchanges of one code (and refreshes of its tokens), so at most one
 * set per code is ever live.
 */
export async function applyToken(db: Db, call: InboundCall<ApplyTokenRequest>): Promise<string> {
  const { request } = call;
  return db.transaction(async (tx) => {
    const now = new Date();
    if (request.grantType === "AUTHORIZATION_CODE") {
      const codeHash = hashSecret(request.authCode ?? "");
      const code = await lockAuthCode(tx, codeHash);
      if (!code || code.expiresAt <= now) return resultOnlyBody("INVALID_CODE");
      if (!code.firstUsedAt) {
        await tx
          .update(authCodes)
          .set({ firstUsedAt: now })
          .where(eq(authCodes.codeHash, codeHash));
      }
      return issueTokens(tx, codeHash, code.customerId, now);
    }

    const refreshHash = hashSecret(request.refreshToken ?? "");
    const [found] = await tx
      .select({ authCodeHash: authTokens.authCodeHash })
      .from(authTokens)
      .where(eq(authTokens.refreshTokenHash, refreshHash));
    if (!found) return resultOnlyBody("INVALID_REFRESH_TOKEN");
    await lockAuthCode(tx, found.authCodeHash);
    // Re-read under the lock: a concurrent refresh or code retry may have revoked it meanwhile.
    const [set] = await tx
      .select({
        customerId: authTokens.customerId,
        refreshTokenExpiresAt: authTokens.refreshTokenExpiresAt,
        revokedAt: authTokens.revokedAt,
      })
      .from(authTokens)
      .where(eq(authTokens.refreshTokenHash, refreshHash));
    if (!set || set.revokedAt || set.refreshTokenExpiresAt <= now) {
      return resultOnlyBody("INVALID_REFRESH_TOKEN");
    }
    return issueTokens(tx, found.authCodeHash, set.customerId, now);
  });
}

async function lockAuthCode(tx: Tx, codeHash: string) {
  const [code] = await tx
    .select({
      customerId: authCodes.customerId,
      expiresAt: authCodes.expiresAt,
      firstUsedAt: authCodes.firstUsedAt,
    })
    .from(authCodes)
    .where(eq(authCodes.codeHash, codeHash))
    .for("update");
  return code ?? null;
}

/** Revokes the code's live set (if any) and issues a new one: one live set per code. */
async function issueTokens(
  tx: Tx,
  authCodeHash: string,
  customerId: string,
  now: Date,
): Promise<string> {
  await tx
    .update(authTokens)
    .set({ revokedAt: now })
    .where(and(eq(authTokens.authCodeHash, authCodeHash), isNull(authTokens.revokedAt)));
  const accessToken = newSecret();
  const refreshToken = newSecret();
  const accessTokenExpiresAt = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_MS);
  const refreshTokenExpiresAt = new Date(now.getTime() + REFRESH_TOKEN_LIFETIME_MS);
  await tx.insert(authTokens).values({
    accessTokenHash: hashSecret(accessToken),
    refreshTokenHash: hashSecret(refreshToken),
    customerId,
    authCodeHash,
    issuedAt: now,
    accessTokenExpiresAt,
    refreshTokenExpiresAt,
  });
  return JSON.stringify({
    result: result("SUCCESS"),
    accessToken,
    accessTokenExpiryTime: formatAlipayTime(accessTokenExpiresAt),
    refreshToken,
    refreshTokenExpiryTime: formatAlipayTime(refreshTokenExpiresAt),
    customerId,
  });
}

export type AccessTokenLookup =
  { kind: "valid"; customerId: string } | { kind: "invalid" } | { kind: "expired" };

/** Who an Auto Debit access token names (API.md §7 "Who pays"). */
export async function findAccessToken(
  db: DbOrTx,
  accessToken: string | undefined,
): Promise<AccessTokenLookup> {
  if (!accessToken) return { kind: "invalid" };
  const [row] = await db
    .select({
      customerId: authTokens.customerId,
      revokedAt: authTokens.revokedAt,
      accessTokenExpiresAt: authTokens.accessTokenExpiresAt,
    })
    .from(authTokens)
    .where(eq(authTokens.accessTokenHash, hashSecret(accessToken)));
  if (!row || row.revokedAt) return { kind: "invalid" };
  if (row.accessTokenExpiresAt <= new Date()) return { kind: "expired" };
  return { kind: "valid", customerId: row.customerId };
}

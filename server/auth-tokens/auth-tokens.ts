/**
 * Auto Debit authorization (README "Auto Debit", docs/protocol.md#applytoken, #who-pays,
 * #secrets-in-storage-and-logs): the wallet app backend gets an auth code for a customer, Alipay+
 * exchanges it (or a refresh token) for an access/refresh token set, and an Auto Debit `pay` names
 * its payer by the access token. Codes and tokens are stored only as hashes
 * (../alipayplus/secret-hash.ts; found by findByHash, so rows from before HASH_SECRET still work).
 *
 * Lifetimes (README "Auto Debit"): auth code 10 minutes; access and refresh tokens as configured
 * (AUTODEBIT_ACCESS_TOKEN_DAYS, AUTODEBIT_REFRESH_TOKEN_DAYS: 90 and 365 days unless set), handed in
 * by the caller. A refresh rotates the whole set: new access and refresh tokens, the old set revoked.
 *
 * Lock order, the same everywhere: the customer's Auto Debit advisory lock (issuing a code,
 * revoking), then auth code rows, then token rows. applyToken takes only its code's row lock; the
 * revocation takes every code row of the customer, so the two serialise on the code.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db";
import { authCodes, authTokens, customers } from "@/db/schema";
import { formatAlipayTime, resultOnlyBody } from "../alipayplus/answers";
import type { InboundCall } from "../alipayplus/inbound-call";
import { findByHash, keyedHash } from "../alipayplus/secret-hash";
import { result } from "../alipayplus/result-codes";
import type { ApplyTokenRequest } from "../alipayplus/wire";
import { requireActiveCustomer, WalletApiError } from "../customers/customers";
import { logEvent } from "../log";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const AUTH_CODE_LIFETIME_MS = 10 * MINUTE_MS;

/** How long an issued set is usable; configuration, never read from the environment here. */
export interface TokenLifetimes {
  accessTokenMs: number;
  refreshTokenMs: number;
}

export function tokenLifetimesInDays(accessDays: number, refreshDays: number): TokenLifetimes {
  return { accessTokenMs: accessDays * DAY_MS, refreshTokenMs: refreshDays * DAY_MS };
}

/** What applyToken is configured with (README "Configuration"), handed in by the caller. */
export interface AutoDebitSettings {
  /** AUTODEBIT_ACCESS_TOKEN_DAYS, AUTODEBIT_REFRESH_TOKEN_DAYS. */
  tokenLifetimes: TokenLifetimes;
  /** AUTH_CODE_REUSE_GRACE_MS: a code is exchanged again only this long after its first use. */
  codeReuseGraceMs: number;
  /** APPLY_TOKEN_MAX_SKEW_MS: the inbound dispatcher checks Request-Time with it. */
  requestTimeWindowMs: number;
  /** HASH_SECRET: the key of the stored code and token hashes. */
  hashSecret: string;
}

/** 256 random bits, URL-safe: codes and tokens are bearer secrets. */
function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** `POST /api/wallet/v1/auth-codes`: a code for a known, active customer, valid 10 minutes. */
export async function issueAuthCode(
  db: Db,
  customerId: string,
  hashSecret: string,
): Promise<{ authCode: string; expiresAt: string }> {
  return db.transaction(async (tx) => {
    // Serialised with revokeAuthorizations: a code is issued either before a revocation (which
    // then closes it) or after it (a new consent), never unseen beside it.
    await lockCustomerAuthorizations(tx, customerId);
    await requireActiveCustomer(tx, customerId);
    const authCode = newSecret();
    const expiresAt = new Date(Date.now() + AUTH_CODE_LIFETIME_MS);
    await tx
      .insert(authCodes)
      .values({ codeHash: keyedHash(hashSecret, authCode), customerId, expiresAt });
    return { authCode, expiresAt: formatAlipayTime(expiresAt) };
  });
}

/**
 * Alipay+ `applyToken`. Unlike pay, the answer is never stored for replay: it carries the tokens
 * themselves, which may exist only as hashes (docs/protocol.md#secrets-in-storage-and-logs). A
 * retry with the same still-valid code therefore revokes the set that code issued before and
 * answers a new one — but only within `codeReuseGraceMs` of the code's first exchange (the retry of
 * an answer that was lost). Later, the same code is INVALID_CODE and the set it issued stays as it
 * is: a replayed request cannot take the authorization over, nor cut off Alipay+'s working set. The
 * auth code's row lock serialises concurrent exchanges of one code (and refreshes of its tokens),
 * so at most one set per code is ever live.
 */
export async function applyToken(
  db: Db,
  call: InboundCall<ApplyTokenRequest>,
  settings: AutoDebitSettings,
): Promise<string> {
  const { request } = call;
  const { hashSecret } = settings;
  return db.transaction(async (tx) => {
    if (request.grantType === "AUTHORIZATION_CODE") {
      const code = await findByHash(hashSecret, request.authCode ?? "", (hash) =>
        lockAuthCode(tx, hash),
      );
      // The clock is read after the lock: a revocation that held it closed the code at its own
      // time, which must count as past here.
      const now = new Date();
      if (!code || code.expiresAt <= now) return resultOnlyBody("INVALID_CODE");
      const sinceFirstUseMs = code.firstUsedAt && now.getTime() - code.firstUsedAt.getTime();
      if (sinceFirstUseMs !== null && sinceFirstUseMs > settings.codeReuseGraceMs) {
        logEvent(
          "auto_debit.code_reuse_refused",
          { customerId: code.customerId, sinceFirstUseMs },
          "warn",
        );
        return resultOnlyBody("INVALID_CODE");
      }
      if (!code.firstUsedAt) {
        await tx
          .update(authCodes)
          .set({ firstUsedAt: now })
          .where(eq(authCodes.codeHash, code.codeHash));
      }
      return issueTokens(tx, code.codeHash, code.customerId, now, settings);
    }

    const found = await findByHash(hashSecret, request.refreshToken ?? "", async (hash) => {
      const [row] = await tx
        .select({ refreshHash: authTokens.refreshTokenHash, authCodeHash: authTokens.authCodeHash })
        .from(authTokens)
        .where(eq(authTokens.refreshTokenHash, hash));
      return row;
    });
    if (!found) return resultOnlyBody("INVALID_REFRESH_TOKEN");
    const { refreshHash } = found;
    await lockAuthCode(tx, found.authCodeHash);
    const now = new Date();
    // Re-read under the lock: a concurrent refresh, code retry or revocation may have revoked it.
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
    return issueTokens(tx, found.authCodeHash, set.customerId, now, settings);
  });
}

async function lockAuthCode(tx: Tx, codeHash: string) {
  const [code] = await tx
    .select({
      codeHash: authCodes.codeHash,
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
  { tokenLifetimes: lifetimes, hashSecret }: AutoDebitSettings,
): Promise<string> {
  await tx
    .update(authTokens)
    .set({ revokedAt: now })
    .where(and(eq(authTokens.authCodeHash, authCodeHash), isNull(authTokens.revokedAt)));
  const accessToken = newSecret();
  const refreshToken = newSecret();
  const accessTokenExpiresAt = new Date(now.getTime() + lifetimes.accessTokenMs);
  const refreshTokenExpiresAt = new Date(now.getTime() + lifetimes.refreshTokenMs);
  await tx.insert(authTokens).values({
    accessTokenHash: keyedHash(hashSecret, accessToken),
    refreshTokenHash: keyedHash(hashSecret, refreshToken),
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

/** Who an Auto Debit access token names (docs/protocol.md#who-pays). */
export async function findAccessToken(
  db: DbOrTx,
  accessToken: string | undefined,
  hashSecret: string,
): Promise<AccessTokenLookup> {
  if (!accessToken) return { kind: "invalid" };
  const row = await findByHash(hashSecret, accessToken, async (hash) => {
    const [found] = await db
      .select({
        customerId: authTokens.customerId,
        revokedAt: authTokens.revokedAt,
        accessTokenExpiresAt: authTokens.accessTokenExpiresAt,
      })
      .from(authTokens)
      .where(eq(authTokens.accessTokenHash, hash))
      // FOR SHARE: a revocation (an UPDATE of this row) waits for the pay that read the token to
      // commit, and a pay waits for a revocation in flight, so no pay commits after a revocation
      // has answered. (FOR KEY SHARE would not conflict with that UPDATE.)
      .for("share");
    return found;
  });
  if (!row || row.revokedAt) return { kind: "invalid" };
  if (row.accessTokenExpiresAt <= new Date()) return { kind: "expired" };
  return { kind: "valid", customerId: row.customerId };
}

/**
 * `DELETE /api/wallet/v1/customers/{customerId}/authorizations`: revokes every live token set of
 * the customer (refresh token not yet expired; its access token may be) and closes every auth code
 * still open, so neither a pay nor an applyToken can use them again. Idempotent: a second call
 * revokes 0 sets.
 *
 * Against a concurrent applyToken: it holds its code's row lock from before it reads the code (or
 * the refreshed set) until its new set commits. Locking every code row of the customer first
 * therefore waits for such an exchange to commit (its set is then revoked below) or makes it wait
 * and find the code closed and its set revoked. Updating the token rows alone would miss a set
 * inserted by an exchange that had not committed yet. Codes issued meanwhile wait on the advisory
 * lock, so once this commits the customer's only usable codes are ones issued after it.
 */
export async function revokeAuthorizations(
  db: Db,
  customerId: string,
): Promise<{ customerId: string; revoked: number }> {
  return db.transaction(async (tx) => {
    await lockCustomerAuthorizations(tx, customerId);
    const [customer] = await tx
      .select({ customerId: customers.customerId })
      .from(customers)
      .where(eq(customers.customerId, customerId));
    if (!customer) {
      throw new WalletApiError("not_found", null, `customer ${customerId} does not exist`);
    }
    // One statement, in code_hash order, so that two revocations could never deadlock even
    // without the advisory lock.
    await tx
      .select({ codeHash: authCodes.codeHash })
      .from(authCodes)
      .where(eq(authCodes.customerId, customerId))
      .orderBy(asc(authCodes.codeHash))
      .for("update");
    const now = new Date();
    // Without a column of their own, closed codes expire now (applyToken reads its clock after
    // the code lock, so this counts as past there); already expired ones keep their time.
    await tx
      .update(authCodes)
      .set({ expiresAt: now })
      .where(and(eq(authCodes.customerId, customerId), gt(authCodes.expiresAt, now)));
    const revoked = await tx
      .update(authTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(authTokens.customerId, customerId),
          isNull(authTokens.revokedAt),
          gt(authTokens.refreshTokenExpiresAt, now),
        ),
      )
      .returning({ accessTokenHash: authTokens.accessTokenHash });
    return { customerId, revoked: revoked.length };
  });
}

/** Serialises issuing codes and revoking them for one customer (transaction-scoped). */
async function lockCustomerAuthorizations(tx: Tx, customerId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${"auto-debit:" + customerId}, 0))`,
  );
}

/**
 * The lookup form of a payment code, auth code, access or refresh token, scanned QR text or
 * `paymentMethodId`: stored instead of the value itself (README "Secrets in storage"). Keyed with
 * HASH_SECRET (HMAC-SHA256), so that someone holding a copy of the tables cannot test guesses
 * offline — payment codes are 18 digits, a plain hash of one is found by trying them all. The key
 * is configuration, handed in by the caller (server/runtime.ts), never read here.
 *
 * Rows written before the key existed hold the plain SHA-256 of the value (base64url, no prefix);
 * keyed hashes carry the `hmac:` prefix, so the two never collide and the old ones can be counted.
 * Lookups try the keyed form first, then the plain one (findByHash), until the last old row has
 * expired: auth codes live 10 minutes and payment codes minutes, but refresh tokens live
 * AUTODEBIT_REFRESH_TOKEN_DAYS (365 days by default) and access tokens
 * AUTODEBIT_ACCESS_TOKEN_DAYS, so the plain lookup stays until then (README "Secrets in storage"
 * says how to tell that none is left).
 */
import { createHash, createHmac } from "node:crypto";

const KEYED_PREFIX = "hmac:";

/** What new rows store: the hash of `value` under `key` (HASH_SECRET). */
export function keyedHash(key: string, value: string): string {
  return `${KEYED_PREFIX}${createHmac("sha256", key).update(value).digest("base64url")}`;
}

/** What rows written before HASH_SECRET hold. */
export function legacyHash(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/**
 * The row `find` returns for the keyed hash of `value`, else for its legacy hash (a row written
 * before HASH_SECRET), else null. A value whose keyed row exists never reaches the legacy one: a
 * payment code Alipay+ issued again has its newest row keyed, and that one counts.
 */
export async function findByHash<T>(
  key: string,
  value: string,
  find: (hash: string) => Promise<T | null | undefined>,
): Promise<T | null> {
  return (await find(keyedHash(key, value))) ?? (await find(legacyHash(value))) ?? null;
}

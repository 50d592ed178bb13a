/**
 * The wallet app backend's bearer keys (README "Wallet app backend API"): WALLET_API_KEYS holds
 * every key accepted now, so a new key is added, the backend switched over, and the old one
 * removed without a moment when neither works. Each key is known in logs by its key id, the first
 * 8 hex digits of its SHA-256 (`printf %s "$KEY" | sha256sum | cut -c1-8`), never by the key.
 */
import { bearerDigest, matchBearer, sha256 } from "./bearer";

export interface WalletApiKey {
  /** What logs show: the first 8 hex digits of the key's SHA-256. */
  keyId: string;
  /** SHA-256 of `Bearer <key>`, the exact Authorization header that key sends. */
  headerDigest: Buffer;
}

export function walletApiKeyId(key: string): string {
  return sha256(key).toString("hex").slice(0, 8);
}

export function walletApiKeys(keys: readonly string[]): WalletApiKey[] {
  return keys.map((key) => ({
    keyId: walletApiKeyId(key),
    headerDigest: bearerDigest(key),
  }));
}

/** The key an Authorization header carries, or null (./bearer.ts: in constant time). */
export function matchWalletApiKey(
  header: string | null,
  keys: readonly WalletApiKey[],
): WalletApiKey | null {
  return matchBearer(header, keys);
}

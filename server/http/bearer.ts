/**
 * Bearer secrets compared without leaking them through timing: what is kept is the SHA-256 of the
 * whole `Authorization` header each secret sends, and a request's header is hashed the same way,
 * so every comparison is of two digests of one length (timingSafeEqual needs that, and the time
 * taken says nothing of how long or how right the given header was).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const sha256 = (text: string): Buffer => createHash("sha256").update(text).digest();

/** The digest of `Authorization: Bearer <secret>`, kept instead of the secret's header. */
export function bearerDigest(secret: string): Buffer {
  return sha256(`Bearer ${secret}`);
}

/**
 * The entry whose digest the header matches, or null. Every entry is compared, without stopping
 * at a match, so the time taken does not say which one matched either.
 */
export function matchBearer<T extends { headerDigest: Buffer }>(
  header: string | null,
  entries: readonly T[],
): T | null {
  const given = sha256(header ?? "");
  let matched: T | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(given, entry.headerDigest)) matched = entry;
  }
  return matched;
}

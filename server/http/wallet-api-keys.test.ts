import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchWalletApiKey, walletApiKeyId, walletApiKeys } from "./wallet-api-keys";

const oldKey = "old-key-0123456789abcdef";
const newKey = "new-key-0123456789abcdef";
const keys = walletApiKeys([oldKey, newKey]);

describe("wallet API keys", () => {
  it("are known by the first 8 hex digits of their SHA-256", () => {
    const expected = createHash("sha256").update(oldKey).digest("hex").slice(0, 8);
    expect(walletApiKeyId(oldKey)).toBe(expected);
    expect(keys.map((key) => key.keyId)).toEqual([expected, walletApiKeyId(newKey)]);
  });

  it("match the exact Authorization header of any of them", () => {
    expect(matchWalletApiKey(`Bearer ${oldKey}`, keys)?.keyId).toBe(walletApiKeyId(oldKey));
    expect(matchWalletApiKey(`Bearer ${newKey}`, keys)?.keyId).toBe(walletApiKeyId(newKey));
  });

  it.each([
    ["no header", null],
    ["an empty one", ""],
    ["the key without the scheme", oldKey],
    ["another scheme", `Basic ${oldKey}`],
    ["the key with a character more", `Bearer ${oldKey}x`],
    ["the key with its last character cut", `Bearer ${oldKey.slice(0, -1)}`],
    ["two keys at once", `Bearer ${oldKey},${newKey}`],
  ])("match nothing for %s", (_name, header) => {
    expect(matchWalletApiKey(header, keys)).toBeNull();
  });
});

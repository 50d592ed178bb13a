/**
 * Access tokens, refresh tokens, auth codes and payment codes appear in logs and stored requests
 * only as their last 4 characters (docs/protocol.md#secrets-in-storage-and-logs); stored for lookup
 * only as ./secret-hash.ts makes them.
 */
import type { JsonValue } from "./strict-json";

const SECRET_FIELDS = ["paymentMethodId", "accessToken", "refreshToken", "authCode", "paymentCode"];
const SECRET_FIELD_SET = new Set(SECRET_FIELDS);
const SECRET_IN_TEXT = new RegExp(
  `("(?:${SECRET_FIELDS.join("|")})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`,
  "g",
);

export function maskSecret(value: string): string {
  return `****${value.slice(-4)}`;
}

/** Works on raw text too, so a body that is not even JSON is redacted before it is stored. */
export function redactText(text: string): string {
  let redacted = text.replace(
    SECRET_IN_TEXT,
    (_all, open: string, value: string, close: string) => `${open}${maskSecret(value)}${close}`,
  );
  // A key spelled with JSON escapes ("paymentMethod\u0049d") slips past the pattern: mask every
  // secret value the parsed body holds wherever it still appears.
  for (const secret of secretValues(text)) {
    for (const spelled of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      redacted = redacted.replaceAll(spelled, maskSecret(secret));
    }
  }
  return redacted;
}

/** Values of secret fields anywhere in `text` parsed as JSON (none when it is not JSON). */
function secretValues(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const pending: unknown[] = [parsed]; // iterative: a body may be nested very deep
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== "object") continue;
    for (const [key, child] of Object.entries(value)) {
      // Shorter values are shown whole by maskSecret anyway; replacing them would mangle the text.
      if (SECRET_FIELD_SET.has(key) && typeof child === "string") {
        if (child.length > 4) found.push(child);
      } else pending.push(child);
    }
  }
  return found;
}

export function redactJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      SECRET_FIELD_SET.has(key) && typeof child === "string"
        ? maskSecret(child)
        : redactJson(child),
    ]),
  );
}

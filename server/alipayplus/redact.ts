/**
 * Access tokens, refresh tokens, auth codes and payment codes appear in logs and stored requests
 * only as their last 4 characters (API.md §7 "Secrets in storage and logs").
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
  return text.replace(
    SECRET_IN_TEXT,
    (_all, open: string, value: string, close: string) => `${open}${maskSecret(value)}${close}`,
  );
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

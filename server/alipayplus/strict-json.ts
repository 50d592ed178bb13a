/**
 * JSON in, per docs/protocol.md#order-of-checks: valid UTF-8, at most 64 levels deep, no NUL
 * characters (Postgres text cannot hold them). Runs only after the signature over the raw bytes
 * verified.
 */
import { createHash } from "node:crypto";

export const MAX_JSON_DEPTH = 64;

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type StrictJsonResult = { ok: true; value: JsonValue } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function parseStrictJson(bytes: Uint8Array): StrictJsonResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: "body is not valid UTF-8" };
  }
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return { ok: false, reason: "body is not valid JSON" };
  }
  const problem = findStructuralProblem(value, []);
  return problem ? { ok: false, reason: problem } : { ok: true, value };
}

/**
 * The reason names the field ("order.orderDescription contains a NUL character"),
 * docs/protocol.md#order-of-checks.
 */
function findStructuralProblem(value: JsonValue, path: string[]): string | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? `${fieldName(path)} ${problem}` : null;
  }
  // Numbers and booleans: the wire schema refuses them where Plusdesk reads a value; in unknown
  // fields they are kept (docs/protocol.md#order-of-checks: unknown fields are never rejected).
  if (value === null || typeof value !== "object") return null;
  if (path.length >= MAX_JSON_DEPTH) return `body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  const children: [string, JsonValue][] = Array.isArray(value)
    ? value.map((child, index) => [String(index), child])
    : Object.entries(value);
  for (const [key, child] of children) {
    const keyProblem = textProblem(key);
    if (keyProblem) return `${fieldName(path)} has a key that ${keyProblem}`;
    const problem = findStructuralProblem(child, [...path, key]);
    if (problem) return problem;
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Postgres text and jsonb hold neither NUL nor half a UTF-16 surrogate pair ("\ud800"). */
function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "contains a NUL character";
  if (LONE_SURROGATE.test(text)) return "contains an unpaired surrogate";
  return null;
}

function fieldName(path: string[]): string {
  return path.length === 0 ? "body" : path.join(".").slice(0, 200);
}

/**
 * Key order and whitespace do not matter: "same request" means the same JSON value
 * (docs/protocol.md#idempotency).
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(",")}}`;
}

export function requestHash(value: JsonValue): string {
  return createHash("sha256").update(canonicalJson(value)).digest("base64url");
}

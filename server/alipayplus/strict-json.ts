/**
 * JSON in, per API.md §7 step 3: valid UTF-8, at most 64 levels deep, no NUL characters (Postgres
 * text cannot hold them). Runs only after the signature over the raw bytes verified.
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
  const problem = findStructuralProblem(value, 1);
  return problem ? { ok: false, reason: problem } : { ok: true, value };
}

function findStructuralProblem(value: JsonValue, depth: number): string | null {
  if (typeof value === "string")
    return value.includes("\u0000") ? "body contains a NUL character" : null;
  if (value === null || typeof value !== "object") return null;
  if (depth > MAX_JSON_DEPTH) return `body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  const children = Array.isArray(value) ? value : Object.entries(value).flat();
  for (const child of children) {
    const problem = findStructuralProblem(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Key order and whitespace do not matter: "same request" means the same JSON value (API.md §7). */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(",")}}`;
}

export function requestHash(value: JsonValue): string {
  return createHash("sha256").update(canonicalJson(value)).digest("base64url");
}

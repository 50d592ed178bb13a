/** Helpers for the JSON answers Plusdesk writes: strict field order, times with an offset. */
import { randomBytes } from "node:crypto";
import { result, type ResultCode } from "./result-codes";

/** `2026-11-26T03:00:01+00:00`: the ISO 8601 shape Alipay+ documents (seconds, explicit offset). */
export function formatAlipayTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** A body with only `result`: every failure answer and a cancel's success. */
export function resultOnlyBody(code: ResultCode, message?: string): string {
  return JSON.stringify({ result: result(code, message) });
}

/**
 * Ids Plusdesk hands out (≤ 64 chars): a prefix, the UTC date for humans, 64 random bits for
 * uniqueness (the primary key still enforces it).
 */
export function newId(prefix: "P" | "R" | "O"): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  const random = randomBytes(8).readBigUInt64BE().toString().padStart(20, "0");
  return `${prefix}${day}${random}`;
}

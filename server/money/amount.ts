/**
 * Money as the project holds it: integer minor units in a bigint plus an ISO 4217 code
 * (README "Money"). Alipay+ sends amounts as strings in the currency's smallest unit
 * and they can exceed 2^53 (docs/protocol.md#amounts-and-quotes), so they are never turned into a
 * Number.
 */
import { currencyExponent, isIsoCurrency } from "./currencies";

export interface Money {
  amountMinor: bigint;
  currency: string;
}

/**
 * 2^63 − 1: the largest value Alipay+ sends and a Postgres bigint column can hold
 * (docs/protocol.md#order-of-checks).
 */
export const MAX_MINOR = 9223372036854775807n;

/**
 * A decimal amount typed in major units ("12.50") as minor units of `currency` (a known one): null
 * for anything else, more decimals than the currency has, or more than MAX_MINOR.
 */
export function parseMajorUnits(text: string, currency: string): bigint | null {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,19})(?:\.(\d+))?$/.exec(text.trim());
  if (!match || (match[2]?.length ?? 0) > exponent) return null;
  const minor = BigInt(match[1]! + (match[2] ?? "").padEnd(exponent, "0"));
  return minor <= MAX_MINOR ? minor : null;
}

/** An amount read from a pair of nullable columns: null unless both are there. */
export function moneyOrNull(amountMinor: bigint | null, currency: string | null): Money | null {
  return amountMinor === null || currency === null ? null : { amountMinor, currency };
}

// `0` or up to 19 digits without a leading zero, ASCII digits only. The pattern is the whole check:
// `BigInt` alone is far too lenient (it accepts "", " 1", "0x10", "0b1", "1\n").
const MINOR_UNITS_PATTERN = /^(?:0|[1-9][0-9]{0,18})$/;

/**
 * Parses an Alipay+ `Amount.value`. Returns null for anything but `0` or `[1-9][0-9]{0,18}` at
 * most 2^63 − 1 (no sign, no spaces, no decimal point, no exponent, no leading zeros).
 */
export function parseMinorUnits(value: string): bigint | null {
  // Inbound JSON is untyped at runtime: a JSON number here must be rejected, not coerced.
  if (typeof value !== "string" || !MINOR_UNITS_PATTERN.test(value)) {
    return null;
  }
  const parsed = BigInt(value);
  return parsed <= MAX_MINOR ? parsed : null;
}

/**
 * The wire form of an Amount (`{"currency": "JPY", "value": "100"}`). Throws for a value the wire
 * format cannot carry (negative, above 2^63 − 1, unknown currency): sending it would be a bug here,
 * not something the other side should have to reject.
 */
export function toWireAmount(m: Money): { currency: string; value: string } {
  if (!isIsoCurrency(m.currency)) {
    throw new RangeError(
      `Not an ISO 4217 currency with a minor unit: ${JSON.stringify(m.currency)}`,
    );
  }
  if (m.amountMinor < 0n || m.amountMinor > MAX_MINOR) {
    throw new RangeError(`Amount out of wire range [0, 2^63-1]: ${m.amountMinor.toString()}`);
  }
  return { currency: m.currency, value: m.amountMinor.toString() };
}

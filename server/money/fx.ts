/**
 * Display conversion of a promotion amount into the wallet currency
 * (docs/protocol.md#promotion-amounts-in-the-wallet-currency, #promotions). This is the ONLY place
 * the project computes an amount from a quote: amounts that move money are taken as given, never
 * recomputed (docs/protocol.md#promotions).
 *
 * Rules (same section): orient the pair (`A/B` with price p means 1 A = p B; divide for the
 * reverse), divide by `quoteUnit` when present (p B per quoteUnit A), shift by both currencies' ISO
 * 4217 exponents, round half up once, all in exact bigint rational arithmetic. No floats anywhere.
 *
 * Result contract of `convertWithQuote`:
 * - `null` means "not convertible": store the promotion as received and leave it out of
 *   wallet-currency totals (its "Otherwise"). That covers a pair not linking the two currencies, an
 *   unknown currency (no exponent to shift by), a malformed pair, price or unit (sign, exponent,
 *   spaces, empty string, zero), and a result above 2^63 − 1. Quote data comes from Alipay+ and
 *   this conversion is display-only, so bad quote data must not fail the payment: hence null, not
 *   a throw.
 * - A throw (RangeError) means a programming error on our side: an `amountMinor` that our own
 *   parser could never have produced (negative or above 2^63 − 1).
 * - Same currency: the amount is returned unchanged with rate "1", without looking at the quote
 *   (deciding to skip conversion is the caller's job; this just makes the call harmless).
 */
import { MAX_MINOR, type Money } from "./amount";
import { currencyExponent, isIsoCurrency } from "./currencies";

export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

export interface QuoteForConversion {
  quoteCurrencyPair: string;
  quotePrice: string;
  quoteUnit?: string | null;
}

export interface Conversion {
  amountMinor: bigint;
  /** Exact, human-readable rate applied in the from → to direction ("9.3", "1/9.3", "9.3/100"). */
  rate: string;
}

// Plain decimal: digits, optionally one dot with digits on both sides. No sign, no exponent, no
// spaces, no ".5"/"5." (Alipay+ sends canonical decimals; anything else is treated as malformed).
const DECIMAL_PATTERN = /^[0-9]+(?:\.[0-9]+)?$/;
// A price or unit longer than this is not a real quote; the cap keeps bigint work bounded.
const MAX_DECIMAL_LENGTH = 64;
const PAIR_PATTERN = /^([A-Z]{3})\/([A-Z]{3})$/;
// Reverse rates are written as a decimal only when that decimal is short and exact (1/8 → "0.125");
// otherwise as a fraction ("1/9.3") so the stored rate never hides a rounding.
const MAX_RATE_FRACTION_DIGITS = 10;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x;
}

/**
 * Parses a plain non-negative decimal ("9.3", "0.0071", "1234") into a reduced fraction
 * (9.3 → 93/10, 0.50 → 1/2, 0 → 0/1). Returns null for anything else (see DECIMAL_PATTERN).
 */
export function parseDecimal(text: string): Rational | null {
  if (typeof text !== "string" || text.length > MAX_DECIMAL_LENGTH || !DECIMAL_PATTERN.test(text)) {
    return null;
  }
  const dot = text.indexOf(".");
  const integerDigits = dot < 0 ? text : text.slice(0, dot);
  const fractionDigits = dot < 0 ? "" : text.slice(dot + 1);
  const numerator = BigInt(integerDigits + fractionDigits);
  const denominator = 10n ** BigInt(fractionDigits.length);
  const divisor = gcd(numerator, denominator); // gcd(0, d) = d, so zero becomes 0/1
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** "009.300" → "9.3": the canonical spelling of an already validated decimal, for the rate text. */
function canonicalDecimal(text: string): string {
  const dot = text.indexOf(".");
  const integerDigits = (dot < 0 ? text : text.slice(0, dot)).replace(/^0+(?=[0-9])/, "");
  const fractionDigits = dot < 0 ? "" : text.slice(dot + 1).replace(/0+$/, "");
  return fractionDigits === "" ? integerDigits : `${integerDigits}.${fractionDigits}`;
}

/** The exact decimal expansion of a reduced non-negative fraction, if it has few enough digits. */
function shortTerminatingDecimal(value: Rational): string | null {
  let rest = value.denominator;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos += 1;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives += 1;
  }
  const digits = Math.max(twos, fives);
  if (rest !== 1n || digits > MAX_RATE_FRACTION_DIGITS) {
    return null;
  }
  const scaled = ((value.numerator * 10n ** BigInt(digits)) / value.denominator).toString();
  if (digits === 0) {
    return scaled;
  }
  const padded = scaled.padStart(digits + 1, "0");
  return canonicalDecimal(`${padded.slice(0, -digits)}.${padded.slice(-digits)}`);
}

function reduce(numerator: bigint, denominator: bigint): Rational {
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** Round half up of numerator/denominator for numerator ≥ 0, denominator > 0. */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return 2n * remainder >= denominator ? quotient + 1n : quotient;
}

/**
 * Converts `amount` into `toCurrency` with the payment's quote. See the module comment for when
 * this returns null (not convertible) and when it throws.
 */
export function convertWithQuote(
  amount: Money,
  toCurrency: string,
  quote: QuoteForConversion,
): Conversion | null {
  if (amount.amountMinor < 0n || amount.amountMinor > MAX_MINOR) {
    throw new RangeError(`amountMinor out of range [0, 2^63-1]: ${amount.amountMinor.toString()}`);
  }
  if (amount.currency === toCurrency) {
    return { amountMinor: amount.amountMinor, rate: "1" };
  }
  if (!isIsoCurrency(amount.currency) || !isIsoCurrency(toCurrency)) {
    return null;
  }

  const pair =
    typeof quote.quoteCurrencyPair === "string" ? PAIR_PATTERN.exec(quote.quoteCurrencyPair) : null;
  if (pair === null) {
    return null;
  }
  const [, base, counter] = pair;
  // The pair order is not fixed (docs/protocol.md#amounts-and-quotes): the amount may be in either
  // side of it.
  let direct: boolean;
  if (base === amount.currency && counter === toCurrency) {
    direct = true;
  } else if (base === toCurrency && counter === amount.currency) {
    direct = false;
  } else {
    return null;
  }

  const price = parseDecimal(quote.quotePrice);
  if (price === null || price.numerator === 0n) {
    return null;
  }
  // null/undefined mean "no unit" (docs/protocol.md#envelope: unused optional fields are omitted or
  // null); "" is malformed, since Alipay+ never sends "" for an unused field.
  const unit = quote.quoteUnit == null ? null : parseDecimal(quote.quoteUnit);
  if (quote.quoteUnit != null && (unit === null || unit.numerator === 0n)) {
    return null;
  }
  const unitValue = unit ?? { numerator: 1n, denominator: 1n };

  // counter-per-base = price / unit; the applied rate is that (direct) or its inverse (reverse).
  const counterPerBase = reduce(
    price.numerator * unitValue.denominator,
    price.denominator * unitValue.numerator,
  );
  const rate = direct
    ? counterPerBase
    : { numerator: counterPerBase.denominator, denominator: counterPerBase.numerator };

  // toMinor = fromMinor / 10^eFrom × rate × 10^eTo, computed as one fraction, rounded once.
  const fromExponent = BigInt(currencyExponent(amount.currency));
  const toExponent = BigInt(currencyExponent(toCurrency));
  const numerator = amount.amountMinor * rate.numerator * 10n ** toExponent;
  const denominator = rate.denominator * 10n ** fromExponent;
  const amountMinor = divideRoundHalfUp(numerator, denominator);
  if (amountMinor > MAX_MINOR) {
    return null;
  }

  return { amountMinor, rate: describeRate(direct, quote.quotePrice, quote.quoteUnit, rate) };
}

function describeRate(
  direct: boolean,
  priceText: string,
  unitText: string | null | undefined,
  applied: Rational,
): string {
  const priceShown = canonicalDecimal(priceText);
  const unitShown = unitText == null ? "1" : canonicalDecimal(unitText);
  if (direct) {
    return unitShown === "1" ? priceShown : `${priceShown}/${unitShown}`;
  }
  return shortTerminatingDecimal(applied) ?? `${unitShown}/${priceShown}`;
}

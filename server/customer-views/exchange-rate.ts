/**
 * The payment's quote as a person reads it: "1 JPY = 9.3 KRW" rather than "JPY/KRW 9.3".
 * `A/B` with price p means 1 A = p B, per `quoteUnit` A when one is given
 * (docs/protocol.md#amounts-and-quotes, #promotion-amounts-in-the-wallet-currency). The pair keeps
 * the orientation Alipay+ sent: turning it around would mean showing a rounded reciprocal, and the
 * customer should see the rate that was applied, digit for digit.
 */
import { parseDecimal } from "../money/fx";

export interface ExchangeRate {
  /** `units` of `fromCurrency` are worth `price` of `toCurrency`; both plain decimal strings. */
  fromCurrency: string;
  units: string;
  toCurrency: string;
  price: string;
}

export interface StoredQuote {
  quoteCurrencyPair: string | null;
  quotePrice: string | null;
  quoteUnit: string | null;
}

const PAIR_PATTERN = /^([A-Z]{3})\/([A-Z]{3})$/;

/** Null when there is no quote or it cannot be read (then the page shows no rate at all). */
export function readExchangeRate(quote: StoredQuote): ExchangeRate | null {
  const pair = quote.quoteCurrencyPair ? PAIR_PATTERN.exec(quote.quoteCurrencyPair) : null;
  if (!pair?.[1] || !pair[2] || !quote.quotePrice || !isPositiveDecimal(quote.quotePrice)) {
    return null;
  }
  if (quote.quoteUnit !== null && !isPositiveDecimal(quote.quoteUnit)) return null;
  return {
    fromCurrency: pair[1],
    units: quote.quoteUnit ?? "1",
    toCurrency: pair[2],
    price: quote.quotePrice,
  };
}

/** "1 JPY = 9.3 KRW" with the locale's digit grouping and decimal mark, every digit kept. */
export function describeExchangeRate(rate: ExchangeRate, locale: string): string {
  return `${formatDecimal(rate.units, locale)} ${rate.fromCurrency} = ${formatDecimal(rate.price, locale)} ${rate.toCurrency}`;
}

function isPositiveDecimal(text: string): boolean {
  const value = parseDecimal(text);
  return value !== null && value.numerator > 0n;
}

/** Intl's ceiling for fraction digits (Node 20); a longer decimal is shown as sent. */
const MAX_INTL_FRACTION_DIGITS = 20;

/** Intl with exactly the digits the text has (trailing zeros dropped), so nothing is rounded. */
function formatDecimal(text: string, locale: string): string {
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  const fractionDigits = trimmed.includes(".") ? trimmed.length - trimmed.indexOf(".") - 1 : 0;
  if (fractionDigits > MAX_INTL_FRACTION_DIGITS) return trimmed;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(trimmed as Intl.StringNumericLiteral);
}

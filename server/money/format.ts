/**
 * The one place amounts become text (README "Money";
 * docs/protocol.md#promotions-that-cannot-be-read, last bullet).
 *
 * The number of fraction digits comes from our ISO 4217 table, never from ICU: ICU's defaults differ
 * from ISO for some currencies (IDR, HUF, PKR, COP, IQD, ...), which would show an amount 100× off.
 * The value reaches Intl.NumberFormat as a decimal string, which Node 20 (Intl.NumberFormat v3)
 * formats digit for digit, so amounts beyond 2^53 stay exact (covered by format.test.ts).
 */
import type { Money } from "./amount";
import { currencyExponent } from "./currencies";

/** "1234.50" for 123450 USD minor, "-1.05" for −105, "1234" for 1234 JPY. Exact for any bigint. */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const negative = m.amountMinor < 0n;
  const digits = (negative ? -m.amountMinor : m.amountMinor).toString();
  const sign = negative ? "-" : "";
  if (exponent === 0) {
    return sign + digits;
  }
  const padded = digits.padStart(exponent + 1, "0");
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** Localised currency text, e.g. formatMoney({amountMinor: 123450n, currency: "USD"}, "en") → "$1,234.50". */
export function formatMoney(m: Money, locale: string): string {
  const exponent = currencyExponent(m.currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: m.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // toDecimalString yields exactly `exponent` fraction digits, so no rounding happens in ICU.
  return formatter.format(toDecimalString(m) as Intl.StringNumericLiteral);
}

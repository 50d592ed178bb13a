/**
 * The project's own ISO 4217 table (List One, current currencies and funds) with the minor-unit
 * exponent ISO defines. We keep our own copy instead of asking ICU because ICU/CLDR "default
 * fraction digits" differ from ISO for a number of currencies (IDR, HUF, COP, PKR, IQD, ... are 0 in
 * ICU) and Alipay+ `Amount.value` is in the ISO smallest unit
 * (docs/protocol.md#amounts-and-quotes).
 *
 * Codes whose ISO minor unit is "N.A." (precious metals XAU/XAG/XPT/XPD, bond-market units
 * XBA–XBD, the accounting units XDR/XSU/XUA, and the test/no-currency codes XTS/XXX) have no
 * smallest unit, so an integer `value` in them is meaningless. They are listed separately in
 * `ISO_4217_WITHOUT_MINOR_UNIT`: `currencyExponent` throws for them with a specific message and
 * `isIsoCurrency` returns false, so that "isIsoCurrency(c) === true" always means "c can be used
 * as Money and currencyExponent(c) will not throw".
 *
 * Codes withdrawn from List One (ANG → XCG 2025, BGN → EUR 2026, HRK 2023, SLL, ZWL → ZWG 2024,
 * CUC, and older ones) are not listed: an Amount in a withdrawn currency is rejected.
 */

/** An ISO 4217 alphabetic code. Plain string: validate with `isIsoCurrency` at the boundary. */
export type CurrencyCode = string;

// Keep alphabetical; one line per exponent group would hide typos, so one entry per code.
export const ISO_4217_EXPONENTS: Readonly<Record<CurrencyCode, number>> = Object.freeze({
  AED: 2,
  AFN: 2,
  ALL: 2,
  AMD: 2,
  AOA: 2,
  ARS: 2,
  AUD: 2,
  AWG: 2,
  AZN: 2,
  BAM: 2,
  BBD: 2,
  BDT: 2,
  BHD: 3,
  BIF: 0,
  BMD: 2,
  BND: 2,
  BOB: 2,
  BOV: 2, // fund: Mvdol
  BRL: 2,
  BSD: 2,
  BTN: 2,
  BWP: 2,
  BYN: 2,
  BZD: 2,
  CAD: 2,
  CDF: 2,
  CHE: 2, // fund: WIR Euro
  CHF: 2,
  CHW: 2, // fund: WIR Franc
  CLF: 4, // fund: Unidad de Fomento
  CLP: 0,
  CNY: 2,
  COP: 2,
  COU: 2, // fund: Unidad de Valor Real
  CRC: 2,
  CUP: 2,
  CVE: 2,
  CZK: 2,
  DJF: 0,
  DKK: 2,
  DOP: 2,
  DZD: 2,
  EGP: 2,
  ERN: 2,
  ETB: 2,
  EUR: 2,
  FJD: 2,
  FKP: 2,
  GBP: 2,
  GEL: 2,
  GHS: 2,
  GIP: 2,
  GMD: 2,
  GNF: 0,
  GTQ: 2,
  GYD: 2,
  HKD: 2,
  HNL: 2,
  HTG: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  IRR: 2,
  ISK: 0,
  JMD: 2,
  JOD: 3,
  JPY: 0,
  KES: 2,
  KGS: 2,
  KHR: 2,
  KMF: 0,
  KPW: 2,
  KRW: 0,
  KWD: 3,
  KYD: 2,
  KZT: 2,
  LAK: 2,
  LBP: 2,
  LKR: 2,
  LRD: 2,
  LSL: 2,
  LYD: 3,
  MAD: 2,
  MDL: 2,
  MGA: 2,
  MKD: 2,
  MMK: 2,
  MNT: 2,
  MOP: 2,
  MRU: 2,
  MUR: 2,
  MVR: 2,
  MWK: 2,
  MXN: 2,
  MXV: 2, // fund: Mexican Unidad de Inversion
  MYR: 2,
  MZN: 2,
  NAD: 2,
  NGN: 2,
  NIO: 2,
  NOK: 2,
  NPR: 2,
  NZD: 2,
  OMR: 3,
  PAB: 2,
  PEN: 2,
  PGK: 2,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  PYG: 0,
  QAR: 2,
  RON: 2,
  RSD: 2,
  RUB: 2,
  RWF: 0,
  SAR: 2,
  SBD: 2,
  SCR: 2,
  SDG: 2,
  SEK: 2,
  SGD: 2,
  SHP: 2,
  SLE: 2,
  SOS: 2,
  SRD: 2,
  SSP: 2,
  STN: 2,
  SVC: 2,
  SYP: 2,
  SZL: 2,
  THB: 2,
  TJS: 2,
  TMT: 2,
  TND: 3,
  TOP: 2,
  TRY: 2,
  TTD: 2,
  TWD: 2,
  TZS: 2,
  UAH: 2,
  UGX: 0,
  USD: 2,
  USN: 2, // fund: US Dollar (Next day)
  UYI: 0, // fund: Uruguay Peso en Unidades Indexadas
  UYU: 2,
  UYW: 4, // fund: Unidad Previsional
  UZS: 2,
  VED: 2,
  VES: 2,
  VND: 0,
  VUV: 0,
  WST: 2,
  XAD: 2, // fund: Arab Accounting Dinar
  XAF: 0,
  XCD: 2,
  XCG: 2,
  XOF: 0,
  XPF: 0,
  YER: 2,
  ZAR: 2,
  ZMW: 2,
  ZWG: 2,
});

/** Current ISO 4217 codes whose minor unit ISO gives as "N.A."; not usable as Money here. */
export const ISO_4217_WITHOUT_MINOR_UNIT: ReadonlySet<CurrencyCode> = new Set([
  "XAG",
  "XAU",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  "XDR",
  "XPD",
  "XPT",
  "XSU",
  "XTS",
  "XUA",
  "XXX",
]);

/**
 * True when `code` is a current ISO 4217 code with a minor unit (exact, upper-case match: the wire
 * format is upper-case and "jpy" is not a code). Uses an own-property check so that inherited names
 * such as "constructor" or "__proto__" are never mistaken for currencies.
 */
export function isIsoCurrency(code: string): boolean {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(ISO_4217_EXPONENTS, code);
}

/** The ISO 4217 minor-unit exponent of `code` (JPY 0, USD 2, BHD 3, CLF 4). Throws for unknown. */
export function currencyExponent(code: string): number {
  if (isIsoCurrency(code)) {
    return ISO_4217_EXPONENTS[code] as number;
  }
  if (ISO_4217_WITHOUT_MINOR_UNIT.has(code)) {
    throw new RangeError(`ISO 4217 code ${code} has no minor unit (N.A.); it cannot be Money`);
  }
  throw new RangeError(`Unknown ISO 4217 currency code: ${JSON.stringify(code)}`);
}

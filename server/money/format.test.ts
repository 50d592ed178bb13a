import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, toDecimalString } from "./format";

const NBSP = "\u00a0";

describe("toDecimalString", () => {
  it.each([
    [123450n, "USD", "1234.50"],
    [-105n, "USD", "-1.05"],
    [-5n, "USD", "-0.05"],
    [5n, "USD", "0.05"],
    [0n, "USD", "0.00"],
    [1234n, "JPY", "1234"],
    [-7n, "JPY", "-7"],
    [0n, "KRW", "0"],
    [123456n, "IDR", "1234.56"],
    [1n, "BHD", "0.001"],
    [12345n, "KWD", "12.345"],
    [5n, "CLF", "0.0005"],
    [9223372036854775807n, "USD", "92233720368547758.07"],
    [10n ** 30n + 1n, "USD", "10000000000000000000000000000.01"],
  ])("%s %s → %s", (amountMinor, currency, expected) => {
    expect(toDecimalString({ amountMinor, currency })).toBe(expected);
  });

  it("throws for an unknown currency", () => {
    expect(() => toDecimalString({ amountMinor: 1n, currency: "ABC" })).toThrow(/Unknown/);
  });

  it("keeps every digit: removing the point gives back amountMinor (any size, any sign)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.constantFrom("JPY", "USD", "BHD", "CLF"),
        (amountMinor, currency) => {
          expect(BigInt(toDecimalString({ amountMinor, currency }).replace(".", ""))).toBe(
            amountMinor,
          );
        },
      ),
    );
  });
});

describe("formatMoney", () => {
  // 123456789 minor units: ¥123,456,789 but $1,234,567.89. The fraction digits come from our ISO
  // table: IDR shows 2 digits although ICU's default for IDR is 0.
  it.each([
    ["en", "JPY", "¥123,456,789"],
    ["en", "KRW", "₩123,456,789"],
    ["en", "IDR", `IDR${NBSP}1,234,567.89`],
    ["en", "USD", "$1,234,567.89"],
    ["ko", "JPY", "JP¥123,456,789"],
    ["ko", "KRW", "₩123,456,789"],
    ["ko", "IDR", `IDR${NBSP}1,234,567.89`],
    ["ko", "USD", "US$1,234,567.89"],
    ["zh-Hans", "JPY", "JP¥123,456,789"],
    ["zh-Hans", "KRW", "₩123,456,789"],
    ["zh-Hans", "IDR", `IDR${NBSP}1,234,567.89`],
    ["zh-Hans", "USD", "US$1,234,567.89"],
    ["th", "JPY", "¥123,456,789"],
    ["th", "KRW", "₩123,456,789"],
    ["th", "IDR", `IDR${NBSP}1,234,567.89`],
    ["th", "USD", "US$1,234,567.89"],
    ["id", "JPY", "JP¥123.456.789"],
    ["id", "KRW", "₩123.456.789"],
    ["id", "IDR", `Rp${NBSP}1.234.567,89`],
    ["id", "USD", "US$1.234.567,89"],
  ])("%s %s", (locale, currency, expected) => {
    expect(formatMoney({ amountMinor: 123456789n, currency }, locale)).toBe(expected);
  });

  it.each([
    [{ amountMinor: 5n, currency: "IDR" }, "id", `Rp${NBSP}0,05`],
    // Trailing zeros stay: ICU's own minimum for IDR is 0 and would print "Rp 1.234,5" / "Rp 0".
    [{ amountMinor: 123450n, currency: "IDR" }, "id", `Rp${NBSP}1.234,50`],
    [{ amountMinor: 0n, currency: "IDR" }, "id", `Rp${NBSP}0,00`],
    [{ amountMinor: 5n, currency: "USD" }, "en", "$0.05"],
    [{ amountMinor: -105n, currency: "USD" }, "en", "-$1.05"],
    [{ amountMinor: 12345n, currency: "BHD" }, "en", `BHD${NBSP}12.345`],
    // 2^53 + 1 cents: through a Number this would print ...409.92
    [{ amountMinor: 9007199254740993n, currency: "USD" }, "en", "$90,071,992,547,409.93"],
    [{ amountMinor: 9223372036854775807n, currency: "KRW" }, "ko", "₩9,223,372,036,854,775,807"],
    [
      { amountMinor: 9223372036854775807n, currency: "IDR" },
      "id",
      `Rp${NBSP}92.233.720.368.547.758,07`,
    ],
  ])("%o in %s", (money, locale, expected) => {
    expect(formatMoney(money, locale)).toBe(expected);
  });

  it("formats any amount up to 2^63 - 1 digit for digit", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (amountMinor) => {
        const text = formatMoney({ amountMinor, currency: "USD" }, "en");
        expect(BigInt(text.replace(/[$,.]/g, ""))).toBe(amountMinor);
      }),
    );
  });

  it("throws for an unknown currency rather than guessing digits", () => {
    expect(() => formatMoney({ amountMinor: 1n, currency: "XDR" }, "en")).toThrow(/no minor unit/);
  });
});

// The customer pages' currencies: each is formatted from minor units with
// our exponent (JPY, KRW: 0; the others: 2), exactly as a person reads it.
describe("formatMoney: every currency the customer pages list", () => {
  it.each([
    ["JPY", "¥123,456", "JP¥123,456"],
    ["KRW", "₩123,456", "₩123,456"],
    ["USD", "$1,234.56", "US$1,234.56"],
    ["PHP", "₱1,234.56", `PHP${NBSP}1,234.56`],
    ["MYR", `MYR${NBSP}1,234.56`, `MYR${NBSP}1,234.56`],
    ["THB", `THB${NBSP}1,234.56`, `THB${NBSP}1,234.56`],
    ["SGD", `SGD${NBSP}1,234.56`, `SGD${NBSP}1,234.56`],
    ["HKD", "HK$1,234.56", "HK$1,234.56"],
    ["IDR", `IDR${NBSP}1,234.56`, `IDR${NBSP}1,234.56`],
    ["CNY", "CN¥1,234.56", "CN¥1,234.56"],
  ])("123456 minor units of %s → %s (en), %s (ko)", (currency, english, korean) => {
    const money = { amountMinor: 123456n, currency };
    expect(formatMoney(money, "en")).toBe(english);
    expect(formatMoney(money, "ko")).toBe(korean);
  });
});

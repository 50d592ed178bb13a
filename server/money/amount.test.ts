import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_MINOR, moneyOrNull, parseMajorUnits, parseMinorUnits, toWireAmount } from "./amount";

describe("MAX_MINOR", () => {
  it("is 2^63 - 1", () => {
    expect(MAX_MINOR).toBe(2n ** 63n - 1n);
  });
});

describe("parseMinorUnits", () => {
  it.each([
    ["0", 0n],
    ["1", 1n],
    ["100", 100n],
    ["9007199254740993", 9007199254740993n], // 2^53 + 1: a Number would round it to ...992
    ["1000000000000000000", 1000000000000000000n], // 19 digits
    ["9223372036854775807", 9223372036854775807n],
  ])("accepts %j", (text, expected) => {
    expect(parseMinorUnits(text)).toBe(expected);
  });

  it.each([
    "",
    "01",
    "00",
    "-0",
    "-1",
    "+1",
    "1.0",
    "1.",
    " 1",
    "1 ",
    "1\n",
    "1e3",
    "1E3",
    "0x10",
    "0b1",
    "1_000",
    "1,000",
    "１", // full-width digit
    "٣", // Arabic-Indic digit
    "Infinity",
    "NaN",
    "9223372036854775808", // 2^63
    "9999999999999999999", // 19 digits, above 2^63 - 1
    "99999999999999999999", // 20 digits
    "10000000000000000000",
  ])("rejects %j", (text) => {
    expect(parseMinorUnits(text)).toBeNull();
  });

  it("rejects non-strings that untyped JSON may carry", () => {
    for (const value of [100, 100n, null, undefined, ["1"], { value: "1" }]) {
      expect(parseMinorUnits(value as unknown as string)).toBeNull();
    }
  });

  it("round-trips every value in [0, 2^63 - 1] and rejects everything above", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_MINOR }), (n) => {
        expect(parseMinorUnits(n.toString())).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: MAX_MINOR + 1n, max: 10n ** 30n }), (n) => {
        expect(parseMinorUnits(n.toString())).toBeNull();
      }),
    );
  });
});

describe("toWireAmount", () => {
  it.each([
    [
      { amountMinor: 100n, currency: "USD" },
      { currency: "USD", value: "100" },
    ],
    [
      { amountMinor: 1n, currency: "JPY" },
      { currency: "JPY", value: "1" },
    ],
    [
      { amountMinor: 0n, currency: "KRW" },
      { currency: "KRW", value: "0" },
    ],
    [
      { amountMinor: 9223372036854775807n, currency: "IDR" },
      { currency: "IDR", value: "9223372036854775807" },
    ],
  ])("%o → %o", (money, wire) => {
    expect(toWireAmount(money)).toEqual(wire);
  });

  it.each([
    [{ amountMinor: -1n, currency: "USD" }, /out of wire range/],
    [{ amountMinor: MAX_MINOR + 1n, currency: "USD" }, /out of wire range/],
    [{ amountMinor: 1n, currency: "usd" }, /Not an ISO 4217/],
    [{ amountMinor: 1n, currency: "XDR" }, /Not an ISO 4217/],
  ])("refuses %o", (money, message) => {
    expect(() => toWireAmount(money)).toThrow(message);
  });
});

describe("parseMajorUnits", () => {
  it.each([
    ["12.50", "USD", 1250n],
    ["12.5", "USD", 1250n],
    ["12", "USD", 1200n],
    [" 7 ", "USD", 700n],
    ["0.001", "KWD", 1n],
    ["1000", "JPY", 1000n],
    ["92233720368547758.07", "USD", MAX_MINOR],
  ] as const)("%s %s → %s", (text, currency, minor) => {
    expect(parseMajorUnits(text, currency)).toBe(minor);
  });

  it.each([
    ["12.345", "USD", "more decimals than the currency has"],
    ["1.5", "JPY", "a decimal where the currency has none"],
    ["92233720368547758.08", "USD", "above MAX_MINOR"],
    ["-1", "USD", "negative"],
    ["1e3", "USD", "exponent notation"],
    ["1,000", "USD", "a thousands separator (callers strip their own)"],
    ["", "USD", "empty"],
    [".5", "USD", "no integer part"],
  ])("%s %s → null (%s)", (text, currency) => {
    expect(parseMajorUnits(text, currency)).toBeNull();
  });

  it("is the inverse of writing minor units in major units", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_MINOR }), (minor) => {
        const text = `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;
        expect(parseMajorUnits(text, "USD")).toBe(minor);
      }),
    );
  });
});

describe("moneyOrNull", () => {
  it.each([
    [100n, "JPY", { amountMinor: 100n, currency: "JPY" }],
    [0n, "USD", { amountMinor: 0n, currency: "USD" }],
    [null, "USD", null],
    [100n, null, null],
    [null, null, null],
  ] as const)("(%s, %s)", (minor, currency, money) => {
    expect(moneyOrNull(minor, currency)).toEqual(money);
  });
});

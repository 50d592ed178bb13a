import { describe, expect, it } from "vitest";
import {
  ISO_4217_EXPONENTS,
  ISO_4217_WITHOUT_MINOR_UNIT,
  currencyExponent,
  isIsoCurrency,
} from "./currencies";

describe("currencyExponent", () => {
  it.each([
    ["JPY", 0],
    ["KRW", 0],
    ["VND", 0],
    ["CLP", 0],
    ["ISK", 0],
    ["UYI", 0],
    ["XAF", 0],
    ["XOF", 0],
    ["XPF", 0],
    ["IDR", 2], // ICU says 0; ISO says 2 and Alipay+ amounts follow ISO
    ["HUF", 2], // ICU says 0
    ["COP", 2], // ICU says 0
    ["PKR", 2], // ICU says 0
    ["USD", 2],
    ["EUR", 2],
    ["PHP", 2],
    ["MYR", 2],
    ["THB", 2],
    ["SGD", 2],
    ["HKD", 2],
    ["CNY", 2],
    ["MOP", 2],
    ["TWD", 2],
    ["XCD", 2],
    ["XCG", 2],
    ["ZWG", 2],
    ["VED", 2],
    ["SLE", 2],
    ["BOV", 2],
    ["CHE", 2],
    ["CHW", 2],
    ["COU", 2],
    ["MXV", 2],
    ["USN", 2],
    ["BHD", 3],
    ["KWD", 3],
    ["OMR", 3],
    ["JOD", 3],
    ["IQD", 3], // ICU says 0
    ["LYD", 3],
    ["TND", 3],
    ["CLF", 4],
    ["UYW", 4],
  ])("%s has exponent %i", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isIsoCurrency(code)).toBe(true);
  });

  it.each([
    "",
    "ABC",
    "jpy", // the wire format is upper-case; a lower-case code is not an ISO code
    "Jpy",
    "JPY ",
    " JPY",
    "JPYY",
    "JP",
    "１２３",
    "constructor", // inherited Object properties must not look like currencies
    "__proto__",
    "toString",
    "hasOwnProperty",
    "HRK", // withdrawn 2023
    "ANG", // replaced by XCG
    "ZWL", // replaced by ZWG
    "SLL", // replaced by SLE
    "BGN", // replaced by EUR
    "CUC",
    "VEF",
  ])("rejects unknown code %j", (code) => {
    expect(isIsoCurrency(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(/Unknown ISO 4217 currency code/);
  });

  it.each([
    "XAU",
    "XAG",
    "XPT",
    "XPD",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
    "XDR",
    "XSU",
    "XUA",
    "XTS",
    "XXX",
  ])("knows %s but refuses it as Money (ISO minor unit N.A.)", (code) => {
    expect(ISO_4217_WITHOUT_MINOR_UNIT.has(code)).toBe(true);
    expect(isIsoCurrency(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(/no minor unit/);
  });
});

describe("ISO_4217_EXPONENTS", () => {
  const codes = Object.keys(ISO_4217_EXPONENTS);

  it("holds the 165 current List One codes that have a minor unit", () => {
    expect(codes).toHaveLength(165);
  });

  it("uses three upper-case letters and ISO's exponents only, sorted, disjoint from N.A. codes", () => {
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(ISO_4217_EXPONENTS[code]);
      expect(ISO_4217_WITHOUT_MINOR_UNIT.has(code)).toBe(false);
    }
    expect(codes).toEqual([...codes].sort());
  });

  // Every exponent other than 2, listed independently: a typo in the table shows up as a diff here.
  it.each([
    [
      0,
      [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
      ],
    ],
    [3, ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]],
    [4, ["CLF", "UYW"]],
  ])("codes with exponent %i are exactly %j", (exponent, expected) => {
    expect(codes.filter((code) => ISO_4217_EXPONENTS[code] === exponent)).toEqual(expected);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(ISO_4217_EXPONENTS)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { describeExchangeRate, readExchangeRate, type StoredQuote } from "./exchange-rate";

const quote = (
  pair: string | null,
  price: string | null,
  unit: string | null = null,
): StoredQuote => ({
  quoteCurrencyPair: pair,
  quotePrice: price,
  quoteUnit: unit,
});

describe("describeExchangeRate", () => {
  it.each([
    ["JPY/KRW", "9.3", null, "en", "1 JPY = 9.3 KRW"],
    ["JPY/KRW", "9.30", null, "en", "1 JPY = 9.3 KRW"],
    ["SGD/KRW", "1032.5", null, "en", "1 SGD = 1,032.5 KRW"],
    ["SGD/KRW", "1032.5", null, "id", "1 SGD = 1.032,5 KRW"],
    ["SGD/PHP", "43.5", null, "ko", "1 SGD = 43.5 PHP"],
    // The pair's orientation is kept: the rate as applied, not a rounded reciprocal.
    ["KRW/JPY", "0.107526881720430107", null, "en", "1 KRW = 0.107526881720430107 JPY"],
    ["JPY/KRW", "930", "100", "en", "100 JPY = 930 KRW"],
    ["USD/IDR", "15873", null, "id", "1 USD = 15.873 IDR"],
    // Beyond Intl's 20 fraction digits: shown as sent rather than rounded.
    ["KRW/JPY", "0.1075268817204301075269", null, "en", "1 KRW = 0.1075268817204301075269 JPY"],
  ])("%s %s per %s in %s → %s", (pair, price, unit, locale, expected) => {
    const rate = readExchangeRate(quote(pair, price, unit));
    expect(rate).not.toBeNull();
    expect(describeExchangeRate(rate!, locale)).toBe(expected);
  });
});

describe("readExchangeRate", () => {
  it.each([
    ["no quote", quote(null, null)],
    ["no price", quote("JPY/KRW", null)],
    ["pair without slash", quote("JPYKRW", "9.3")],
    ["lower-case pair", quote("jpy/krw", "9.3")],
    ["zero price", quote("JPY/KRW", "0")],
    ["signed price", quote("JPY/KRW", "-9.3")],
    ["exponent", quote("JPY/KRW", "9e1")],
    ["empty price", quote("JPY/KRW", "")],
    ["zero unit", quote("JPY/KRW", "930", "0")],
    ["malformed unit", quote("JPY/KRW", "930", "1e2")],
  ])("%s → null", (_name, stored) => {
    expect(readExchangeRate(stored)).toBeNull();
  });
});

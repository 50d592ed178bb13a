import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_MINOR } from "./amount";
import { convertWithQuote, parseDecimal, type QuoteForConversion } from "./fx";

type Case = {
  name: string;
  amountMinor: bigint;
  from: string;
  to: string;
  quote: QuoteForConversion;
  expected: { amountMinor: bigint; rate: string } | null;
};

const q = (pair: string, price: string, unit?: string | null): QuoteForConversion =>
  unit === undefined
    ? { quoteCurrencyPair: pair, quotePrice: price }
    : { quoteCurrencyPair: pair, quotePrice: price, quoteUnit: unit };

describe("parseDecimal", () => {
  it.each([
    ["9.3", 93n, 10n],
    ["0.0071", 71n, 10000n],
    ["1234", 1234n, 1n],
    ["43.5", 87n, 2n], // reduced
    ["0.50", 1n, 2n],
    ["100.00", 100n, 1n],
    ["007", 7n, 1n],
    ["0", 0n, 1n],
    ["0.000", 0n, 1n],
    ["9223372036854775807.123", 9223372036854775807123n, 1000n],
  ])("%j → %s/%s", (text, numerator, denominator) => {
    expect(parseDecimal(text)).toEqual({ numerator, denominator });
  });

  it.each([
    "",
    ".",
    ".5",
    "5.",
    "-1",
    "+1",
    "-0.5",
    "1e5",
    "1E5",
    "1e-2",
    " 1",
    "1 ",
    "1..2",
    "1.2.3",
    "1,5",
    "１",
    "0x10",
    "Infinity",
    "NaN",
    "1".repeat(65), // longer than any real quote
  ])("rejects %j", (text) => {
    expect(parseDecimal(text)).toBeNull();
  });

  it("rejects non-strings", () => {
    expect(parseDecimal(9.3 as unknown as string)).toBeNull();
    expect(parseDecimal(null as unknown as string)).toBeNull();
  });
});

describe("convertWithQuote", () => {
  const cases: Case[] = [
    // docs/protocol.md#promotions worked example and more
    {
      name: "10 JPY at JPY/KRW 10",
      amountMinor: 10n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "10"),
      expected: { amountMinor: 100n, rate: "10" },
    },
    {
      name: "2.00 SGD at SGD/PHP 43.5 (both exponent 2)",
      amountMinor: 200n,
      from: "SGD",
      to: "PHP",
      quote: q("SGD/PHP", "43.5"),
      expected: { amountMinor: 8700n, rate: "43.5" },
    },
    {
      name: "300 JPY at JPY/KRW 9.3",
      amountMinor: 300n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "9.3"),
      expected: { amountMinor: 2790n, rate: "9.3" },
    },
    {
      name: "reverse: 2790 KRW at JPY/KRW 9.3",
      amountMinor: 2790n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "9.3"),
      expected: { amountMinor: 300n, rate: "1/9.3" },
    },
    {
      // Exact 1/9.3 matters: a rate pre-rounded to 0.1075 would give 1075000.
      name: "reverse, large: 10000000 KRW at JPY/KRW 9.3 rounds once from 1075268.817…",
      amountMinor: 10000000n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "9.3"),
      expected: { amountMinor: 1075269n, rate: "1/9.3" },
    },

    // Round half up, exactly on .5 and just below it
    {
      name: "0.5 KRW rounds up to 1",
      amountMinor: 1n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "0.5"),
      expected: { amountMinor: 1n, rate: "0.5" },
    },
    {
      name: "1.5 KRW rounds up to 2",
      amountMinor: 3n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "0.5"),
      expected: { amountMinor: 2n, rate: "0.5" },
    },
    {
      name: "0.4999 KRW rounds down to 0",
      amountMinor: 1n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "0.4999"),
      expected: { amountMinor: 0n, rate: "0.4999" },
    },
    {
      name: "reverse 2.5 JPY rounds up to 3 (half up, not half even)",
      amountMinor: 25n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "10"),
      expected: { amountMinor: 3n, rate: "0.1" },
    },
    {
      name: "reverse 1.4 JPY rounds down to 1",
      amountMinor: 14n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "10"),
      expected: { amountMinor: 1n, rate: "0.1" },
    },
    {
      name: "reverse 0.4999999999 JPY rounds down to 0",
      amountMinor: 4999999999n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "10000000000"),
      expected: { amountMinor: 0n, rate: "0.0000000001" },
    },
    {
      name: "reverse exactly 0.5 JPY rounds up to 1",
      amountMinor: 5000000000n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "10000000000"),
      expected: { amountMinor: 1n, rate: "0.0000000001" },
    },

    // Exponent shifts
    {
      name: "USD → JPY (2 → 0): 12.34 USD at 151.37 = 1867.9058 JPY",
      amountMinor: 1234n,
      from: "USD",
      to: "JPY",
      quote: q("USD/JPY", "151.37"),
      expected: { amountMinor: 1868n, rate: "151.37" },
    },
    {
      name: "JPY → USD reverse (0 → 2): 1868 JPY / 151.37 = 12.3406… USD",
      amountMinor: 1868n,
      from: "JPY",
      to: "USD",
      quote: q("USD/JPY", "151.37"),
      expected: { amountMinor: 1234n, rate: "1/151.37" },
    },
    {
      name: "1 US cent at USD/JPY 150 = 1.5 JPY → 2",
      amountMinor: 1n,
      from: "USD",
      to: "JPY",
      quote: q("USD/JPY", "150"),
      expected: { amountMinor: 2n, rate: "150" },
    },
    {
      name: "1 US cent at USD/JPY 149.99 = 1.4999 JPY → 1",
      amountMinor: 1n,
      from: "USD",
      to: "JPY",
      quote: q("USD/JPY", "149.99"),
      expected: { amountMinor: 1n, rate: "149.99" },
    },
    {
      name: "USD → BHD (2 → 3): 1.00 USD at 0.376 = 376 fils",
      amountMinor: 100n,
      from: "USD",
      to: "BHD",
      quote: q("USD/BHD", "0.376"),
      expected: { amountMinor: 376n, rate: "0.376" },
    },
    {
      name: "KWD → JPY (3 → 0): 2 fils at 490.5 = 0.981 JPY → 1",
      amountMinor: 2n,
      from: "KWD",
      to: "JPY",
      quote: q("KWD/JPY", "490.5"),
      expected: { amountMinor: 1n, rate: "490.5" },
    },
    {
      name: "CLF → CLP (4 → 0): 0.0001 CLF at 39000.5 = 3.90005 CLP → 4",
      amountMinor: 1n,
      from: "CLF",
      to: "CLP",
      quote: q("CLF/CLP", "39000.5"),
      expected: { amountMinor: 4n, rate: "39000.5" },
    },

    // quoteUnit
    {
      name: "quoteUnit 100: 100000 IDR at 8.6 KRW per 100 IDR = 8600 KRW",
      amountMinor: 10000000n,
      from: "IDR",
      to: "KRW",
      quote: q("IDR/KRW", "8.6", "100"),
      expected: { amountMinor: 8600n, rate: "8.6/100" },
    },
    {
      name: "quoteUnit 100 reverse: 8600 KRW → 100000 IDR",
      amountMinor: 8600n,
      from: "KRW",
      to: "IDR",
      quote: q("IDR/KRW", "8.6", "100"),
      expected: { amountMinor: 10000000n, rate: "100/8.6" },
    },
    {
      name: "quoteUnit 100 reverse with a terminating rate 100/8 = 12.5",
      amountMinor: 8n,
      from: "KRW",
      to: "IDR",
      quote: q("IDR/KRW", "8", "100"),
      expected: { amountMinor: 10000n, rate: "12.5" },
    },
    {
      name: "quoteUnit 9.3/100 with a decimal price",
      amountMinor: 300n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "9.3", "100"),
      expected: { amountMinor: 28n, rate: "9.3/100" }, // 27.9 → 28
    },
    {
      name: "quoteUnit 1 is the same as no unit",
      amountMinor: 300n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "9.3", "1"),
      expected: { amountMinor: 2790n, rate: "9.3" },
    },
    {
      name: "quoteUnit null is the same as no unit",
      amountMinor: 300n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "9.3", null),
      expected: { amountMinor: 2790n, rate: "9.3" },
    },
    {
      name: "rate text is canonical: 09.30 per 100.0",
      amountMinor: 300n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "09.30", "100.0"),
      expected: { amountMinor: 28n, rate: "9.3/100" },
    },

    // Price below 1
    {
      name: "1000 JPY at JPY/USD 0.0071 = 7.10 USD",
      amountMinor: 1000n,
      from: "JPY",
      to: "USD",
      quote: q("JPY/USD", "0.0071"),
      expected: { amountMinor: 710n, rate: "0.0071" },
    },
    {
      name: "70 JPY at JPY/USD 0.0071 = 49.7 cents → 50",
      amountMinor: 70n,
      from: "JPY",
      to: "USD",
      quote: q("JPY/USD", "0.0071"),
      expected: { amountMinor: 50n, rate: "0.0071" },
    },
    {
      name: "reverse 7.10 USD at JPY/USD 0.0071 = 1000 JPY",
      amountMinor: 710n,
      from: "USD",
      to: "JPY",
      quote: q("JPY/USD", "0.0071"),
      expected: { amountMinor: 1000n, rate: "1/0.0071" },
    },

    // Reverse rate text: decimal when short and exact, fraction otherwise
    {
      name: "reverse of 0.5 is 2",
      amountMinor: 1n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "0.5"),
      expected: { amountMinor: 2n, rate: "2" },
    },
    {
      name: "reverse of 0.0008 is 1250",
      amountMinor: 1n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "0.0008"),
      expected: { amountMinor: 1250n, rate: "1250" },
    },
    {
      name: "reverse of 3 is 1/3",
      amountMinor: 2n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "3"),
      expected: { amountMinor: 1n, rate: "1/3" }, // 0.666… → 1
    },
    {
      name: "reverse of 1024 is 0.0009765625 (10 digits)",
      amountMinor: 1024n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "1024"),
      expected: { amountMinor: 1n, rate: "0.0009765625" },
    },
    {
      name: "reverse of 2048 needs 11 digits, so it stays a fraction",
      amountMinor: 1024n,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "2048"),
      expected: { amountMinor: 1n, rate: "1/2048" }, // exactly 0.5 → 1
    },

    // Beyond 2^53: stays exact
    {
      name: "2^63 - 1 KRW at JPY/KRW 10 → 922337203685477580.7 → …581",
      amountMinor: MAX_MINOR,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "10"),
      expected: { amountMinor: 922337203685477581n, rate: "0.1" },
    },
    {
      name: "2^63 - 1 KRW at JPY/KRW 9.3",
      amountMinor: MAX_MINOR,
      from: "KRW",
      to: "JPY",
      quote: q("JPY/KRW", "9.3"),
      expected: { amountMinor: 991760434070406001n, rate: "1/9.3" },
    },
    {
      name: "2^53 + 1 JPY at JPY/KRW 1",
      amountMinor: 9007199254740993n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "1"),
      expected: { amountMinor: 9007199254740993n, rate: "1" },
    },
    {
      name: "result exactly at the top of the range",
      amountMinor: 922337203685477580n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "10"),
      expected: { amountMinor: 9223372036854775800n, rate: "10" },
    },
    {
      name: "result above 2^63 - 1 is not convertible",
      amountMinor: 922337203685477581n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/KRW", "10"),
      expected: null,
    },

    // Same currency: returned unchanged, quote not even read
    {
      name: "same currency",
      amountMinor: 123n,
      from: "KRW",
      to: "KRW",
      quote: q("JPY/KRW", "not a price"),
      expected: { amountMinor: 123n, rate: "1" },
    },

    // Not convertible
    {
      name: "pair with neither currency",
      amountMinor: 100n,
      from: "JPY",
      to: "KRW",
      quote: q("USD/EUR", "0.9"),
      expected: null,
    },
    {
      name: "pair with only the source currency",
      amountMinor: 100n,
      from: "JPY",
      to: "KRW",
      quote: q("JPY/USD", "0.0071"),
      expected: null,
    },
    {
      name: "pair with only the target currency",
      amountMinor: 100n,
      from: "USD",
      to: "KRW",
      quote: q("JPY/KRW", "9.3"),
      expected: null,
    },
    {
      name: "unknown source currency even if the pair names it",
      amountMinor: 100n,
      from: "ABC",
      to: "KRW",
      quote: q("ABC/KRW", "2"),
      expected: null,
    },
    {
      name: "target currency without a minor unit",
      amountMinor: 100n,
      from: "USD",
      to: "XDR",
      quote: q("USD/XDR", "0.75"),
      expected: null,
    },
  ];

  it.each(cases)("$name", ({ amountMinor, from, to, quote, expected }) => {
    expect(convertWithQuote({ amountMinor, currency: from }, to, quote)).toEqual(expected);
  });

  const jpy300 = { amountMinor: 300n, currency: "JPY" };

  it.each(["JPYKRW", "JPY-KRW", "jpy/krw", "JPY/KRW/USD", " JPY/KRW", "JPY/KRW ", "JPY / KRW", ""])(
    "malformed pair %j is not convertible",
    (pair) => {
      expect(convertWithQuote(jpy300, "KRW", q(pair, "9.3"))).toBeNull();
    },
  );

  it.each([
    "",
    "0",
    "0.000",
    "-9.3",
    "+9.3",
    " 9.3",
    "9.3 ",
    ".5",
    "5.",
    "1e5",
    "9,3",
    "１０",
    "NaN",
  ])("malformed or zero price %j is not convertible", (price) => {
    expect(convertWithQuote(jpy300, "KRW", q("JPY/KRW", price))).toBeNull();
    expect(
      convertWithQuote({ amountMinor: 2790n, currency: "KRW" }, "JPY", q("JPY/KRW", price)),
    ).toBeNull();
  });

  it.each(["", "0", "-100", "1e2", " 100"])(
    "malformed or zero quoteUnit %j is not convertible",
    (unit) => {
      expect(convertWithQuote(jpy300, "KRW", q("JPY/KRW", "9.3", unit))).toBeNull();
    },
  );

  it.each([-1n, MAX_MINOR + 1n])(
    "throws for an amountMinor no parser produces: %s",
    (amountMinor) => {
      expect(() =>
        convertWithQuote({ amountMinor, currency: "JPY" }, "KRW", q("JPY/KRW", "10")),
      ).toThrow(RangeError);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Properties against an independent oracle. The oracle uses its own exponent table, builds the
// price from a known (mantissa, scale) instead of parsing text, never reduces fractions, and rounds
// half up as floor((2N + D) / 2D) rather than via the remainder.

const ORACLE_EXPONENTS: Record<string, bigint> = {
  JPY: 0n,
  KRW: 0n,
  USD: 2n,
  IDR: 2n,
  BHD: 3n,
  CLF: 4n,
};
const ORACLE_CODES = Object.keys(ORACLE_EXPONENTS);

const priceArb = fc.record({
  mantissa: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  scale: fc.integer({ min: 0, max: 8 }),
});
const unitArb = fc.constantFrom<{ text: string; num: bigint; den: bigint } | null>(
  null,
  { text: "1", num: 1n, den: 1n },
  { text: "100", num: 100n, den: 1n },
  { text: "1000", num: 1000n, den: 1n },
  { text: "0.5", num: 5n, den: 10n },
);
const currencyPairArb = fc
  .tuple(fc.constantFrom(...ORACLE_CODES), fc.constantFrom(...ORACLE_CODES))
  .filter(([a, b]) => a !== b);

function priceText(mantissa: bigint, scale: number): string {
  const digits = mantissa.toString().padStart(scale + 1, "0");
  return scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(-scale)}`;
}

function oracle(
  amountMinor: bigint,
  from: string,
  to: string,
  direct: boolean,
  price: { mantissa: bigint; scale: number },
  unit: { num: bigint; den: bigint } | null,
): bigint | null {
  const u = unit ?? { num: 1n, den: 1n };
  const pow10 = (e: bigint) => 10n ** e;
  // value in target major units = amount / 10^eFrom × (price / unit)^(±1); price = mantissa / 10^scale
  const priceNum = price.mantissa * u.den;
  const priceDen = pow10(BigInt(price.scale)) * u.num;
  const n = amountMinor * pow10(ORACLE_EXPONENTS[to] as bigint) * (direct ? priceNum : priceDen);
  const d = pow10(ORACLE_EXPONENTS[from] as bigint) * (direct ? priceDen : priceNum);
  const rounded = (2n * n + d) / (2n * d);
  return rounded > MAX_MINOR ? null : rounded;
}

describe("convertWithQuote properties", () => {
  it("matches the oracle in both directions", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_MINOR }),
        currencyPairArb,
        priceArb,
        unitArb,
        fc.boolean(),
        (amountMinor, [from, to], price, unit, direct) => {
          const pair = direct ? `${from}/${to}` : `${to}/${from}`;
          const result = convertWithQuote(
            { amountMinor, currency: from },
            to,
            q(pair, priceText(price.mantissa, price.scale), unit?.text),
          );
          const expected = oracle(amountMinor, from, to, direct, price, unit);
          expect(result?.amountMinor ?? null).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is monotonic non-decreasing in the amount (direct pair)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_MINOR }),
        fc.bigInt({ min: 0n, max: MAX_MINOR }),
        currencyPairArb,
        priceArb,
        unitArb,
        (x, y, [from, to], price, unit) => {
          const [low, high] = x <= y ? [x, y] : [y, x];
          const quote = q(`${from}/${to}`, priceText(price.mantissa, price.scale), unit?.text);
          const a = convertWithQuote({ amountMinor: low, currency: from }, to, quote);
          const b = convertWithQuote({ amountMinor: high, currency: from }, to, quote);
          if (a === null) {
            // only overflow makes it null here, and a larger amount overflows too
            expect(b).toBeNull();
          } else if (b !== null) {
            expect(a.amountMinor <= b.amountMinor).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("is monotonic for small neighbouring amounts, where rounding decides", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        currencyPairArb,
        priceArb,
        (amountMinor, [from, to], price) => {
          const quote = q(`${from}/${to}`, priceText(price.mantissa, price.scale));
          const a = convertWithQuote({ amountMinor, currency: from }, to, quote);
          const b = convertWithQuote({ amountMinor: amountMinor + 1n, currency: from }, to, quote);
          if (a === null) {
            expect(b).toBeNull();
          } else if (b !== null) {
            expect(a.amountMinor <= b.amountMinor).toBe(true);
          }
        },
      ),
    );
  });
});

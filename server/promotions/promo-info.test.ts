import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_PROMO_LINES,
  readPaymentPromoInfo,
  readRefundPromoInfo,
  worstReading,
  type PromoLine,
} from "./promo-info";

const krw = (value: string) => ({ currency: "KRW", value });
const detail = {
  promoId: "P1",
  promoName: "300 JPY off",
  promoType: "DISCOUNT",
  savingsAmount: krw("2790"),
};

/** The parts of a line a test states (raw and problems checked where they matter). */
const summary = (line: PromoLine) => ({
  promoId: line.promoId,
  amount: line.amount,
  reading: line.reading,
});

describe("readPaymentPromoInfo", () => {
  it("reads the documented shape entry by entry, in order", () => {
    const second = { promoId: "P2", savingsAmount: krw("930") };
    const info = readPaymentPromoInfo({ paymentPromoDetails: [detail, second] });
    expect(info.problems).toEqual([]);
    expect(info.total).toBeNull();
    expect(info.lines).toEqual([
      {
        promoId: "P1",
        promoName: "300 JPY off",
        promoType: "DISCOUNT",
        amount: { amountMinor: 2790n, currency: "KRW" },
        reading: "READ",
        problems: [],
        raw: detail,
      },
      {
        promoId: "P2",
        promoName: undefined,
        promoType: undefined,
        amount: { amountMinor: 930n, currency: "KRW" },
        reading: "READ",
        problems: [],
        raw: second,
      },
    ]);
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["an empty object", {}],
    ["an empty list", { paymentPromoDetails: [] }],
    ["a null list", { paymentPromoDetails: null }],
  ])("no promotion information: %s", (_name, value) => {
    expect(readPaymentPromoInfo(value)).toEqual({ lines: [], total: null, problems: [] });
  });

  it("an entry without savingsAmount is partly read, its id and name kept", () => {
    const [line] = readPaymentPromoInfo({
      paymentPromoDetails: [{ promoId: "P1", promoName: "Autumn" }],
    }).lines;
    expect(line).toMatchObject({
      promoId: "P1",
      promoName: "Autumn",
      amount: null,
      reading: "PARTLY_READ",
      problems: ["no savingsAmount"],
    });
  });

  it.each([
    [
      { currency: "KRW", value: "12.5" },
      'savingsAmount.value is not a whole number of minor units (a string "12.5")',
    ],
    [
      { currency: "KRW", value: 100 },
      "savingsAmount.value is not a whole number of minor units (a number (100))",
    ],
    [
      { currency: "XXY", value: "1" },
      'savingsAmount.currency is not an ISO 4217 code (a string "XXY")',
    ],
    ["100 KRW", 'savingsAmount is a string "100 KRW", not an Amount'],
  ])("an unreadable amount %j: partly read, and why", (savingsAmount, why) => {
    const [line] = readPaymentPromoInfo({
      paymentPromoDetails: [{ promoId: "P1", savingsAmount }],
    }).lines;
    expect(line).toMatchObject({ promoId: "P1", amount: null, reading: "PARTLY_READ" });
    expect(line?.problems).toEqual([why]);
  });

  it("an entry without a promo id is partly read (it cannot match a campaign or a refund)", () => {
    const [line] = readPaymentPromoInfo({
      paymentPromoDetails: [{ savingsAmount: krw("5") }],
    }).lines;
    expect(line).toMatchObject({ amount: { amountMinor: 5n }, reading: "PARTLY_READ" });
    expect(line?.problems).toEqual(["no promoId"]);
  });

  it("a promo id of another type is reported, not taken", () => {
    const [line] = readPaymentPromoInfo({
      paymentPromoDetails: [{ promoId: 42, savingsAmount: krw("5") }],
    }).lines;
    expect(line?.promoId).toBeUndefined();
    expect(line?.problems).toEqual(["promoId is a number (42), not a string"]);
  });

  it.each([
    ["a string", "PROMO"],
    ["a number", 7],
    ["a list", [1]],
    ["null", null],
    ["an object with none of the known fields", { code: "X", off: "10%" }],
  ])("an entry that is %s is not understood, kept raw", (_name, entry) => {
    const { lines } = readPaymentPromoInfo({ paymentPromoDetails: [entry, detail] });
    expect(lines.map(summary)).toEqual([
      { promoId: undefined, amount: null, reading: "NOT_UNDERSTOOD" },
      { promoId: "P1", amount: { amountMinor: 2790n, currency: "KRW" }, reading: "READ" },
    ]);
    expect(lines[0]?.raw).toEqual(entry);
    expect(lines[0]?.problems).toHaveLength(1);
  });

  it.each([
    [
      "another list name",
      { promotionDetails: [detail] },
      "no paymentPromoDetails list (its keys: promotionDetails)",
    ],
    [
      "a lone object as the list",
      { paymentPromoDetails: detail },
      "paymentPromoDetails is an object, not a list",
    ],
    ["a string", "P1:2790KRW", 'paymentPromoInfo is a string "P1:2790KRW", not an object'],
    ["a list", [detail], "paymentPromoInfo is a list, not an object"],
    [
      "a lone detail",
      detail,
      "no paymentPromoDetails list (its keys: promoId, promoName, promoType)",
    ],
  ])(
    "an info of an unknown shape (%s) is one line, not understood, kept whole",
    (_name, info, why) => {
      const read = readPaymentPromoInfo(info);
      expect(read.lines).toEqual([
        {
          promoId: undefined,
          promoName: undefined,
          promoType: undefined,
          amount: null,
          reading: "NOT_UNDERSTOOD",
          problems: [why],
          raw: info,
        },
      ]);
    },
  );

  it("a lone detail's savingsAmount is still read as the total saved", () => {
    expect(readPaymentPromoInfo(detail).total).toEqual({ amountMinor: 2790n, currency: "KRW" });
  });

  it("the top-level savingsAmount alone is the total saved: one read line without a breakdown", () => {
    const info = { savingsAmount: krw("1000") };
    const read = readPaymentPromoInfo(info);
    expect(read.total).toEqual({ amountMinor: 1000n, currency: "KRW" });
    expect(read.lines.map(summary)).toEqual([
      { promoId: undefined, amount: { amountMinor: 1000n, currency: "KRW" }, reading: "READ" },
    ]);
    expect(read.lines[0]?.raw).toEqual(info);
    // The same with an empty list beside it.
    expect(readPaymentPromoInfo({ ...info, paymentPromoDetails: [] }).lines).toHaveLength(1);
  });

  it("the top-level savingsAmount beside the entries is the total; the entries are the lines", () => {
    const read = readPaymentPromoInfo({
      savingsAmount: krw("2790"),
      paymentPromoDetails: [detail],
    });
    expect(read.total).toEqual({ amountMinor: 2790n, currency: "KRW" });
    expect(read.lines.map(summary)).toEqual([
      { promoId: "P1", amount: { amountMinor: 2790n, currency: "KRW" }, reading: "READ" },
    ]);
  });

  it("an unreadable total beside readable entries is a problem of the info", () => {
    const read = readPaymentPromoInfo({ savingsAmount: "2790", paymentPromoDetails: [detail] });
    expect(read.total).toBeNull();
    expect(read.problems).toEqual(['the total: savingsAmount is a string "2790", not an Amount']);
    expect(read.lines.map((l) => l.reading)).toEqual(["READ"]);
  });

  it("an unreadable total alone is not understood", () => {
    const read = readPaymentPromoInfo({ savingsAmount: { value: "10" } });
    expect(read.lines.map((l) => l.reading)).toEqual(["NOT_UNDERSTOOD"]);
    expect(read.lines[0]?.problems).toEqual([
      "no paymentPromoDetails list, and savingsAmount.currency is not an ISO 4217 code (missing)",
    ]);
  });

  it(`keeps the first ${MAX_PROMO_LINES} entries of a longer list and says so`, () => {
    const read = readPaymentPromoInfo({
      paymentPromoDetails: Array.from({ length: MAX_PROMO_LINES + 5 }, (_, i) => ({
        promoId: `P${i}`,
        savingsAmount: krw("1"),
      })),
    });
    expect(read.lines).toHaveLength(MAX_PROMO_LINES);
    expect(read.problems).toEqual([
      `${MAX_PROMO_LINES + 5} entries in paymentPromoDetails: only the first ${MAX_PROMO_LINES} are stored`,
    ]);
  });

  it("redacts secrets in what it keeps raw, like every stored request", () => {
    const [line] = readPaymentPromoInfo({
      paymentPromoDetails: [{ ...detail, paymentCode: "281234567890123456" }],
    }).lines;
    expect(line?.raw).toMatchObject({ paymentCode: "****3456" });
  });

  it("never throws, and reads every JSON value into lines with a reading and raw JSON", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ paymentPromoDetails: fc.array(fc.jsonValue(), { maxLength: 5 }) }),
          fc.record({
            savingsAmount: fc.oneof(
              fc.jsonValue(),
              fc.record({ currency: fc.constantFrom("KRW", "JPY", "X"), value: fc.string() }),
            ),
            paymentPromoDetails: fc.array(
              fc.record(
                {
                  promoId: fc.oneof(fc.string(), fc.integer()),
                  savingsAmount: fc.record({
                    currency: fc.constantFrom("KRW", "USD"),
                    value: fc.oneof(
                      fc.string(),
                      fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String),
                    ),
                  }),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 5 },
            ),
          }),
        ),
        (value) => {
          for (const read of [readPaymentPromoInfo(value), readRefundPromoInfo(value)]) {
            for (const line of read.lines) {
              expect(line.raw).not.toBeUndefined();
              expect(line.reading === "READ").toBe(line.problems.length === 0);
              if (line.amount) expect(line.amount.amountMinor).toBeGreaterThanOrEqual(0n);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("readRefundPromoInfo", () => {
  it.each(["savingsAmount", "refundSavingsAmount", "refundAmount"])(
    "takes the amount from %s",
    (key) => {
      const [line] = readRefundPromoInfo({
        refundPromoDetails: [{ promoId: "P1", [key]: krw("100") }],
      }).lines;
      expect(line).toMatchObject({ amount: { amountMinor: 100n }, reading: "READ" });
    },
  );

  it("the first amount name present wins", () => {
    const [line] = readRefundPromoInfo({
      paymentPromoDetails: [{ promoId: "P1", refundAmount: krw("7"), savingsAmount: krw("5") }],
    }).lines;
    expect(line?.amount?.amountMinor).toBe(5n);
  });

  it("an empty paymentPromoDetails beside a filled refundPromoDetails does not mean none", () => {
    const read = readRefundPromoInfo({
      paymentPromoDetails: [],
      refundPromoDetails: [{ promoId: "P1", refundAmount: krw("7") }],
    });
    expect(read.lines.map((l) => l.promoId)).toEqual(["P1"]);
  });

  it("an entry without any amount is partly read and names what it looked for", () => {
    const [line] = readRefundPromoInfo({ refundPromoDetails: [{ promoId: "P1" }] }).lines;
    expect(line?.problems).toEqual(["no savingsAmount or refundSavingsAmount or refundAmount"]);
  });

  it("another list name is not understood, kept whole", () => {
    const info = { clawbacks: [{ promoId: "P1", refundAmount: krw("7") }] };
    const read = readRefundPromoInfo(info);
    expect(read.lines.map(summary)).toEqual([
      { promoId: undefined, amount: null, reading: "NOT_UNDERSTOOD" },
    ]);
    expect(read.lines[0]?.raw).toEqual(info);
  });
});

describe("worstReading", () => {
  it("is the worst of the readings, READ for none", () => {
    expect(worstReading([])).toBe("READ");
    expect(worstReading(["READ", "PARTLY_READ", "READ"])).toBe("PARTLY_READ");
    expect(worstReading(["NOT_UNDERSTOOD", "PARTLY_READ"])).toBe("NOT_UNDERSTOOD");
  });
});

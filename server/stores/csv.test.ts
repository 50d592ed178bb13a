import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, parseCsv, spreadsheetCell } from "./csv";

describe("parseCsv", () => {
  it.each([
    ["one record", "a,b,c", [{ line: 1, fields: ["a", "b", "c"] }]],
    [
      "LF and a final line break",
      "a,b\nc,d\n",
      [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["c", "d"] },
      ],
    ],
    [
      "CRLF",
      "a,b\r\nc,d\r\n",
      [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["c", "d"] },
      ],
    ],
    ["a byte order mark", "\uFEFFa,b", [{ line: 1, fields: ["a", "b"] }]],
    ["empty fields", ",a,,\n", [{ line: 1, fields: ["", "a", "", ""] }]],
    [
      "blank lines are skipped but counted",
      "a\n\n\r\nb",
      [
        { line: 1, fields: ["a"] },
        { line: 4, fields: ["b"] },
      ],
    ],
    ["a comma inside quotes", '"Tokyo, Japan",x', [{ line: 1, fields: ["Tokyo, Japan", "x"] }]],
    ["doubled quotes", '"say ""hi""",""""', [{ line: 1, fields: ['say "hi"', '"'] }]],
    ["an empty quoted field", '"",x', [{ line: 1, fields: ["", "x"] }]],
    [
      "a line break inside quotes: the next record's line counts it",
      '"a\nb\r\nc",x\ny',
      [
        { line: 1, fields: ["a\nb\r\nc", "x"] },
        { line: 4, fields: ["y"] },
      ],
    ],
    ["spaces are kept", " a , b ", [{ line: 1, fields: [" a ", " b "] }]],
  ])("%s", (_name, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it.each([
    [
      "text after a closing quote",
      'a,"b"c,d\nok',
      "a quoted field must be followed by a comma or a line break",
    ],
    ["a bare quote", 'a,b"c\nok', "a field holding a quote must be quoted, with the quote doubled"],
    [
      "a bare carriage return",
      "a\rb\nok",
      "a carriage return must be followed by a line feed, or be inside quotes",
    ],
    ["an unclosed quote", 'a,"b\nok', "a quoted field is never closed"],
  ])("%s: the record is reported by its line and the next one is read", (_name, text, error) => {
    expect(parseCsv(`head\n${text}`)).toEqual([
      { line: 1, fields: ["head"] },
      { line: 2, error },
      { line: 3, fields: ["ok"] },
    ]);
  });

  it("a malformed record after a multi-line field is reported on the line it starts", () => {
    expect(parseCsv('"a\nb"x,1\nok')).toEqual([
      { line: 1, error: "a quoted field must be followed by a comma or a line break" },
      { line: 3, fields: ["ok"] },
    ]);
  });

  it("a field that starts like a byte order mark survives being written first", () => {
    const text = ["\uFEFFa", "b"].map(csvField).join(",");
    expect(parseCsv(text)).toEqual([{ line: 1, fields: ["\uFEFFa", "b"] }]);
  });

  it("reads back whatever csvField wrote", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "binary" }), { minLength: 2, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const text = rows.map((row) => row.map(csvField).join(",")).join("\r\n");
          expect(parseCsv(text).map((r) => ("fields" in r ? r.fields : r.error))).toEqual(rows);
        },
      ),
    );
  });
});

describe("spreadsheetCell (OWASP CSV Injection)", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', '"\'=HYPERLINK(""http://evil.example"",""x"")"'],
    ["+1+cmd|' /C calc'!A0", `"'+1+cmd|' /C calc'!A0"`],
    ["-2+3", `"'-2+3"`],
    ["-5", `"'-5"`],
    ["@SUM(A1:A9)", `"'@SUM(A1:A9)"`],
    ["\tanything", `"'\tanything"`],
    ["\ranything", `"'\ranything"`],
    ["  =1+1", `"'  =1+1"`],
    ["\n=1+1", `"'\n=1+1"`],
    ["\u3000=1+1", `"'\u3000=1+1"`],
    ["\uFEFF=1+1", `"'\uFEFF=1+1"`],
    ["\uFF1D1+1", `"'\uFF1D1+1"`], // ＝ full-width
    ["\uFF0B1", `"'\uFF0B1"`], // ＋
    ["\uFF0D1", `"'\uFF0D1"`], // －
    ["\uFF20A1", `"'\uFF20A1"`], // ＠
    ["\uFE661+1", `"'\uFE661+1"`], // ﹦ small
  ])("text %j that starts like a formula is written %s", (text, written) => {
    expect(spreadsheetCell(text)).toBe(written);
    expect(parseCsv(spreadsheetCell(text))).toEqual([{ line: 1, fields: [`'${text}`] }]);
  });

  it.each([
    ["Uji Sabo Ginza", '"Uji Sabo Ginza"'],
    ["a;=1+1", '"a;=1+1"'],
    ["1+1=2", '"1+1=2"'],
    ["", '""'],
    ["PROMO-1 KRW 930; PROMO-2 KRW 10", '"PROMO-1 KRW 930; PROMO-2 KRW 10"'],
  ])("other text %j is quoted as is: %s", (text, written) => {
    expect(spreadsheetCell(text)).toBe(written);
  });

  it("writes numbers bare, a negative one too, and null as an empty cell", () => {
    expect(spreadsheetCell(16740n)).toBe("16740");
    expect(spreadsheetCell(-16740n)).toBe("-16740");
    expect(spreadsheetCell(3)).toBe("3");
    expect(spreadsheetCell(null)).toBe("");
  });

  it("no text cell ever starts like a formula once read back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const [record] = parseCsv(`${spreadsheetCell(text)},x`);
        const cell = record && "fields" in record ? record.fields[0]! : "";
        expect(cell === text || cell === `'${text}`).toBe(true);
        expect(
          /^[\t\r]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]/u.test(cell),
        ).toBe(false);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, parseCsv } from "./csv";

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

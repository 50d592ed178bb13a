import { describe, expect, it } from "vitest";
import { canonicalJson, parseStrictJson, requestHash, type JsonValue } from "./strict-json";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseStrictJson", () => {
  it.each<[string, Uint8Array, string]>([
    ["not JSON", bytes("{"), "body is not valid JSON"],
    [
      "invalid UTF-8",
      new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      "body is not valid UTF-8",
    ],
    [
      "a NUL in a value",
      bytes('{"order":{"orderDescription":"a\\u0000b"}}'),
      "order.orderDescription contains a NUL character",
    ],
    [
      "a NUL in a key",
      bytes('{"order":{"a\\u0000":"x"}}'),
      "order has a key that contains a NUL character",
    ],
    ["a lone high surrogate", bytes('{"a":["x","\\ud800"]}'), "a.1 contains an unpaired surrogate"],
    ["a lone low surrogate", bytes('{"a":"\\udc00x"}'), "a contains an unpaired surrogate"],
    [
      "65 levels",
      bytes(`${'{"a":'.repeat(64)}{}${"}".repeat(64)}`),
      "body is nested deeper than 64 levels",
    ],
  ])("refuses %s, naming the field", (_name, input, reason) => {
    expect(parseStrictJson(input)).toEqual({ ok: false, reason });
  });

  it.each<[string, string]>([
    ["a paired surrogate (emoji)", '{"promoName":"\\ud83c\\udf75 tea"}'],
    ["null for an unused field", '{"paymentQuote":null}'],
    ["64 levels", `${'{"a":'.repeat(63)}{}${"}".repeat(63)}`],
    ["a top-level scalar (the caller wants an object)", "42"],
    ["a number in an unknown field (kept, never rejected)", '{"someNumber":42}'],
  ])("accepts %s", (_name, text) => {
    expect(parseStrictJson(bytes(text))).toEqual({
      ok: true,
      value: JSON.parse(text) as JsonValue,
    });
  });
});

describe("canonicalJson and requestHash", () => {
  it("ignore key order and whitespace, and nothing else", () => {
    const a = JSON.parse('{"b":{"y":"1","x":["2","3"]},"a":"0"}') as JsonValue;
    const b = JSON.parse('{ "a" : "0", "b" : { "x" : [ "2", "3" ], "y" : "1" } }') as JsonValue;
    const c = JSON.parse('{"a":"0","b":{"x":["3","2"],"y":"1"}}') as JsonValue;
    expect(canonicalJson(a)).toBe('{"a":"0","b":{"x":["2","3"],"y":"1"}}');
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).not.toBe(requestHash(c));
  });
});

import { describe, expect, it } from "vitest";
import { matchAcceptLanguage, matchLocale, resolveLocale } from "./locales";

describe("matchLocale", () => {
  it.each([
    ["en", "en"],
    ["en-US", "en"],
    ["zh-Hans", "zh-Hans"],
    ["zh-Hant", "zh-Hant"],
    ["zh-CN", "zh-Hans"],
    ["zh-SG", "zh-Hans"],
    ["zh-TW", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["zh-MO", "zh-Hant"],
    ["zh-Hant-HK", "zh-Hant"],
    ["zh_TW", "zh-Hant"],
    ["zh", "zh-Hans"],
    ["ko", "ko"],
    ["ko-KR", "ko"],
    ["th", "th"],
    ["th-TH", "th"],
    ["id", "id"],
    ["id-ID", "id"],
    ["in-ID", "id"],
    ["ja-JP", null],
    ["fr", null],
    ["", null],
    ["not a tag!", null],
  ])("%s → %s", (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });
});

describe("matchAcceptLanguage", () => {
  it.each([
    ["ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"],
    ["ja,th;q=0.5", "th"],
    ["en;q=0.1, zh-TW;q=0.9", "zh-Hant"],
    ["fr, de", null],
    ["id;q=0, en;q=0.2", "en"],
    ["", null],
  ])("%s → %s", (header, expected) => {
    expect(matchAcceptLanguage(header)).toBe(expected);
  });
});

describe("resolveLocale", () => {
  it("prefers the token's claim, then Accept-Language, then English", () => {
    expect(resolveLocale("th-TH", "ko")).toBe("th");
    expect(resolveLocale("ja", "ko")).toBe("ko");
    expect(resolveLocale(undefined, "fr")).toBe("en");
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LAUNCH, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/transactions/P123", "/transactions/P123"],
    ["/refunds/R1?x=1#top", "/refunds/R1?x=1#top"],
    ["/", "/"],
    [null, DEFAULT_AFTER_LAUNCH],
    ["", DEFAULT_AFTER_LAUNCH],
    ["transactions", DEFAULT_AFTER_LAUNCH],
    ["https://evil.example/", DEFAULT_AFTER_LAUNCH],
    ["//evil.example/path", DEFAULT_AFTER_LAUNCH],
    ["/\\evil.example", DEFAULT_AFTER_LAUNCH],
    ["\\\\evil.example", DEFAULT_AFTER_LAUNCH],
    ["javascript:alert(1)", DEFAULT_AFTER_LAUNCH],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("%s → %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

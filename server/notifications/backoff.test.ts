import { describe, expect, it } from "vitest";
import { MAX_BACKOFF_MS, retryDelayMs } from "./backoff";

describe("retryDelayMs (docs/protocol.md#notifications: 5 s doubling, at most 1 h apart)", () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [9, 1_280_000],
    [10, 2_560_000],
    [11, 3_600_000],
    [12, 3_600_000],
    [500, 3_600_000],
  ])("after %i failed attempts: %i ms", (failed, expected) => {
    expect(retryDelayMs(failed)).toBe(expected);
  });

  it("follows a shorter base (OUTBOX_BACKOFF_BASE_MS) and keeps the 1 h cap", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 200))).toEqual([200, 400, 800, 1600]);
    expect(retryDelayMs(40, 200)).toBe(MAX_BACKOFF_MS);
  });

  it("treats a count below 1 like the first failure", () => {
    expect(retryDelayMs(0)).toBe(5_000);
  });
});

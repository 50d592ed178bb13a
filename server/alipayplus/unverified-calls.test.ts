import { describe, expect, it } from "vitest";
import { createUnverifiedCallLimiter } from "./unverified-calls";

function limiterAt(start: number, limits = { perSourcePerMinute: 2, totalPerMinute: 3 }) {
  let now = start;
  const limiter = createUnverifiedCallLimiter(limits, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe("createUnverifiedCallLimiter", () => {
  it("admits a source's calls up to its limit in a minute, then refuses them", () => {
    const { limiter } = limiterAt(Date.UTC(2026, 11, 8, 0, 0, 0));
    expect(["a", "a", "a"].map((s) => limiter.admit(s))).toEqual([true, true, false]);
  });

  it("stops every source once the total is reached", () => {
    const { limiter } = limiterAt(Date.UTC(2026, 11, 8, 0, 0, 0));
    expect(["a", "b", "c", "d"].map((s) => limiter.admit(s))).toEqual([true, true, true, false]);
  });

  it("starts over with the next minute", () => {
    const { limiter, advance } = limiterAt(Date.UTC(2026, 11, 8, 0, 0, 59));
    expect(["a", "a", "a"].map((s) => limiter.admit(s))).toEqual([true, true, false]);
    advance(1000);
    expect(["a", "a", "a"].map((s) => limiter.admit(s))).toEqual([true, true, false]);
  });
});

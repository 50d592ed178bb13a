import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { MAX_WINDOW_DAYS, startOfUtcDay, statsWindow } from "./stats-window";

const now = new Date("2026-03-01T23:59:59.999Z");

describe("statsWindow", () => {
  it("defaults to the 30 UTC days up to today, as [00:00 of the first, 00:00 after the last)", () => {
    const window = statsWindow({}, now);
    expect(window).toMatchObject({
      from: "2026-01-31",
      to: "2026-03-01",
      fromAt: new Date("2026-01-31T00:00:00.000Z"),
      toAt: new Date("2026-03-02T00:00:00.000Z"),
    });
    expect(window.days).toHaveLength(30);
    expect(window.days.slice(28, 30)).toEqual(["2026-02-28", "2026-03-01"]);
  });

  it.each([
    [{ to: "2024-03-01" }, "2024-02-01", "2024-03-01", 30],
    [{ from: "2026-02-20" }, "2026-02-20", "2026-03-01", 10],
    [{ from: "2026-03-01", to: "2026-03-01" }, "2026-03-01", "2026-03-01", 1],
  ])("%o → %s … %s", (input, from, to, count) => {
    const window = statsWindow(input, now);
    expect([window.from, window.to, window.days.length]).toEqual([from, to, count]);
  });

  it.each([
    [{ from: "2026-02-29" }, 'from must be a day as YYYY-MM-DD, got "2026-02-29"'],
    [{ to: "2026-13-01" }, 'to must be a day as YYYY-MM-DD, got "2026-13-01"'],
    [{ from: "26-01-01" }, 'from must be a day as YYYY-MM-DD, got "26-01-01"'],
    [{ from: "2026-03-02", to: "2026-03-01" }, "from must be on or before to"],
    [{ from: "2025-01-01", to: "2025-04-03" }, `the window is at most ${MAX_WINDOW_DAYS} days`],
  ])("refuses %o", (input, message) => {
    expect(() => statsWindow(input, now)).toThrow(new DomainError("invalid", message));
  });

  it("knows real calendar days only", () => {
    expect(startOfUtcDay("2024-02-29")).toEqual(new Date("2024-02-29T00:00:00Z"));
    expect(startOfUtcDay("2023-02-29")).toBeNull();
  });
});

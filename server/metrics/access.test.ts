import { describe, expect, it } from "vitest";
import { metricsAccess } from "./access";

const token = "m".repeat(40);

describe("metricsAccess", () => {
  it("with METRICS_TOKEN: only `Bearer <token>`, wherever metrics are served", () => {
    for (const openWithoutToken of [true, false]) {
      const access = (header: string | null) => metricsAccess(header, { token, openWithoutToken });
      expect(access(`Bearer ${token}`)).toBe("allowed");
      for (const header of [null, "", token, `bearer ${token}`, `Bearer ${token}x`, "Bearer m"])
        expect(access(header), String(header)).toBe("unauthorized");
    }
  });

  it("without it: served only where open without a token (development, METRICS_PORT)", () => {
    expect(metricsAccess(null, { token: undefined, openWithoutToken: true })).toBe("allowed");
    expect(metricsAccess(`Bearer ${token}`, { token: undefined, openWithoutToken: false })).toBe(
      "not-served",
    );
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_LAUNCH, safeNextPath, safeRedirectPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/transactions", "/transactions"],
    ["/transactions/P123", "/transactions/P123"],
    ["/refunds/R1?x=1#top", "/refunds/R1?x=1#top"],
    ["/payments/P1/result", "/payments/P1/result"],
    ["/pay/O-1", "/pay/O-1"],
    // Normalised first, then checked: what the browser would request is what is allowed.
    ["/refunds/../transactions/P1", "/transactions/P1"],
    ["/transactions/%2e%2e/pay/O-1", "/pay/O-1"],
    ["/%2F%2Fevil.example", DEFAULT_AFTER_LAUNCH],
    [null, DEFAULT_AFTER_LAUNCH],
    ["", DEFAULT_AFTER_LAUNCH],
    ["/", DEFAULT_AFTER_LAUNCH],
    ["transactions", DEFAULT_AFTER_LAUNCH],
    ["/transactionsX", DEFAULT_AFTER_LAUNCH],
    ["/staff", DEFAULT_AFTER_LAUNCH],
    ["/api/auth/signout", DEFAULT_AFTER_LAUNCH],
    ["https://evil.example/", DEFAULT_AFTER_LAUNCH],
    ["//evil.example/path", DEFAULT_AFTER_LAUNCH],
    ["/\\evil.example", DEFAULT_AFTER_LAUNCH],
    ["\\\\evil.example", DEFAULT_AFTER_LAUNCH],
    ["javascript:alert(1)", DEFAULT_AFTER_LAUNCH],
    // Each of these normalises to //evil.example…, a protocol-relative address.
    ["/.//evil.example/x", DEFAULT_AFTER_LAUNCH],
    ["/..//evil.example", DEFAULT_AFTER_LAUNCH],
    ["/%2e%2e//evil.example", DEFAULT_AFTER_LAUNCH],
    ["/%2E.//evil.example", DEFAULT_AFTER_LAUNCH],
    ["/transactions/..//evil.example", DEFAULT_AFTER_LAUNCH],
    ["/transactions/%2e%2e//evil.example", DEFAULT_AFTER_LAUNCH],
    ["/\t/evil.example", DEFAULT_AFTER_LAUNCH],
    ["/transactions/../..//evil.example", DEFAULT_AFTER_LAUNCH],
  ])("%j → %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it("never answers a path a browser would read as another host", () => {
    const segments = [
      "",
      ".",
      "..",
      "%2e",
      "%2e%2e",
      ".%2E",
      "transactions",
      "pay",
      "evil.example",
    ];
    for (const a of segments)
      for (const b of segments)
        for (const c of segments) {
          const path = safeNextPath(`/${a}/${b}//${c}`);
          expect(new URL(path, "https://wallet.example").origin).toBe("https://wallet.example");
        }
  });
});

describe("safeRedirectPath (the console's returnTo)", () => {
  it.each([
    ["/staff/reviews?rule=R1", "/staff/reviews?rule=R1"],
    ["/staff", "/staff"],
    ["/staff/..//evil.example", "/fallback"],
    ["/staff/%2e%2e//evil.example", "/fallback"],
    ["/staffing", "/fallback"],
    ["/transactions", "/fallback"],
  ])("%s → %s", (path, expected) => {
    expect(safeRedirectPath(path, ["/staff"], "/fallback")).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import {
  decodeTransactionCursor,
  encodeTransactionCursor,
  ZTransactionCursor,
} from "./transaction-cursor";

const cursor = {
  receivedAt: "2026-11-26T04:40:03.368123Z",
  paymentId: "P2026112616171678741668458098",
};
const encodeRaw = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("transaction cursor", () => {
  it("decodes what it encoded, and the text is URL-safe", () => {
    const text = encodeTransactionCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTransactionCursor(text)).toEqual(cursor);
  });

  it.each([
    ["empty", ""],
    ["not base64url", "%%%"],
    ["no payment id", encodeRaw("2026-11-26T04:40:03.368123Z")],
    ["milliseconds only", encodeRaw("2026-11-26T04:40:03.368Z P1")],
    ["local time", encodeRaw("2026-11-26T04:40:03.368123+09:00 P1")],
    ["impossible date", encodeRaw("2026-02-31T04:40:03.368123Z P1")],
    ["impossible hour", encodeRaw("2026-11-26T25:40:03.368123Z P1")],
    ["id with a space", encodeRaw("2026-11-26T04:40:03.368123Z P 1")],
    ["id too long", encodeRaw(`2026-11-26T04:40:03.368123Z ${"P".repeat(65)}`)],
    ["too long", "A".repeat(201)],
  ])("rejects %s", (_name, text) => {
    expect(decodeTransactionCursor(text)).toBeNull();
  });

  it("is a zod input schema that names the problem", () => {
    expect(ZTransactionCursor.parse(encodeTransactionCursor(cursor))).toEqual(cursor);
    const parsed = ZTransactionCursor.safeParse("nonsense");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("not a transaction cursor");
  });
});

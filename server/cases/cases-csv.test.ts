import { describe, expect, it } from "vitest";
import { caseDigest, distinctItems, newManualCaseId, type CaseContent } from "./case-content";
import { readCasesCsv } from "./cases-csv";

const HEADER = "caseId,raisedAt,deadline,reason,paymentRequestId,customerId,deviceId";

function read(lines: string[]) {
  const result = readCasesCsv([HEADER, ...lines].join("\r\n"));
  if (!result.ok) throw new Error(result.problem);
  return result;
}

describe("readCasesCsv", () => {
  it("groups rows by caseId into cases, keeping RFC 4180 quoted cells whole", () => {
    const result = read([
      "CASE-A,2026-11-20T10:00:00+09:00,2026-11-27T10:00:00+09:00,Promo farming,PAY-1,,",
      'CASE-B,2026-11-21T00:00:00Z,,"Shared device, ""emulator""\nsecond line",,C-9,DEV-9',
      "CASE-A,2026-11-20T01:00:00Z,2026-11-27T01:00:00Z,Promo farming,,C-1,",
    ]);
    expect(result.bad).toEqual([]);
    expect(result.cases).toEqual([
      {
        line: 2,
        content: {
          caseId: "CASE-A",
          raisedAt: new Date("2026-11-20T01:00:00Z"),
          deadline: new Date("2026-11-27T01:00:00Z"),
          reason: "Promo farming",
          items: [
            { paymentRequestId: "PAY-1", customerId: null, deviceId: null },
            { paymentRequestId: null, customerId: "C-1", deviceId: null },
          ],
        },
      },
      {
        line: 3,
        content: {
          caseId: "CASE-B",
          raisedAt: new Date("2026-11-21T00:00:00Z"),
          deadline: null,
          reason: 'Shared device, "emulator"\nsecond line',
          items: [{ paymentRequestId: null, customerId: "C-9", deviceId: "DEV-9" }],
        },
      },
    ]);
  });

  it("reports bad rows by the line they start on, leaves their case out, keeps the good cases", () => {
    const result = read([
      "GOOD,2026-11-20T10:00:00Z,,ok,PAY-1,,", // line 2
      "SPOILED,2026-11-20T10:00:00Z,,ok,PAY-2,,", // line 3: left out with line 6
      "X,2026-11-20 10:00,,ok,PAY-3,,", // line 4: no offset
      '"multi\nline id",2026-11-20T10:00:00Z,,ok,PAY-4,,', // line 5: control character in caseId
      "SPOILED,2026-11-20T10:00:00Z,,ok,,,", // line 7: names nothing
      "TOO,FEW", // line 8
      'Q,2026-11-20T10:00:00Z,,"never closed,PAY-5,,', // line 9: unclosed quote
      "GOOD,2026-11-20T10:00:00Z,,other reason,PAY-6,,", // line 10: disagrees with line 2
      "LATE,2026-11-20T10:00:00Z,2026-11-19T10:00:00Z,ok,PAY-7,,", // line 11
      "AFTER,2026-11-20T10:00:00Z,,ok,,C-2,", // line 12: read on after the bad ones
    ]);
    expect(result.bad).toEqual(
      [
        {
          line: 3,
          reason: "case SPOILED is left out: line 7 is bad",
        },
        {
          line: 4,
          reason: "raisedAt: must be an ISO 8601 date-time with an offset (Z or ±hh:mm)",
        },
        { line: 5, reason: "caseId: must be printable ASCII without surrounding spaces" },
        {
          line: 7,
          reason: "paymentRequestId, customerId, deviceId: the row must name at least one of them",
        },
        { line: 8, reason: "expected 7 fields, got 2" },
        { line: 9, reason: "a quoted field is never closed" },
        { line: 10, reason: "reason: differs from line 2, the first row of case GOOD" },
        { line: 2, reason: "case GOOD is left out: line 10 is bad" },
        { line: 11, reason: "deadline: must not be before raisedAt" },
      ].sort((a, b) => a.line - b.line),
    );
    expect(result.cases.map((c) => c.content.caseId)).toEqual(["AFTER"]);
  });

  it("refuses a file whose header is not exactly the documented one", () => {
    expect(readCasesCsv("caseId,raisedAt\r\nA,B\r\n")).toEqual({
      ok: false,
      problem: `line 1: the header must be exactly ${HEADER}`,
    });
    expect(readCasesCsv("")).toEqual({ ok: false, problem: "the file is empty" });
  });
});

describe("the case digest", () => {
  const content: CaseContent = {
    caseId: "CASE-D",
    raisedAt: new Date("2026-11-20T01:00:00Z"),
    deadline: null,
    reason: "r",
    items: [
      { paymentRequestId: "PAY-1", customerId: null, deviceId: null },
      { paymentRequestId: null, customerId: "C-1", deviceId: null },
    ],
  };

  it("is the same for the same items in another order or repeated, and differs otherwise", () => {
    const reordered = { ...content, items: [...content.items].reverse() };
    const repeated = { ...content, items: [...content.items, content.items[0]!] };
    expect(caseDigest(reordered)).toBe(caseDigest(content));
    expect(caseDigest(repeated)).toBe(caseDigest(content));
    expect(distinctItems(repeated.items)).toEqual(content.items);
    expect(caseDigest({ ...content, reason: "other" })).not.toBe(caseDigest(content));
    expect(caseDigest({ ...content, deadline: new Date() })).not.toBe(caseDigest(content));
    expect(caseDigest({ ...content, items: content.items.slice(1) })).not.toBe(caseDigest(content));
  });

  it("generated ids read MANUAL-<UTC day>-<8 random characters>", () => {
    const id = newManualCaseId(new Date("2026-11-26T23:59:00Z"));
    expect(id).toMatch(/^MANUAL-20261126-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(newManualCaseId()).not.toBe(newManualCaseId());
  });
});

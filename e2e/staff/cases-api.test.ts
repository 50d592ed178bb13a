/**
 * `POST /api/alipayplus/v1/risk-cases` through HTTP (docs/protocol.md#risk-cases): signed and
 * answered like every Alipay+ call — a bad signature is 401 INVALID_SIGNATURE with nothing stored,
 * malformed input is PARAM_ILLEGAL naming the field, the answer is signed, the call is logged — and
 * idempotent on caseId: the same case again is S with nothing added, other content is
 * REPEAT_REQ_INCONSISTENT, concurrent copies make one case.
 */
import { asc, eq, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { riskCaseItems, riskCases } from "@/db/schema";
import { alipay, database, uniqueId } from "../fixtures/gateway";
import { eventually, rawCall } from "../fixtures/http";
import { resultMatching } from "../fixtures/matchers";

const RISK_CASES = "/api/alipayplus/v1/risk-cases";
const { db } = database;

function caseBody(overrides: Record<string, unknown> = {}) {
  const suffix = uniqueId("X");
  return {
    caseId: uniqueId("ALIPAY-CASE"),
    raisedAt: "2026-11-20T10:00:00+09:00",
    deadline: "2026-11-27T10:00:00+09:00",
    // Unique, so a case stored under another caseId (or none) is still found by it.
    reason: `Promotion farming across several accounts on one device (${suffix})`,
    items: [
      { paymentRequestId: `PAY-${suffix}` },
      { customerId: `C-${suffix}`, deviceId: `DEV-${suffix}` },
    ],
    ...overrides,
  };
}

async function storedCase(caseId: string) {
  const [row] = await db.select().from(riskCases).where(eq(riskCases.caseId, caseId));
  const items = await db
    .select({
      paymentRequestId: riskCaseItems.paymentRequestId,
      customerId: riskCaseItems.customerId,
      deviceId: riskCaseItems.deviceId,
    })
    .from(riskCaseItems)
    .where(eq(riskCaseItems.caseId, caseId))
    .orderBy(asc(riskCaseItems.id));
  return { row, items };
}

/** No case holds the body's caseId or its (unique) reason: also when a bad body changed the id. */
async function expectNothingStored(body: { caseId: string; reason: string }) {
  const stored = await db
    .select({ caseId: riskCases.caseId })
    .from(riskCases)
    .where(or(eq(riskCases.caseId, body.caseId), eq(riskCases.reason, body.reason)));
  expect(stored).toEqual([]);
}

async function post(body: unknown) {
  const answer = await alipay.call(RISK_CASES, body);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.responseSignatureValid).toBe(true);
  return answer;
}

describe("POST /api/alipayplus/v1/risk-cases", () => {
  it("stores a new case and answers S with its caseId, signed; the call is logged", async () => {
    const body = caseBody();
    const answer = await post(body);
    expect(answer.json).toEqual({ result: resultMatching("SUCCESS", "S"), caseId: body.caseId });
    const { row, items } = await storedCase(body.caseId);
    expect(row).toMatchObject({
      source: "API",
      status: "OPEN",
      raisedAt: new Date("2026-11-20T01:00:00Z"),
      deadline: new Date("2026-11-27T01:00:00Z"),
      reason: body.reason,
      createdBy: "alipayplus",
      finding: null,
    });
    expect(items).toEqual([
      { paymentRequestId: body.items[0]!.paymentRequestId, customerId: null, deviceId: null },
      {
        paymentRequestId: null,
        customerId: body.items[1]!.customerId,
        deviceId: body.items[1]!.deviceId,
      },
    ]);
    const logged = await eventually(async () => {
      const rows = await database.sql<
        { path: string; signature_verdict: string; result_code: string | null }[]
      >`select path, signature_verdict::text as signature_verdict, result_code
        from inbound_calls where strpos(raw_body, ${body.caseId}) > 0`;
      return rows.length ? rows : undefined;
    });
    expect(logged).toEqual([
      { path: RISK_CASES, signature_verdict: "VALID", result_code: "SUCCESS" },
    ]);
  });

  it("a bad signature is 401 INVALID_SIGNATURE, signed, and stores no case", async () => {
    const body = caseBody();
    const text = JSON.stringify(body);
    const answer = await rawCall({
      path: RISK_CASES,
      body: text,
      signed: { body: text.replace("farming", "farmink") },
    });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ result: resultMatching("INVALID_SIGNATURE", "F") });
    expect(answer.responseSignatureValid).toBe(true);
    const missing = await rawCall({ path: RISK_CASES, body: text, omit: ["Signature"] });
    expect(missing.status).toBe(401);
    await expectNothingStored(body);
  });

  const MALFORMED: [string, (body: ReturnType<typeof caseBody>) => unknown, string][] = [
    ["no caseId", ({ caseId: _c, ...rest }) => rest, "caseId is required"],
    ["an empty caseId", (b) => ({ ...b, caseId: "" }), "caseId must not be empty"],
    [
      "a caseId over 64 characters",
      (b) => ({ ...b, caseId: "C".repeat(65) }),
      "caseId must be at most 64 characters",
    ],
    [
      "raisedAt without an offset",
      (b) => ({ ...b, raisedAt: "2026-11-20T10:00:00" }),
      "raisedAt must be an ISO 8601 date-time with an offset (Z or ±hh:mm)",
    ],
    [
      "a deadline before raisedAt",
      (b) => ({ ...b, deadline: "2026-11-19T10:00:00+09:00" }),
      "deadline must not be before raisedAt",
    ],
    ["no reason", ({ reason: _r, ...rest }) => rest, "reason is required"],
    ["no items", ({ items: _i, ...rest }) => rest, "items is required"],
    ["empty items", (b) => ({ ...b, items: [] }), "items must hold at least one item"],
    [
      "an item naming nothing",
      (b) => ({ ...b, items: [...b.items, {}] }),
      "items.2 must name a paymentRequestId, customerId or deviceId",
    ],
    [
      "an item with an empty id",
      (b) => ({ ...b, items: [{ customerId: "" }] }),
      "items.0.customerId must not be empty",
    ],
    [
      "a number where an id belongs",
      (b) => ({ ...b, items: [{ deviceId: 42 }] }),
      "items.0.deviceId must be a string",
    ],
    [
      "1,001 items",
      (b) => ({
        ...b,
        items: Array.from({ length: 1001 }, (_, i) => ({ paymentRequestId: `PAY-${i}` })),
      }),
      "items must hold at most 1000 items",
    ],
  ];

  it.each(MALFORMED)(
    "%s → PARAM_ILLEGAL naming the field, nothing stored",
    async (_name, make, message) => {
      const body = caseBody();
      const answer = await post(make(body));
      expect(answer.json).toEqual({
        result: { resultCode: "PARAM_ILLEGAL", resultStatus: "F", resultMessage: message },
      });
      await expectNothingStored(body);
    },
  );

  it("a body that is not JSON → PARAM_ILLEGAL", async () => {
    const answer = await post('{"caseId": "X",');
    expect(answer.json).toEqual({
      result: {
        resultCode: "PARAM_ILLEGAL",
        resultStatus: "F",
        resultMessage: "body is not valid JSON",
      },
    });
  });

  it("the same case again — items reordered, times in another offset — is S and adds nothing", async () => {
    const body = caseBody();
    await post(body);
    const before = await storedCase(body.caseId);
    const again = await post({
      ...body,
      raisedAt: "2026-11-20T01:00:00Z",
      deadline: "2026-11-27T01:00:00.000Z",
      items: [...body.items].reverse(),
    });
    expect(again.json).toEqual({ result: resultMatching("SUCCESS", "S"), caseId: body.caseId });
    expect(await storedCase(body.caseId)).toEqual(before);
  });

  it("the caseId again with other content → F REPEAT_REQ_INCONSISTENT, the case unchanged", async () => {
    const body = caseBody();
    await post(body);
    const before = await storedCase(body.caseId);
    for (const other of [
      { ...body, reason: "Something else" },
      { ...body, deadline: null },
      { ...body, items: body.items.slice(0, 1) },
    ]) {
      const answer = await post(other);
      expect(answer.json).toEqual({ result: resultMatching("REPEAT_REQ_INCONSISTENT", "F") });
    }
    expect(await storedCase(body.caseId)).toEqual(before);
  });

  it("eight identical posts at once make one case and all answer S", async () => {
    const body = caseBody();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    for (const answer of answers) {
      expect(answer.json).toEqual({ result: resultMatching("SUCCESS", "S"), caseId: body.caseId });
    }
    const { row, items } = await storedCase(body.caseId);
    expect(row?.caseId).toBe(body.caseId);
    expect(items).toHaveLength(2);
  });

  it("answers another method with 405 JSON", async () => {
    const answer = await rawCall({ path: RISK_CASES, method: "GET" });
    expect(answer.status).toBe(405);
    expect(answer.json).toMatchObject({ result: { resultCode: "METHOD_NOT_ALLOWED" } });
  });
});

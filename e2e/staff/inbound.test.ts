/**
 * The console's inbound call log (README "Staff console": searchable, paginated): calls made
 * through the real signed gateway and found again by their request ids, newest first, linked to
 * their payment, bodies redacted; the API, verdict and result filters; keyset pages that neither
 * skip nor repeat a row, ties on the same instant included; one call's own view.
 */
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inboundCalls } from "@/db/schema";
import {
  BODY_PREVIEW_CHARS,
  listInboundCalls,
  type InboundCallFilter,
  type InboundCallSummary,
} from "@/server/inbound-log/inbound-calls";
import {
  callGateway,
  createCustomer,
  database,
  INQUIRY,
  PAY,
  payRequest,
  reference,
  REFUND,
  refundRequest,
  uniqueId,
} from "../fixtures/gateway";
import { eventually, rawCall } from "../fixtures/http";
import { createStaffAccount, staffCaller } from "../fixtures/staff";

const { db } = database;

/** A payment code nobody else uses (18 digits, as a UPM code looks). */
function paymentCode(): string {
  return `28${String(randomInt(10 ** 8)).padStart(8, "0")}${String(randomInt(10 ** 8)).padStart(8, "0")}`;
}

/** The log is written after the answer (next/server `after()`): wait for `count` rows. */
function listedEventually(filter: Omit<InboundCallFilter, "limit">, count: number) {
  return eventually(async () => {
    const page = await listInboundCalls(db, { ...filter, limit: 50 });
    return page.rows.length >= count ? page : undefined;
  });
}

/** A paid payment with a refund and an inquiry after it, all through the signed gateway. */
async function paymentWithCalls() {
  const code = paymentCode();
  const customerId = await createCustomer();
  const pay = payRequest(customerId, {
    paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
  });
  const payAnswer = await callGateway(PAY, pay);
  expect(payAnswer.resultCode).toBe("SUCCESS");
  const paymentId = payAnswer.json?.paymentId as string;
  // Each call is logged after its answer: wait, so that received_at orders them as sent.
  await listedEventually({ requestId: pay.paymentRequestId }, 1);
  const refund = refundRequest(pay.paymentRequestId);
  expect((await callGateway(REFUND, refund)).resultCode).toBe("SUCCESS");
  await listedEventually({ requestId: pay.paymentRequestId }, 2);
  const inquiry = await callGateway(INQUIRY, reference(pay.paymentRequestId));
  const { rows } = await listedEventually({ requestId: pay.paymentRequestId }, 3);
  return { code, pay, payAnswer, paymentId, refund, inquiry, rows };
}

describe("inbound call log", () => {
  it("finds a payment's calls by its paymentRequestId, newest first, linked and redacted", async () => {
    const { code, pay, payAnswer, paymentId, refund, inquiry, rows } = await paymentWithCalls();
    expect(rows.map((row) => row.api)).toEqual(["inquiryPayment", "refund", "pay"]);
    expect(rows.map((row) => row.paymentId)).toEqual([paymentId, paymentId, paymentId]);
    const [inquiryRow, refundRow, payRow] = rows;
    expect(payRow).toMatchObject({
      method: "POST",
      path: PAY,
      paymentRequestId: pay.paymentRequestId,
      refundRequestId: null,
      signatureVerdict: "VALID",
      httpStatus: 200,
      resultStatus: "S",
      resultCode: "SUCCESS",
      responseBody: payAnswer.text,
    });
    expect(payRow!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(payRow!.requestBody).toContain(`"paymentMethodId":"****${code.slice(-4)}"`);
    expect(
      JSON.stringify(rows, (_key, v: unknown) => (typeof v === "bigint" ? `${v}` : v)),
    ).not.toContain(code);
    expect(refundRow).toMatchObject({ refundRequestId: refund.refundRequestId, resultStatus: "S" });
    expect(inquiryRow!.responseBody).toBe(inquiry.text);

    // The same through the procedure a viewer's page calls: JSON-safe, same order.
    const viewer = await createStaffAccount("VIEWER", "inbound");
    const page = await (
      await staffCaller(viewer)
    ).inbound.list({ requestId: pay.paymentRequestId });
    expect(page.nextBefore).toBeNull();
    expect(page.rows.map((row) => [row.id, row.receivedAt, row.api])).toEqual(
      rows.map((row) => [row.id.toString(), row.receivedAt.toISOString(), row.api]),
    );
  });

  it("finds a refund call by its refundRequestId and filters by API, verdict and result", async () => {
    const { pay, refund, rows } = await paymentWithCalls();
    const refundRow = rows.find((row) => row.api === "refund")!;
    const ids = (page: { rows: InboundCallSummary[] }) => page.rows.map((row) => row.id);

    const byRefundId = await listInboundCalls(db, {
      requestId: refund.refundRequestId,
      limit: 50,
    });
    expect(ids(byRefundId)).toEqual([refundRow.id]);
    const list = (filter: Omit<InboundCallFilter, "limit" | "requestId">) =>
      listInboundCalls(db, { requestId: pay.paymentRequestId, ...filter, limit: 50 });
    expect(ids(await list({ api: "refund" }))).toEqual([refundRow.id]);
    expect(ids(await list({ api: "pay" }))).toEqual([rows[2]!.id]);
    expect(ids(await list({ verdict: "VALID", resultStatus: "S" }))).toEqual(ids({ rows }));
    expect(ids(await list({ verdict: "INVALID" }))).toEqual([]);
    expect(ids(await list({ resultStatus: "F" }))).toEqual([]);
    expect(ids(await list({ resultStatus: "NONE" }))).toEqual([]);
    expect(ids(await listInboundCalls(db, { requestId: uniqueId("PAY"), limit: 50 }))).toEqual([]);
  });

  it("pages through the calls with a bad signature without skipping or repeating one", async () => {
    const customerId = await createCustomer();
    const request = payRequest(customerId);
    const answer = await rawCall({
      path: PAY,
      body: JSON.stringify(request),
      headers: { Signature: "garbage" },
    });
    expect(answer.status).toBe(401);
    // An unverified body names no ids: the call is found among the INVALID ones by its body.
    const mine = (row: InboundCallSummary) => row.requestBody.includes(request.paymentRequestId);
    const found = await eventually(async () => {
      const seen: InboundCallSummary[] = [];
      let before: InboundCallSummary["cursor"] | undefined;
      for (let pages = 0; pages < 40; pages++) {
        const page = await listInboundCalls(db, { verdict: "INVALID", before, limit: 5 });
        seen.push(...page.rows);
        if (page.rows.some(mine) || !page.nextBefore) break;
        before = page.nextBefore;
      }
      return seen.some(mine) ? seen : undefined;
    });
    expect(new Set(found.map((row) => row.id)).size).toBe(found.length);
    for (const row of found) {
      expect(row).toMatchObject({
        signatureVerdict: "INVALID",
        httpStatus: 401,
        resultStatus: "F",
      });
    }
    const keys = found.map((row) => [row.cursor.receivedAt, row.id] as const);
    const sorted = [...keys].sort(([at1, id1], [at2, id2]) =>
      at1 === at2 ? (id1 > id2 ? -1 : 1) : at1 > at2 ? -1 : 1,
    );
    expect(keys).toEqual(sorted);
    expect(found.find(mine)).toMatchObject({ paymentRequestId: null, paymentId: null, api: "pay" });
  });

  it("breaks ties on the same instant by id across pages", async () => {
    const paymentRequestId = uniqueId("PAY-TIE");
    const receivedAt = new Date();
    const inserted = await db
      .insert(inboundCalls)
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          receivedAt,
          method: "POST",
          path: `/aps/api/v1/payments/inquiryPayment?n=${i}`,
          headers: {},
          rawBody: JSON.stringify({ paymentRequestId }),
          signatureVerdict: "VALID" as const,
          httpStatus: 200,
          resultStatus: "S",
          resultCode: "SUCCESS",
          responseBody: "{}",
          latencyMs: i,
          paymentRequestId,
        })),
      )
      .returning({ id: inboundCalls.id });
    const expected = inserted.map((row) => row.id).sort((a, b) => (a > b ? -1 : 1));

    const pages: bigint[][] = [];
    let before: InboundCallSummary["cursor"] | undefined;
    for (;;) {
      const page = await listInboundCalls(db, { requestId: paymentRequestId, before, limit: 2 });
      pages.push(page.rows.map((row) => row.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(pages).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4)]);
    // The API is the path's last segment without the query.
    const { rows } = await listInboundCalls(db, {
      requestId: paymentRequestId,
      api: "inquiryPayment",
      limit: 50,
    });
    expect(rows).toHaveLength(5);
  });

  it("shows a preview of a long body on the list and all of it on the call's own view", async () => {
    const paymentRequestId = uniqueId("PAY-LONG");
    const filler = "x".repeat(20_000);
    const rawBody = JSON.stringify({ paymentRequestId, filler });
    const [row] = await db
      .insert(inboundCalls)
      .values({
        receivedAt: new Date(),
        method: "POST",
        path: PAY,
        headers: { "client-id": "X", signature: "algorithm=RSA256,keyVersion=1,signature=abc" },
        rawBody,
        signatureVerdict: "NOT_CHECKED",
        httpStatus: 413,
        latencyMs: 1,
        paymentRequestId,
      })
      .returning({ id: inboundCalls.id });
    const { rows } = await listInboundCalls(db, {
      requestId: paymentRequestId,
      resultStatus: "NONE",
      limit: 50,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      requestChars: rawBody.length,
      responseBody: "",
      resultCode: null,
    });
    expect(rows[0]!.requestBody).toBe(rawBody.slice(0, BODY_PREVIEW_CHARS));

    const viewer = await createStaffAccount("VIEWER", "inbound-call");
    const api = await staffCaller(viewer);
    const call = await api.inbound.get({ id: row!.id.toString() });
    expect(call).toMatchObject({
      id: row!.id.toString(),
      requestBody: rawBody,
      headers: { "client-id": "X", signature: "algorithm=RSA256,keyVersion=1,signature=abc" },
      paymentId: null,
    });
    await expect(api.inbound.get({ id: "999999999999999999" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("never shows a token, even in a row stored before redaction, nor credential headers", async () => {
    const code = paymentCode();
    const paymentRequestId = uniqueId("PAY-OLD");
    const [row] = await db
      .insert(inboundCalls)
      .values({
        receivedAt: new Date(),
        method: "POST",
        path: PAY,
        headers: { authorization: "Bearer secret-value", "client-id": "X" },
        rawBody: JSON.stringify({ paymentRequestId, paymentMethod: { paymentMethodId: code } }),
        signatureVerdict: "VALID",
        httpStatus: 200,
        responseBody: JSON.stringify({ accessToken: `${code}AT` }),
        latencyMs: 1,
        paymentRequestId,
      })
      .returning({ id: inboundCalls.id });
    const viewer = await createStaffAccount("VIEWER", "inbound-redact");
    const api = await staffCaller(viewer);
    const listed = await api.inbound.list({ requestId: paymentRequestId });
    const call = await api.inbound.get({ id: row!.id.toString() });
    for (const shown of [JSON.stringify(listed), JSON.stringify(call)]) {
      expect(shown).not.toContain(code);
      expect(shown).toContain(`****${code.slice(-4)}`);
      expect(shown).not.toContain("secret-value");
    }
    expect(call.headers).toEqual({ "client-id": "X" });
  });

  it("refuses a cursor it did not hand out", async () => {
    const viewer = await createStaffAccount("VIEWER", "inbound-cursor");
    await expect(
      (await staffCaller(viewer)).inbound.list({ before: "2026-01-01_1" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

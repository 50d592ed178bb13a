/**
 * notifyPayment through the suite's production server (two cluster workers, each with an outbox
 * worker) and its simulated Alipay+ (docs/protocol.md#notifypayment, #notifications): what a UPM
 * pay writes is delivered, acknowledged only by a correctly signed S, retried with the same bytes
 * (the suite's backoff base is 200 ms), and never sent to a host outside the allow list.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentNotifications } from "@/db/schema";
import { OUTBOUND_PATHS } from "@/server/alipayplus/client";
import { SignedClient } from "@/server/simulator/signed-client";
import { database, failedPayment, paidPayment, secrets, uniqueId } from "../fixtures/gateway";
import { eventually, sleep } from "../fixtures/http";
import { ALIPAY_TIME, ANY_TEXT } from "../fixtures/matchers";
import { addSimulatorRule, notificationsReceived, suiteSimulatorUrl } from "../fixtures/simulator";
import { enqueue, notificationRow, outcome } from "./outbox-fixtures";

const { db } = database;

async function rowsFor(paymentRequestId: string) {
  return db
    .select()
    .from(paymentNotifications)
    .where(eq(paymentNotifications.paymentRequestId, paymentRequestId));
}

async function settledRow(id: bigint, timeoutMs = 8000) {
  return eventually(async () => {
    const row = await notificationRow(db, id);
    return row.status === "PENDING" ? undefined : row;
  }, timeoutMs);
}

async function receivedAtLeast(paymentRequestId: string, count: number, timeoutMs = 5000) {
  return eventually(async () => {
    const got = await notificationsReceived(paymentRequestId);
    return got.length >= count ? got : undefined;
  }, timeoutMs);
}

describe("a UPM pay through the server", () => {
  it("writes its notifyPayment with the payment and the outbox delivers it once", async () => {
    const paid = await paidPayment();
    const [row] = await rowsFor(paid.paymentRequestId);
    expect(row, "pay wrote no payment_notifications row").toBeDefined();
    const [sent] = await receivedAtLeast(paid.paymentRequestId, 1);

    expect(sent!.body).toBe(row!.body);
    expect(sent!.requestUri).toBe(OUTBOUND_PATHS.notifyPayment);
    expect(sent!.signatureValid).toBe(true);
    expect(JSON.parse(sent!.body)).toEqual({
      paymentResult: {
        resultStatus: "S",
        resultCode: "SUCCESS",
        resultMessage: ANY_TEXT,
      },
      paymentRequestId: paid.paymentRequestId,
      paymentId: paid.paymentId,
      paymentTime: paid.paymentTime,
      paymentAmount: paid.request.paymentAmount,
      payToAmount: paid.request.payToAmount,
      customerId: paid.customerId,
    });
    expect(paid.paymentTime).toMatch(ALIPAY_TIME);
    expect(await settledRow(row!.id)).toMatchObject({ status: "DELIVERED", attempts: 1 });
    await sleep(400);
    expect(await notificationsReceived(paid.paymentRequestId)).toHaveLength(1);
  });

  it("a UPM pay that failed is not notified (docs/protocol.md#notifications: UPM payments that succeeded)", async () => {
    const failed = await failedPayment();
    expect(await rowsFor(failed.paymentRequestId)).toEqual([]);
  });
});

describe("the outbox of the running server", () => {
  it("sends a committed row within a second, exactly once, the body byte for byte", async () => {
    for (let i = 0; i < 3; i++) {
      const row = await enqueue(db);
      const [sent] = await receivedAtLeast(row.paymentRequestId, 1, 3000);
      expect(Date.parse(sent!.receivedAt) - row.committedAt).toBeLessThan(1000);
      expect(sent!.body).toBe(row.body);
      expect(await settledRow(row.id)).toMatchObject({ status: "DELIVERED", attempts: 1 });
      await sleep(100 + 200 * i);
    }
  });

  it("retries a row Alipay+ answered F twice, with the same bytes and a doubling pause", async () => {
    const written = outcome();
    await addSimulatorRule({
      api: "notifyPayment",
      match: { paymentRequestId: written.paymentRequestId },
      behaviour: "fail",
      times: 2,
    });
    const row = await enqueue(db, written);
    const sent = await receivedAtLeast(written.paymentRequestId, 3);
    expect(sent.map((s) => s.body)).toEqual([row.body, row.body, row.body]);
    expect(sent.map((s) => s.answer?.resultCode)).toEqual([
      "PROCESS_FAIL",
      "PROCESS_FAIL",
      "SUCCESS",
    ]);
    const times = sent.map((s) => Date.parse(s.receivedAt));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(200);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(400);

    const delivered = await settledRow(row.id);
    expect(delivered).toMatchObject({
      status: "DELIVERED",
      attempts: 3,
      lastError: "answered F PROCESS_FAIL",
    });
    await sleep(400);
    expect(await notificationsReceived(written.paymentRequestId)).toHaveLength(3);
  });

  it("an answer U is not an acknowledgement either", async () => {
    const written = outcome();
    await addSimulatorRule({
      api: "notifyPayment",
      match: { paymentRequestId: written.paymentRequestId },
      behaviour: "unknown",
    });
    const row = await enqueue(db, written);
    expect(await settledRow(row.id)).toMatchObject({
      status: "DELIVERED",
      attempts: 2,
      lastError: "answered U UNKNOWN_EXCEPTION",
    });
  });

  it("a badly signed S is no acknowledgement: the client resends, then the outbox retries", async () => {
    const written = outcome();
    await addSimulatorRule({
      api: "notifyPayment",
      match: { paymentRequestId: written.paymentRequestId },
      behaviour: "bad-signature",
      times: 3,
    });
    const row = await enqueue(db, written);
    const delivered = await settledRow(row.id);
    expect(delivered).toMatchObject({ status: "DELIVERED", attempts: 2 });
    expect(delivered.lastError).toMatch(/no valid response signature/);

    const sent = await notificationsReceived(written.paymentRequestId);
    expect(sent.map((s) => s.behaviour)).toEqual([
      "bad-signature",
      "bad-signature",
      "bad-signature",
      null,
    ]);
    expect(new Set(sent.map((s) => s.body))).toEqual(new Set([row.body]));
    // One client call resends its signed request as is; the outbox's retry is a new call.
    expect(new Set(sent.slice(0, 3).map((s) => s.requestTime)).size).toBe(1);
  });

  it("sends to the payment's paymentNotifyUrl when it names an allowed host", async () => {
    const target = `${suiteSimulatorUrl}${OUTBOUND_PATHS.notifyPayment}?merchant=M-1`;
    const row = await enqueue(db, { paymentNotifyUrl: target });
    const [sent] = await receivedAtLeast(row.paymentRequestId, 1);
    expect(sent!.requestUri).toBe(`${OUTBOUND_PATHS.notifyPayment}?merchant=M-1`);
    expect(await settledRow(row.id)).toMatchObject({ status: "DELIVERED", targetUrl: target });
  });

  it.each([
    ["https://notify.example.com/aps/api/v1/payments/notifyPayment", "host not allowed"],
    [`${suiteSimulatorUrl.replace("127.0.0.1", "localhost")}/x`, "host not allowed"],
    ["not a url", "invalid url"],
    [`ftp://${new URL(suiteSimulatorUrl).host}/notify`, "invalid url"],
  ])("never calls %s: FAILED (%s) without a request", async (paymentNotifyUrl, reason) => {
    const row = await enqueue(db, { paymentNotifyUrl });
    expect(await settledRow(row.id)).toMatchObject({
      status: "FAILED",
      attempts: 0,
      lastError: reason,
      lastAttemptAt: null,
    });
    expect(await notificationsReceived(row.paymentRequestId)).toEqual([]);
  });
});

describe("the simulated Alipay+'s notifyPayment", () => {
  const wallet = new SignedClient({
    baseUrl: suiteSimulatorUrl,
    clientId: secrets.clientId,
    privateKey: createPrivateKey(secrets.mppPrivateKeyPem),
    walletPublicKey: createPublicKey(secrets.simulatorPublicKeyPem),
  });
  const notify = (body: unknown) => wallet.call(OUTBOUND_PATHS.notifyPayment, body);
  const success = { resultStatus: "S", resultCode: "SUCCESS", resultMessage: "success" };

  it("acknowledges a repeat, refuses an inconsistent one: REPEAT_REQ_INCONSISTENT", async () => {
    const paymentRequestId = uniqueId("NTF");
    const body = { paymentResult: success, paymentRequestId, paymentId: "P-1" };
    for (const attempt of [body, body]) {
      const answer = await notify(attempt);
      expect(answer.responseSignatureValid).toBe(true);
      expect(answer.resultStatus).toBe("S");
    }
    const closed = { resultStatus: "F", resultCode: "ORDER_IS_CLOSED", resultMessage: "closed" };
    const inconsistent = await notify({ ...body, paymentResult: closed });
    expect(inconsistent.resultStatus).toBe("F");
    expect(inconsistent.resultCode).toBe("REPEAT_REQ_INCONSISTENT");
    expect((await notify({ ...body, paymentId: "P-2" })).resultCode).toBe(
      "REPEAT_REQ_INCONSISTENT",
    );
    expect(await notificationsReceived(paymentRequestId)).toHaveLength(4);
  });

  it.each([
    ["paymentRequestId", { paymentResult: success }],
    ["paymentResult", { paymentRequestId: "X-1" }],
    [
      "paymentResult",
      { paymentRequestId: "X-1", paymentResult: { ...success, resultStatus: "U" } },
    ],
    ["payToAmount", { paymentRequestId: "X-1", paymentResult: success, payToAmount: { value: 1 } }],
  ])("PARAM_ILLEGAL naming %s", async (field, body) => {
    const answer = await notify(body);
    expect(answer.resultCode).toBe("PARAM_ILLEGAL");
    expect(JSON.stringify(answer.json)).toContain(field);
  });

  it("refuses a rule without a match: rules are scoped to a test's own ids", async () => {
    const response = await fetch(new URL("/_sim/rules", suiteSimulatorUrl), {
      method: "POST",
      body: JSON.stringify({ api: "notifyPayment", match: {}, behaviour: "fail" }),
    });
    expect(response.status).toBe(400);
  });
});

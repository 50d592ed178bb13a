/**
 * The notifyPayment outbox worker itself (server/notifications/delivery.ts), on a database of its
 * own (no app server's worker there) against a simulated Alipay+ of its own: the LISTEN wake-up,
 * the backlog a restart leaves, competing workers, a stalled or unreachable Alipay+, the 24 h
 * window and leases (docs/protocol.md#notifications).
 */
import { and, inArray, ne } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import { paymentNotifications } from "@/db/schema";
import {
  createOutboxWorker,
  type OutboxWorker,
  type OutboxWorkerOptions,
} from "@/server/notifications/delivery";
import { enqueuePaymentNotification } from "@/server/notifications/enqueue";
import { claimDueNotifications, markDelivered } from "@/server/notifications/outbox-store";
import { eventually, sleep } from "../fixtures/http";
import { addSimulatorRule, notificationsReceived } from "../fixtures/simulator";
import {
  createIsolatedDatabase,
  enqueue,
  insertNotification,
  notificationRow,
  outcome,
  startLocalAlipay,
  type IsolatedDatabase,
  type LocalAlipay,
} from "./outbox-fixtures";

const BACKOFF_MS = 100;

let database: IsolatedDatabase;
let alipay: LocalAlipay;
const workers: OutboxWorker[] = [];
const pools: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  [database, alipay] = await Promise.all([createIsolatedDatabase(), startLocalAlipay(400)]);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

afterAll(async () => {
  await alipay?.stop();
  await database?.drop();
});

/**
 * A started worker with its own pool, as another process would have. The poll is a minute unless
 * told otherwise: anything faster than that came from LISTEN or the worker's own timer.
 */
async function startWorker(options: Partial<OutboxWorkerOptions> = {}): Promise<OutboxWorker> {
  const pool = createDb(database.url, { max: 3 });
  pools.push(pool);
  const worker = createOutboxWorker({
    db: pool.db,
    client: alipay.client,
    listener: pool.sql,
    backoffBaseMs: BACKOFF_MS,
    pollIntervalMs: 60_000,
    name: `test-${workers.length}`,
    ...options,
  });
  workers.push(worker);
  await worker.start();
  return worker;
}

const received = (paymentRequestId: string) => notificationsReceived(paymentRequestId, alipay.url);

async function deliveredRow(id: bigint, timeoutMs = 5000) {
  return eventually(async () => {
    const row = await notificationRow(database.db, id);
    return row.status === "DELIVERED" ? row : undefined;
  }, timeoutMs);
}

describe("the outbox worker", () => {
  it("sends a row within a second of its commit, woken by LISTEN (its poll is a minute)", async () => {
    await startWorker();
    for (let i = 0; i < 3; i++) {
      const row = await enqueue(database.db);
      const [first] = await eventually(async () => {
        const got = await received(row.paymentRequestId);
        return got.length > 0 ? got : undefined;
      }, 3000);
      expect(Date.parse(first!.receivedAt) - row.committedAt).toBeLessThan(1000);
      expect(first!.body).toBe(row.body);
      expect(first!.answer).toMatchObject({ resultStatus: "S", resultCode: "SUCCESS" });
      const delivered = await deliveredRow(row.id);
      expect(delivered).toMatchObject({ attempts: 1, leaseUntil: null });
      expect(delivered.deliveredAt).toBeInstanceOf(Date);
      await sleep(150 * i);
    }
  });

  it("sends what was written while no worker ran (a restart), and a dead worker's rows once their lease ran out", async () => {
    const backlog = [await enqueue(database.db), await enqueue(database.db)];
    // Left by a worker that died mid-delivery: leased for another 1.5 s.
    const orphan = await insertNotification(database.db, {
      attempts: 1,
      leaseUntil: new Date(Date.now() + 1500),
    });
    await sleep(300);
    for (const row of [...backlog, orphan])
      expect(await received(row.paymentRequestId)).toEqual([]);

    await startWorker({ pollIntervalMs: 500 });
    for (const row of backlog) {
      expect((await deliveredRow(row.id, 3000)).attempts).toBe(1);
    }
    const delivered = await deliveredRow(orphan.id, 5000);
    expect(delivered.attempts).toBe(2);
    const [sent] = await received(orphan.paymentRequestId);
    expect(Date.parse(sent!.receivedAt)).toBeGreaterThanOrEqual(orphan.leaseUntil!.getTime());
    for (const row of [...backlog, orphan])
      expect(await received(row.paymentRequestId)).toHaveLength(1);
  });

  it("three workers on the same rows: every row is sent exactly once", async () => {
    // The production timeout: with this file's 400 ms, a loaded machine made the client resend a
    // slow request's same bytes (one claim, one attempt, two receipts), which is not what this
    // test is about (three loaded full runs of this session saw it).
    const client = alipay.clientWithTimeout(5000);
    await Promise.all([startWorker({ client }), startWorker({ client }), startWorker({ client })]);
    const outcomes = Array.from({ length: 40 }, () => outcome());
    // One transaction, one wake-up for all three workers at once: they race for the same rows.
    await database.db.transaction(async (tx) => {
      for (const written of outcomes) await enqueuePaymentNotification(tx, written);
    });
    const ids = outcomes.map((o) => o.paymentRequestId);
    await eventually(async () => {
      const open = await database.db
        .select({ id: paymentNotifications.id })
        .from(paymentNotifications)
        .where(
          and(
            ne(paymentNotifications.status, "DELIVERED"),
            inArray(paymentNotifications.paymentRequestId, ids),
          ),
        );
      return open.length === 0 ? true : undefined;
    }, 10_000);
    await sleep(300);
    const counts = await Promise.all(ids.map(async (id) => (await received(id)).length));
    expect(counts).toEqual(ids.map(() => 1));
    const attempts = await database.db
      .select({ attempts: paymentNotifications.attempts })
      .from(paymentNotifications)
      .where(inArray(paymentNotifications.paymentRequestId, ids));
    expect(attempts.map((a) => a.attempts)).toEqual(ids.map(() => 1));
  });

  it("a stalled Alipay+ holds up only its own row, which is retried with the same bytes", async () => {
    await startWorker();
    const stalledOutcome = outcome();
    await addSimulatorRule(
      {
        api: "notifyPayment",
        match: { paymentRequestId: stalledOutcome.paymentRequestId },
        behaviour: "stall",
        times: 3,
      },
      alipay.url,
    );
    const stalled = await enqueue(database.db, stalledOutcome);
    await sleep(100);
    const other = await enqueue(database.db);
    // Sent while the stalled row's first delivery (3 × 400 ms) is still waiting.
    const otherDelivered = await deliveredRow(other.id, 1000);
    expect(otherDelivered.attempts).toBe(1);

    const delivered = await deliveredRow(stalled.id, 6000);
    expect(delivered.attempts).toBe(2);
    expect(delivered.lastError).toBe("timed out after 400 ms");
    const sent = await received(stalled.paymentRequestId);
    expect(sent).toHaveLength(4);
    expect(sent.map((s) => s.body)).toEqual(sent.map(() => stalled.body));
    expect(sent.map((s) => s.answer?.resultStatus ?? null)).toEqual([null, null, null, "S"]);
    // The client resent its first request 3 times; the worker's retry is a new request.
    expect(new Set(sent.slice(0, 3).map((s) => s.requestTime)).size).toBe(1);
  });

  it("keeps retrying while Alipay+ is unreachable and delivers once it is back", async () => {
    await startWorker();
    await alipay.stop();
    let row: Awaited<ReturnType<typeof enqueue>>;
    try {
      row = await enqueue(database.db);
      const failing = await eventually(async () => {
        const current = await notificationRow(database.db, row.id);
        return current.attempts >= 2 ? current : undefined;
      }, 5000);
      expect(failing.status).toBe("PENDING");
      expect(failing.lastError).toMatch(/^network error: ECONNREFUSED/);
      expect(failing.nextAttemptAt.getTime()).toBeGreaterThan(failing.lastAttemptAt!.getTime());
    } finally {
      await alipay.restart();
    }
    const delivered = await deliveredRow(row.id, 8000);
    expect(delivered.attempts).toBeGreaterThanOrEqual(3);
    expect(await received(row.paymentRequestId)).toHaveLength(1);
  });

  it("marks a row FAILED once its next attempt would be past the delivery window", async () => {
    await startWorker();
    const written = outcome();
    await addSimulatorRule(
      {
        api: "notifyPayment",
        match: { paymentRequestId: written.paymentRequestId },
        behaviour: "fail",
        times: 5,
      },
      alipay.url,
    );
    const row = await insertNotification(
      database.db,
      { giveUpAt: new Date(Date.now() + 50) },
      written,
    );
    const failed = await eventually(async () => {
      const current = await notificationRow(database.db, row.id);
      return current.status === "FAILED" ? current : undefined;
    }, 3000);
    expect(failed).toMatchObject({
      attempts: 1,
      lastError: "answered F PROCESS_FAIL",
      leaseUntil: null,
    });
    await sleep(500);
    expect(await received(written.paymentRequestId)).toHaveLength(1);
  });

  it("with ALIPAYPLUS_BASE_URL https, never sends to an http paymentNotifyUrl: FAILED (not https)", async () => {
    await startWorker({ client: alipay.httpsClient });
    const target = `${alipay.url}/aps/api/v1/payments/notifyPayment`;
    const row = await enqueue(database.db, { paymentNotifyUrl: target });
    const failed = await eventually(async () => {
      const current = await notificationRow(database.db, row.id);
      return current.status === "FAILED" ? current : undefined;
    }, 3000);
    expect(failed).toMatchObject({
      targetUrl: target,
      attempts: 0,
      lastError: "not https",
      lastAttemptAt: null,
    });
    expect(await received(row.paymentRequestId)).toEqual([]);
  });

  it("a lease that ran out belongs to whoever claims the row next: the first claimer changes nothing", async () => {
    const row = await insertNotification(database.db);
    const [first] = await claimDueNotifications(database.db, { limit: 100, leaseMs: 300 });
    expect(first?.id).toBe(row.id);
    // Leased: nobody else can claim it meanwhile.
    expect(await claimDueNotifications(database.db, { limit: 100, leaseMs: 60_000 })).toEqual([]);
    await sleep(350);
    const [second] = await claimDueNotifications(database.db, { limit: 100, leaseMs: 60_000 });
    expect(second?.id).toBe(row.id);
    expect(await claimDueNotifications(database.db, { limit: 100, leaseMs: 60_000 })).toEqual([]);

    expect(await markDelivered(database.db, first!, new Date())).toBe(false);
    expect((await notificationRow(database.db, row.id)).status).toBe("PENDING");
    expect(await markDelivered(database.db, second!, new Date())).toBe(true);
    expect(await notificationRow(database.db, row.id)).toMatchObject({
      status: "DELIVERED",
      attempts: 1,
    });
  });
});

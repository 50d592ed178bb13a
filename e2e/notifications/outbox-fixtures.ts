/**
 * Helpers for the notifyPayment outbox tests: rows written the way the payment services write
 * them, the rows' state, and databases of their own on the suite's Postgres server, where no app
 * server's worker runs unless a test starts one (restarts, competing workers, the CLI).
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { paymentNotifications } from "@/db/schema";
import {
  DELIVERY_WINDOW_MS,
  enqueuePaymentNotification,
  notifyPaymentBody,
  type PaymentOutcome,
} from "@/server/notifications/enqueue";
import { createAlipayPlusClient, type AlipayPlusClient } from "@/server/alipayplus/client";
import { generateDevSecrets } from "@/server/platform/dev-secrets";
import {
  startAlipayPlusSimulator,
  type RunningAlipayPlusSimulator,
} from "@/server/simulator/alipayplus-server";
import { uniqueId } from "../fixtures/gateway";

export { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";

export function outcome(overrides: Partial<PaymentOutcome> = {}): PaymentOutcome {
  return {
    paymentRequestId: uniqueId("NTF"),
    paymentId: uniqueId("P"),
    resultCode: "SUCCESS",
    paymentTime: new Date(),
    paymentAmount: { amountMinor: 1800n, currency: "JPY" },
    payToAmount: { amountMinor: 16740n, currency: "KRW" },
    customerId: uniqueId("C"),
    paymentNotifyUrl: null,
    ...overrides,
  };
}

/** Writes a notification in its own transaction, as pay does in the payment's; returns its row. */
export async function enqueue(db: Db, overrides: Partial<PaymentOutcome> = {}) {
  const written = outcome(overrides);
  await db.transaction((tx) => enqueuePaymentNotification(tx, written));
  const [row] = await db
    .select()
    .from(paymentNotifications)
    .where(eq(paymentNotifications.paymentRequestId, written.paymentRequestId));
  return { ...row!, committedAt: Date.now() };
}

/**
 * A row inserted as is (any status, lease or window), for states a test cannot wait for. Its body
 * is a real notifyPayment body.
 */
export async function insertNotification(
  db: Db,
  columns: Partial<typeof paymentNotifications.$inferInsert> = {},
  overrides: Partial<PaymentOutcome> = {},
) {
  const written = outcome(overrides);
  const [row] = await db
    .insert(paymentNotifications)
    .values({
      paymentRequestId: written.paymentRequestId,
      paymentId: written.paymentId,
      body: notifyPaymentBody(written),
      giveUpAt: new Date(Date.now() + DELIVERY_WINDOW_MS),
      ...columns,
    })
    .returning();
  return row!;
}

export async function notificationRow(db: Db, id: bigint) {
  const [row] = await db.select().from(paymentNotifications).where(eq(paymentNotifications.id, id));
  return row!;
}

export interface LocalAlipay {
  simulator: RunningAlipayPlusSimulator;
  url: string;
  /** A client as the app builds it, aimed at this simulator, with short timeouts. */
  client: AlipayPlusClient;
  /** The same with another per-attempt notifyPayment timeout. */
  clientWithTimeout(timeoutMs: number): AlipayPlusClient;
  /** The same as the app builds it when ALIPAYPLUS_BASE_URL is https (production). */
  httpsClient: AlipayPlusClient;
  /** Stops the simulator (connections refused from then on). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

/**
 * A simulator of the test's own, with keys of its own, and a client for it: for worker-level
 * tests that must not depend on the suite's app server. `timeoutMs` is the client's per-attempt
 * notifyPayment timeout (production: 5 s).
 */
export async function startLocalAlipay(timeoutMs = 400): Promise<LocalAlipay> {
  const secrets = generateDevSecrets();
  const simulatorOptions = {
    clientId: secrets.clientId,
    mppPublicKey: createPublicKey(secrets.mppPublicKeyPem),
    simulatorPrivateKey: createPrivateKey(secrets.simulatorPrivateKeyPem),
  };
  let simulator = await startAlipayPlusSimulator(simulatorOptions);
  const url = simulator.url;
  const clientWithTimeout = (notifyTimeoutMs: number, baseUrl = url) =>
    createAlipayPlusClient({
      baseUrl,
      allowedHosts: [new URL(url).host],
      clientId: secrets.clientId,
      mppPrivateKey: createPrivateKey(secrets.mppPrivateKeyPem),
      alipayPublicKey: createPublicKey(secrets.simulatorPublicKeyPem),
      timeoutsMs: { notifyPayment: notifyTimeoutMs },
    });
  let running = true;
  const local: LocalAlipay = {
    simulator,
    url,
    client: clientWithTimeout(timeoutMs),
    clientWithTimeout,
    httpsClient: clientWithTimeout(timeoutMs, url.replace(/^http:/, "https:")),
    stop: async () => {
      if (running) await simulator.stop();
      running = false;
    },
    restart: async () => {
      simulator = await startAlipayPlusSimulator({ ...simulatorOptions, port: simulator.port });
      local.simulator = simulator;
      running = true;
    },
  };
  return local;
}

/**
 * The notifyPayment outbox worker (docs/protocol.md#notifypayment, #notifications). Every app
 * server process runs one (instrumentation.ts): it claims due rows with a lease
 * (./outbox-store.ts), sends each body exactly as stored through the Alipay+ client, and records
 * the result:
 * - a correctly signed answer with `result.resultStatus` S → DELIVERED;
 * - refused by the client without a request (host not allowed, invalid url, plain http while
 *   ALIPAYPLUS_BASE_URL is https) → FAILED at once;
 * - anything else (F, U, no answer, a bad signature) → retried 5 s later, doubling, at most 1 h
 *   apart, until the row's 24 h window (`give_up_at`) would be passed → FAILED.
 *
 * The first attempt goes out within a second of the commit: the table's insert trigger does
 * `pg_notify('payment_notifications')`, which this worker LISTENs to. A timer wakes it for the next
 * due retry, and a fallback poll every few seconds covers missed notifications and expired leases
 * (a worker that died mid-delivery). Leases make several processes safe; duplicates after a crash
 * are harmless because Alipay+ dedupes on paymentRequestId.
 */
import type { Sql } from "postgres";
import type { Db } from "@/db";
import type { AlipayPlusClient, RefusalReason } from "../alipayplus/client";
import { logEvent } from "../log";
import { getMetrics } from "../metrics/metrics";
import { DEFAULT_BACKOFF_BASE_MS, MAX_BACKOFF_MS, retryDelayMs } from "./backoff";
import {
  claimDueNotifications,
  markDelivered,
  markRefused,
  msUntilNextDue,
  scheduleRetry,
  type ClaimedNotification,
} from "./outbox-store";

/** The channel the migration's insert trigger notifies. */
export const NOTIFICATION_CHANNEL = "payment_notifications";

/**
 * Longer than one delivery can take (3 client attempts × the 5 s notifyPayment timeout), so a live
 * worker never loses a row it is still sending; a dead worker's rows are retried after it.
 */
export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_IN_FLIGHT = 16;

export type DeliveryOutcome =
  | { kind: "acknowledged"; resultCode: string }
  | { kind: "refused"; reason: RefusalReason }
  | { kind: "not-acknowledged"; error: string };

/** One attempt: the stored bytes to the row's target (else `defaultUrl`, else the client's base). */
export async function sendNotification(
  client: AlipayPlusClient,
  row: Pick<ClaimedNotification, "targetUrl" | "body">,
  defaultUrl: string | undefined,
): Promise<DeliveryOutcome> {
  const url = row.targetUrl ?? defaultUrl;
  let answer;
  try {
    answer = await client.call("notifyPayment", row.body, url === undefined ? {} : { url });
  } catch (error) {
    return { kind: "not-acknowledged", error: `client error: ${messageOf(error)}` };
  }
  switch (answer.kind) {
    case "refused":
      return { kind: "refused", reason: answer.reason };
    case "no-answer":
      return { kind: "not-acknowledged", error: answer.lastError };
    case "answered":
      // docs/protocol.md#notifications: acknowledged = a correctly signed answer (the client
      // checked it) with S.
      return answer.resultStatus === "S"
        ? { kind: "acknowledged", resultCode: answer.resultCode }
        : {
            kind: "not-acknowledged",
            error: `answered ${answer.resultStatus} ${answer.resultCode}`.slice(0, 200),
          };
  }
}

export interface OutboxWorkerOptions {
  db: Db;
  client: AlipayPlusClient;
  /**
   * A postgres.js client to LISTEN with (it opens a dedicated connection). Without one the worker
   * only polls.
   */
  listener?: Sql;
  /** ALIPAYPLUS_NOTIFY_URL; unset: the client's base URL + the notifyPayment path. */
  notifyUrl?: string;
  /** OUTBOX_BACKOFF_BASE_MS (docs/protocol.md#notifications: 5 s). */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  leaseMs?: number;
  /** The fallback poll: the longest the worker sleeps. */
  pollIntervalMs?: number;
  /** Deliveries in flight at once: a stalled target must not hold up the others. */
  maxInFlight?: number;
  /** For the logs. */
  name?: string;
}

export interface OutboxWorker {
  /** Subscribes to the channel and looks for due rows (the backlog a restart left). */
  start(): Promise<void>;
  /** Claims nothing more, unsubscribes, and waits for the deliveries in flight. */
  stop(): Promise<void>;
  /** Looks for due rows now. */
  wake(): void;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, client, listener } = options;
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const worker = options.name ?? `pid ${process.pid}`;

  const inFlight = new Set<Promise<void>>();
  let started = false;
  let stopped = false;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let listenRetry: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  function wake(): void {
    if (stopped || !started) return;
    if (running) {
      again = true;
      return;
    }
    void run();
  }

  function sleep(ms: number): void {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(wake, Math.max(0, Math.min(ms, pollIntervalMs)));
    // The worker never keeps a process alive on its own (CLIs, tests).
    timer.unref();
  }

  async function run(): Promise<void> {
    running = true;
    clearTimeout(timer);
    try {
      do {
        again = false;
        const room = maxInFlight - inFlight.size;
        if (room <= 0) break; // a finishing delivery wakes the worker
        const claimed = await claimDueNotifications(db, { limit: room, leaseMs });
        for (const row of claimed) track(deliver(row));
        // A full batch: there may be more due right now.
        if (claimed.length === room) again = true;
      } while (again && !stopped);
      if (stopped) return;
      if (inFlight.size >= maxInFlight) {
        sleep(pollIntervalMs);
      } else {
        const dueInMs = await msUntilNextDue(db);
        // Due now but not claimable: another worker's claim holds the row this instant.
        sleep(dueInMs === null ? pollIntervalMs : dueInMs === 0 ? 50 : dueInMs + 5);
      }
    } catch (error) {
      // Database unreachable or similar: try again at the next poll.
      logEvent("outbox.worker_error", { worker, error: messageOf(error) }, "error");
      sleep(pollIntervalMs);
    } finally {
      running = false;
    }
    if (again && !stopped) wake();
  }

  function track(delivery: Promise<void>): void {
    inFlight.add(delivery);
    void delivery.finally(() => {
      inFlight.delete(delivery);
      wake();
    });
  }

  async function deliver(row: ClaimedNotification): Promise<void> {
    const attemptedAt = new Date();
    const startedAt = performance.now();
    const outcome = await sendNotification(client, row, options.notifyUrl);
    const latencyMs = Math.round(performance.now() - startedAt);
    getMetrics().outboxAttempts.inc({ outcome: outcome.kind });
    const ids = { worker, id: String(row.id), paymentRequestId: row.paymentRequestId };
    try {
      let held: boolean;
      switch (outcome.kind) {
        case "acknowledged": {
          held = await markDelivered(db, row, attemptedAt);
          if (held) {
            logEvent("outbox.delivered", { ...ids, attempts: row.attempts + 1, latencyMs });
          }
          break;
        }
        case "refused": {
          held = await markRefused(db, row, outcome.reason);
          if (held) {
            logEvent(
              "outbox.failed",
              { ...ids, attempts: row.attempts, reason: outcome.reason },
              "warn",
            );
          }
          break;
        }
        case "not-acknowledged": {
          const delayMs = retryDelayMs(row.attempts + 1, backoffBaseMs, maxBackoffMs);
          const status = await scheduleRetry(db, row, {
            error: outcome.error,
            delayMs,
            attemptedAt,
          });
          held = status !== null;
          if (status === "FAILED") {
            logEvent(
              "outbox.failed",
              {
                ...ids,
                attempts: row.attempts + 1,
                reason: "delivery window passed",
                error: outcome.error,
              },
              "warn",
            );
          } else if (status === "PENDING") {
            logEvent(
              "outbox.retry_scheduled",
              {
                ...ids,
                attempts: row.attempts + 1,
                error: outcome.error,
                retryInMs: delayMs,
                latencyMs,
              },
              "warn",
            );
          }
          break;
        }
      }
      if (!held) {
        // Our lease ran out and someone else took the row (or a person retried it): theirs wins.
        logEvent("outbox.lease_lost", { ...ids, outcome: outcome.kind }, "warn");
      }
    } catch (error) {
      // The result could not be written: the lease runs out and the row is sent again, which
      // Alipay+ dedupes on paymentRequestId.
      logEvent("outbox.worker_error", { ...ids, error: messageOf(error) }, "error");
    }
  }

  async function subscribe(): Promise<void> {
    if (!listener || stopped) return;
    try {
      // onlisten runs on every (re)connect of the listening connection: a notification sent
      // while it was down is lost, so look for due rows then.
      const subscription = await listener.listen(NOTIFICATION_CHANNEL, wake, wake);
      unlisten = () => subscription.unlisten();
      if (stopped) await unlisten();
    } catch (error) {
      logEvent("outbox.listen_failed", { worker, error: messageOf(error) }, "warn");
      listenRetry = setTimeout(() => void subscribe(), pollIntervalMs);
      listenRetry.unref();
    }
  }

  return {
    async start() {
      if (started) return;
      started = true;
      await subscribe();
      logEvent("outbox.worker_started", { worker, listening: unlisten !== undefined });
      wake();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(listenRetry);
      await unlisten?.().catch(() => undefined);
      await Promise.allSettled([...inFlight]);
    },
    wake,
  };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

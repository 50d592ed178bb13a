/**
 * The outbox worker of this app server process, started by instrumentation.ts in every Next.js
 * server (`npm run dev`, each `npm start` cluster worker, the test server). One per process, kept
 * on globalThis like the runtime, so a second register() (dev reloads) does not start another.
 */
import { createDb } from "@/db";
import { getEnv } from "../env";
import { logEvent } from "../log";
import { getRuntime } from "../runtime";
import { createOutboxWorker, type OutboxWorker } from "./delivery";

const holder = globalThis as typeof globalThis & { plusdeskOutboxWorker?: OutboxWorker };

export async function startProcessOutboxWorker(): Promise<void> {
  if (holder.plusdeskOutboxWorker) return;
  const env = getEnv();
  const { db, alipayplus } = getRuntime();
  // Its own client for LISTEN: postgres.js keeps the listening connection apart from any pool.
  const listening = createDb(env.DATABASE_URL, { max: 1 });
  const worker = createOutboxWorker({
    db,
    client: alipayplus,
    listener: listening.sql,
    notifyUrl: env.ALIPAYPLUS_NOTIFY_URL,
    backoffBaseMs: env.OUTBOX_BACKOFF_BASE_MS,
  });
  holder.plusdeskOutboxWorker = worker;
  // Next.js exits on SIGTERM once its own cleanup is done; stopping first means no new claims.
  // A delivery still in flight when the process ends keeps its lease until it runs out, then
  // another process sends it again.
  process.once("SIGTERM", () => {
    void worker
      .stop()
      .then(() => listening.close())
      .catch(() => undefined);
  });
  await worker.start();
}

/** For instrumentation.ts: never lets a worker problem stop the server from serving. */
export function startProcessOutboxWorkerInBackground(): void {
  startProcessOutboxWorker().catch((error: unknown) => {
    logEvent(
      "outbox.worker_not_started",
      { error: error instanceof Error ? error.message : String(error) },
      "error",
    );
  });
}

/**
 * The retention job of this app server process, started by instrumentation.ts in every Next.js
 * server: one pass at start, then every RETENTION_INTERVAL_MS. Passes of several processes do not
 * overlap (./retention.ts takes an advisory lock; the others skip their round).
 */
import { getEnv } from "../env";
import { logEvent } from "../log";
import { retentionSettingsOf, runRetention } from "./retention";

/** Months are made MONTHS_AHEAD ahead and dropped a whole month at a time: hourly is plenty. */
const RETENTION_INTERVAL_MS = 60 * 60_000;

const holder = globalThis as typeof globalThis & { plusdeskRetentionJob?: NodeJS.Timeout };

export function startRetentionJob(): void {
  if (holder.plusdeskRetentionJob) return;
  const env = getEnv();
  const settings = retentionSettingsOf(env);
  let running = false;
  const pass = () => {
    if (running) return;
    running = true;
    runRetention(env.DATABASE_URL, settings)
      .then((run) => {
        const { partitionsCreated, partitionsDropped, deleted } = run ?? {};
        const changed =
          !!partitionsCreated ||
          !!partitionsDropped?.length ||
          Object.values(deleted ?? {}).some((n) => n > 0);
        if (changed) logEvent("retention.pruned", { ...run });
      })
      .catch((error: unknown) =>
        logEvent(
          "retention.failed",
          { error: error instanceof Error ? error.message : String(error) },
          "error",
        ),
      )
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(pass, RETENTION_INTERVAL_MS);
  timer.unref();
  holder.plusdeskRetentionJob = timer;
  process.once("SIGTERM", () => clearInterval(timer));
  pass();
}

/**
 * The retention job of this app server process, started by instrumentation.ts in every Next.js
 * server: one pass at start, then every RETENTION_INTERVAL_MS. Passes of several processes do not
 * overlap (./retention.ts takes an advisory lock; the others skip their round).
 */
import { getEnv } from "../env";
import { logEvent } from "../log";
import { startPeriodicJob } from "../platform/periodic-job";
import { retentionSettingsOf, runRetention } from "./retention";

/** Months are made two ahead and dropped a whole month at a time: hourly is plenty. */
const RETENTION_INTERVAL_MS = 60 * 60_000;

export function startRetentionJob(): void {
  const env = getEnv();
  const settings = retentionSettingsOf(env);
  startPeriodicJob({
    name: "retention",
    everyMs: RETENTION_INTERVAL_MS,
    atStart: true,
    failureEvent: "retention.failed",
    pass: async () => {
      const run = await runRetention(env.DATABASE_URL, settings);
      if (!run) return;
      const deleted = Object.values(run.deleted).some((n) => n > 0);
      if (run.partitionsCreated > 0 || run.partitionsDropped.length > 0 || deleted) {
        logEvent("retention.pruned", { ...run });
      }
      // A month its readers kept is retried next round; one kept round after round needs a look.
      if (run.partitionsBusy.length > 0) {
        logEvent("retention.months_busy", { months: run.partitionsBusy }, "warn");
      }
    },
  });
}

/**
 * Work every app server process repeats on a timer (instrumentation.ts starts it): one pass at a
 * time within the process (a tick that finds the last pass still running is skipped), a failed
 * pass logged and tried again at the next tick, the timer stopped on SIGTERM. Kept on globalThis
 * by name, so a second register() (dev reloads) does not start another.
 */
import { logEvent } from "../log";

const holder = globalThis as typeof globalThis & { plusdeskJobs?: Map<string, NodeJS.Timeout> };

export function startPeriodicJob(job: {
  name: string;
  everyMs: number;
  /** Also run a pass right away. */
  atStart?: boolean;
  /** The log event of a failed pass. */
  failureEvent: string;
  pass: () => Promise<void>;
}): void {
  const jobs = (holder.plusdeskJobs ??= new Map());
  if (jobs.has(job.name)) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    job
      .pass()
      .catch((error: unknown) =>
        logEvent(
          job.failureEvent,
          { error: error instanceof Error ? error.message : String(error) },
          "error",
        ),
      )
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, job.everyMs);
  timer.unref();
  jobs.set(job.name, timer);
  process.once("SIGTERM", () => clearInterval(timer));
  if (job.atStart) tick();
}

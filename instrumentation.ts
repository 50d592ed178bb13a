/**
 * Next.js calls register() once when a server process starts (`next dev`, `next start`; not
 * during `next build`). Every app server process sets up its metrics and runs the notifyPayment outbox worker, the MPM
 * order expiry sweep and the retention job: leases, row locks and an advisory lock make several
 * of them (cluster workers, instances) safe.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startProcessMetrics } = await import("./server/metrics/process-metrics");
  startProcessMetrics();
  const { startProcessOutboxWorkerInBackground } =
    await import("./server/notifications/process-worker");
  startProcessOutboxWorkerInBackground();
  const { startOrderExpirySweeper } = await import("./server/mpm-orders/expiry-sweeper");
  startOrderExpirySweeper();
  const { startRetentionJob } = await import("./server/retention/retention-job");
  startRetentionJob();
}

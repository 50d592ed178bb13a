/**
 * Sets up this app server process's metrics (instrumentation.ts, at start): the counters, Node's
 * defaults and the database gauges on the process's pool. In a cluster worker, next-worker.mjs
 * answers the primary's requests for them.
 */
import { getRuntime } from "../runtime";
import { getMetrics, registerDatabaseGauges } from "./metrics";

const holder = globalThis as typeof globalThis & { plusdeskProcessMetrics?: true };

export function startProcessMetrics(): void {
  if (holder.plusdeskProcessMetrics) return;
  holder.plusdeskProcessMetrics = true;
  getMetrics();
  registerDatabaseGauges(() => getRuntime().db);
}

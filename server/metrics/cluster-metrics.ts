/**
 * Metrics across `npm start`'s cluster (server/platform/cluster-primary.ts). Each worker has its
 * own registry, so one worker's answer would show a fraction of the traffic. prom-client's
 * AggregatorRegistry lets the primary ask every worker over the cluster's IPC channel and add
 * their values up (github.com/siimon/prom-client, "Usage with Node.js's cluster module"); a
 * worker asked for /metrics forwards the request to the primary and answers with the sum. Outside
 * a cluster (`next dev`) the process's own registry is the whole picture.
 */
import cluster, { type Worker } from "node:cluster";
import { randomUUID } from "node:crypto";
import { AggregatorRegistry, register } from "prom-client";

const REQUEST = "plusdesk:cluster-metrics-request";
const RESPONSE = "plusdesk:cluster-metrics-response";
/** prom-client gives up on a worker that has not answered after 5 s; this waits a little longer. */
const WAIT_MS = 6000;

interface ClusterMetricsResponse {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

export const METRICS_CONTENT_TYPE = register.contentType;

const holder = globalThis as typeof globalThis & {
  plusdeskMetricsRequests?: Map<string, (response: ClusterMetricsResponse) => void>;
};

/** The Prometheus text of every worker of this cluster added up, or of this process alone. */
export async function metricsText(): Promise<string> {
  if (!cluster.isWorker || !process.send) return register.metrics();
  const requests = pendingRequests();
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      requests.delete(id);
      reject(new Error(`the cluster's primary did not answer within ${WAIT_MS} ms`));
    }, WAIT_MS);
    requests.set(id, (response) => {
      clearTimeout(timer);
      requests.delete(id);
      if (response.text === undefined) reject(new Error(response.error ?? "no metrics"));
      else resolve(response.text);
    });
    process.send!({ type: REQUEST, id });
  });
}

/** The worker's requests waiting for the primary, and the one listener that settles them. */
function pendingRequests(): Map<string, (response: ClusterMetricsResponse) => void> {
  if (!holder.plusdeskMetricsRequests) {
    const requests = new Map<string, (response: ClusterMetricsResponse) => void>();
    process.on("message", (message: Partial<ClusterMetricsResponse>) => {
      if (message?.type === RESPONSE && typeof message.id === "string")
        requests.get(message.id)?.(message as ClusterMetricsResponse);
    });
    holder.plusdeskMetricsRequests = requests;
  }
  return holder.plusdeskMetricsRequests;
}

/**
 * In the cluster's primary: answers the workers' requests with the sum over all workers, and
 * returns that sum for the primary's own metrics port.
 */
export function serveClusterMetrics(): () => Promise<string> {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker: Worker, message: { type?: unknown; id?: unknown }) => {
    if (message?.type !== REQUEST || typeof message.id !== "string") return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id, text } satisfies ClusterMetricsResponse),
      (error: unknown) =>
        worker.send({
          type: RESPONSE,
          id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies ClusterMetricsResponse),
    );
  });
  return () => aggregator.clusterMetrics();
}

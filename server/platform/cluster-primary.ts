/**
 * Production serving: one Next.js server per core (WEB_CONCURRENCY, default: the machine's
 * available parallelism), all listening on one port through Node's cluster module. A Node server
 * uses one core; the gateway's work per request (RSA signing, JSON, validation) is CPU-bound, so a
 * single process would leave the other cores to Postgres alone. Workers are stateless (all state
 * is in Postgres), as separate instances behind a load balancer would be.
 *
 * The process that calls `serveCluster` is the primary: `npm start` itself, so a supervisor that
 * signals the process it started reaches the server (README "Operations").
 */
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { metricsAccess } from "../metrics/access";
import { METRICS_CONTENT_TYPE, serveClusterMetrics } from "../metrics/cluster-metrics";

/** How long workers get to finish after SIGTERM before they are killed. */
const WORKER_STOP_MS = 10_000;

export interface ClusterOptions {
  port: number;
  hostname: string;
  /** METRICS_PORT: where this process serves every worker's metrics added up. */
  metricsPort?: number;
  /** METRICS_TOKEN: required there too when set. */
  metricsToken?: string;
  /** Runs once the workers have exited, before this process does (e.g. stop the database). */
  afterStop?: () => Promise<void>;
}

/**
 * Forks the workers and resolves once one of them listens; rejects if one exits before any
 * listens (a port in use, a broken build). From then on a worker that dies is replaced, and
 * SIGINT or SIGTERM stops the workers, runs `afterStop` and exits 0. A SIGKILL of this process
 * leaves nothing serving either: a cluster worker exits as soon as its channel to the primary
 * closes (Node's cluster worker treats an unexpected disconnect as the primary's death).
 */
export function serveCluster(options: ClusterOptions): Promise<void> {
  const workers = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism());
  if (!Number.isInteger(workers) || workers < 1)
    return Promise.reject(new Error("WEB_CONCURRENCY must be a positive integer"));

  cluster.setupPrimary({
    // Next.js behind the project's own HTTP server, which hands the socket's address on.
    exec: path.resolve(import.meta.dirname, "next-worker.mjs"),
    args: ["--port", String(options.port), "--hostname", options.hostname],
    // The primary runs TypeScript through tsx; the workers are plain JavaScript and need no loader.
    execArgv: [],
  });

  // Workers ask the primary for the cluster's metrics (their /metrics route); METRICS_PORT too.
  const clusterMetrics = serveClusterMetrics();
  const metricsServer =
    options.metricsPort === undefined
      ? undefined
      : serveMetricsPort(
          options.metricsPort,
          options.hostname,
          clusterMetrics,
          options.metricsToken,
        );

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      metricsServer?.close();
      void stopWorkers()
        .then(() => options.afterStop?.())
        .finally(() => process.exit(0));
    });
  }

  return new Promise((resolve, reject) => {
    let listening = false;
    cluster.once("listening", () => {
      listening = true;
      resolve();
    });
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) return;
      const how = `worker ${worker.process.pid} exited (${signal ?? code})`;
      if (!listening) return reject(new Error(`${how} before serving`));
      console.error(`${how}; starting another`);
      cluster.fork();
    });
    for (let i = 0; i < workers; i++) cluster.fork();
  });
}

/** SIGTERM to every worker (each closes its server), SIGKILL to any still running later. */
async function stopWorkers(): Promise<void> {
  const alive = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  await Promise.all(
    alive.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => worker.process.kill("SIGKILL"), WORKER_STOP_MS);
          worker.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          worker.process.kill("SIGTERM");
        }),
    ),
  );
}

/**
 * GET /metrics on a port of its own (README "Metrics and health"), answered by the primary with
 * the sum over every worker; METRICS_TOKEN, when set, is required here as on the app's port.
 */
function serveMetricsPort(
  port: number,
  hostname: string,
  clusterMetrics: () => Promise<string>,
  token: string | undefined,
): http.Server {
  const server = http.createServer((request, response) => {
    const access = metricsAccess(request.headers.authorization ?? null, {
      token,
      openWithoutToken: true,
    });
    if (request.method !== "GET" || new URL(request.url ?? "/", "http://x").pathname !== "/metrics")
      return void response.writeHead(404).end("not found\n");
    if (access !== "allowed")
      return void response
        .writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"' })
        .end("unauthorized\n");
    clusterMetrics().then(
      (text) => response.writeHead(200, { "Content-Type": METRICS_CONTENT_TYPE }).end(text),
      (error: unknown) => {
        console.error(`metrics: ${error instanceof Error ? error.message : String(error)}`);
        response.writeHead(503).end("metrics unavailable\n");
      },
    );
  });
  // A port taken (by another process) ends the start like any other failure to serve.
  server.once("error", (error) => {
    console.error(`refusing to start: METRICS_PORT ${port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, hostname);
  return server;
}

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
import os from "node:os";
import path from "node:path";

/** How long workers get to finish after SIGTERM before they are killed. */
const WORKER_STOP_MS = 10_000;

export interface ClusterOptions {
  port: number;
  hostname: string;
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

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
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

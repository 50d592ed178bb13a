/**
 * Production serving: one Next.js server per core (WEB_CONCURRENCY, default: the machine's
 * available parallelism), all listening on one port through Node's cluster module. A Node server
 * uses one core; the gateway's work per request (RSA signing, JSON, validation) is CPU-bound, so a
 * single process would leave the other cores to Postgres alone. Workers are stateless (all state
 * is in Postgres), as separate instances behind a load balancer would be.
 *
 * Usage: tsx server/platform/cluster-primary.ts --port 3000 --hostname 0.0.0.0
 */
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    hostname: { type: "string", default: "0.0.0.0" },
  },
});
const workers = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism());
if (!Number.isInteger(workers) || workers < 1)
  throw new Error("WEB_CONCURRENCY must be a positive integer");

cluster.setupPrimary({
  // Next.js behind the project's own HTTP server, which hands the socket's address on.
  exec: path.resolve(import.meta.dirname, "next-worker.mjs"),
  args: ["--port", values.port, "--hostname", values.hostname],
  // The primary runs under tsx; the workers are plain JavaScript and need no loader.
  execArgv: [],
});

let stopping = false;
for (let i = 0; i < workers; i++) cluster.fork();

cluster.on("exit", (worker, code, signal) => {
  if (stopping) return;
  console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
  cluster.fork();
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(0);
    let remaining = alive.length;
    for (const worker of alive) {
      worker?.once("exit", () => --remaining === 0 && process.exit(0));
      worker?.process.kill("SIGTERM");
    }
  });
}

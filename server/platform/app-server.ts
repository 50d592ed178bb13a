/**
 * Starts the app as a child process (its own process group, so stopping it also stops every
 * `next-server`) and waits until it answers: `next dev`, or in production one Next.js worker per
 * core (serve-cluster.ts). Used by `npm run dev`, the tests and the benchmarks; `npm start` is
 * the cluster's primary itself (cluster-primary.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/.bin/next");
const SERVE_CLUSTER = path.resolve(import.meta.dirname, "serve-cluster.ts");

export interface AppServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface AppServerOptions {
  mode: "start" | "dev";
  port: number;
  host?: string;
  env: Record<string, string>;
  /** Where the server's output goes; default: inherited ("pipe": the caller reads it). */
  stdio?: "inherit" | "ignore" | "pipe";
  /** How long to wait for the first answer. */
  readyTimeoutMs?: number;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const host = options.host ?? "127.0.0.1";
  const [command, args] =
    options.mode === "dev"
      ? [NEXT_BIN, ["dev", "--port", String(options.port), "--hostname", host]]
      : [
          process.execPath,
          ["--import", "tsx", SERVE_CLUSTER, "--port", String(options.port), "--hostname", host],
        ];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: options.stdio ?? "inherit",
    detached: true,
  });
  // A launcher that exits, however it gets there (Ctrl-C mid-start included), takes its server
  // along: the group is detached, so nothing else would stop it.
  const stopOnExit = () => signalGroup(child, "SIGTERM");
  process.once("exit", stopOnExit);
  child.once("exit", () => process.off("exit", stopOnExit));
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${options.port}`;
  const server: AppServer = {
    url,
    process: child,
    stop: () => stopProcessGroup(child),
  };
  await waitUntilAnswering(url, child, options.readyTimeoutMs ?? 120_000);
  return server;
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the app server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stopProcessGroup(child);
  throw new Error(`the app server did not answer at ${url} within ${timeoutMs} ms`);
}

export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (!signalGroup(child, "SIGTERM")) return;
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Signals the child's process group; false when it is already gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}

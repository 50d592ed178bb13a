/**
 * `npm start` is the server (README "Operations"): the process npm starts is the cluster's primary,
 * its workers are its children in the same process group, and nothing is detached. So what a
 * supervisor does reaches everything: SIGTERM stops it all, and a SIGKILL of the server (or of the
 * whole group) leaves nothing listening. `npm run dev` stopped with SIGTERM stops its embedded
 * Postgres too. Real `npm` commands on a database of their own, processes read from /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appEnvironment, generateDevSecrets } from "@/server/platform/dev-secrets";
import { canConnect, freePort } from "@/server/platform/embedded-postgres";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";
import { eventually } from "../fixtures/http";

const root = path.resolve(import.meta.dirname, "../..");
/** Starting Next.js workers (or compiling a page in dev) on a loaded 2-core machine is slow. */
const START_MS = 240_000;
/** How long stopping may take: workers get 10 s after SIGTERM, then are killed. */
const STOP_MS = 30_000;

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  command: string;
}

/** Every live process (zombies are dead, only not yet reaped). */
async function processes(): Promise<Proc[]> {
  const found = await Promise.all(
    (await readdir("/proc"))
      .filter((name) => /^\d+$/.test(name))
      .map(async (pid) => {
        try {
          const stat = await readFile(`/proc/${pid}/stat`, "utf8");
          const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          if (state === "Z") return undefined;
          const command = (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
          return { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), command };
        } catch {
          return undefined; // gone meanwhile
        }
      }),
  );
  return found.filter((p) => p !== undefined);
}

function descendantsOf(pid: number, table: Proc[]): Proc[] {
  const children = table.filter((p) => p.ppid === pid);
  return children.flatMap((child) => [child, ...descendantsOf(child.pid, table)]);
}

/** `npm <args>` as a supervisor would start it: its own process group, output collected. */
function npm(
  args: string[],
  env: Record<string, string> & { NODE_ENV: "production" | "development" },
) {
  const child = spawn("npm", args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  running.add(child);
  child.once("exit", () => running.delete(child));
  /** Waits until the output holds `text`; fails if npm exits first. */
  const printed = (text: string) =>
    eventually(() => {
      if (child.exitCode !== null) throw new Error(`npm ${args.join(" ")} exited: ${output}`);
      return Promise.resolve(output.includes(text) || undefined);
    }, START_MS).catch((error: unknown) => {
      // What it did print is what tells why it never got there.
      throw new Error(`npm ${args.join(" ")} never printed "${text}"; it printed:\n${output}`, {
        cause: error,
      });
    });
  return { child, output: () => output, printed };
}

/** Whatever a failed test left: its groups and processes are killed. */
const running = new Set<ChildProcess>();
let leftovers: number[] = [];
afterEach(() => {
  for (const child of running) kill(-child.pid!, "SIGKILL");
  for (const pid of leftovers) kill(pid, "SIGKILL");
  leftovers = [];
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Waits until nothing of `pids` runs and no port of `ports` accepts a connection. */
async function expectAllGone(pids: number[], ports: number[]): Promise<void> {
  const leftBehind = async () => {
    const alive = (await processes()).filter((p) => pids.includes(p.pid));
    const answering = await Promise.all(ports.map(canConnect));
    const open = ports.filter((_, i) => answering[i]);
    return { alive: alive.map((p) => `${p.pid} ${p.command}`), open };
  };
  const last = await eventually(async () => {
    const left = await leftBehind();
    return left.alive.length + left.open.length === 0 ? left : undefined;
  }, STOP_MS).catch(leftBehind);
  expect(last, `left running ${STOP_MS} ms after the signal`).toEqual({ alive: [], open: [] });
}

describe("npm start", () => {
  let database: IsolatedDatabase;
  beforeAll(async () => {
    database = await createIsolatedDatabase();
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });

  /**
   * Starts `npm start` on the test's database with two workers and waits until it serves.
   * Returns npm's pid, the server's (npm's child) and every process npm's run consists of.
   */
  async function start() {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const run = npm(["start"], {
      ...appEnvironment(generateDevSecrets()),
      NODE_ENV: "production",
      // Required in production; nothing here calls it (the database has nothing to send).
      ALIPAYPLUS_BASE_URL: "https://alipayplus.invalid",
      DATABASE_URL: database.url,
      DATABASE_MIGRATION_URL: database.migrationUrl,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      WEB_CONCURRENCY: "2",
    });
    const npmPid = run.child.pid!;
    await run.printed(`listening on port ${port}`);
    const table = await processes();
    const tree = descendantsOf(npmPid, table);
    leftovers = tree.map((p) => p.pid);
    const server = tree.find((p) => p.ppid === npmPid);
    return { run, port, metricsPort, npmPid, server: server!, tree };
  }

  it(
    "runs as one process group: npm, the server it started, and the server's workers",
    async () => {
      const { port, npmPid, server, tree } = await start();
      expect(server.command).toContain("server/cli/start.ts");
      expect(tree.map((p) => p.pid).sort()).toEqual(
        [server.pid, ...descendantsOf(server.pid, tree).map((p) => p.pid)].sort(),
      );
      // A worker runs server/platform/next-worker.mjs (Next.js may retitle it `next-server
      // (v…)`); tsx's esbuild may be a child too.
      const workers = tree.filter(
        (p) => p.ppid === server.pid && /next-server|next-worker\.mjs/.test(p.command),
      );
      expect(workers).toHaveLength(2);
      expect(tree.every((p) => p.pgid === npmPid)).toBe(true);
      expect(await canConnect(port)).toBe(true);
      kill(-npmPid, "SIGTERM");
      await expectAllGone([npmPid, ...tree.map((p) => p.pid)], [port]);
    },
    START_MS + STOP_MS,
  );

  it(
    "SIGTERM to npm, as a supervisor sends it, stops the server, its workers and its metrics port",
    async () => {
      const { run, port, metricsPort, npmPid, tree } = await start();
      // The primary serves the cluster's metrics on METRICS_PORT (README "Metrics and health").
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
      kill(npmPid, "SIGTERM");
      await expectAllGone([npmPid, ...tree.map((p) => p.pid)], [port, metricsPort]);
      expect(run.output()).not.toMatch(/starting another/);
    },
    START_MS + STOP_MS,
  );

  it(
    "SIGKILL of the server npm started leaves nothing listening",
    async () => {
      const { port, npmPid, server, tree } = await start();
      kill(server.pid, "SIGKILL");
      await expectAllGone([npmPid, ...tree.map((p) => p.pid)], [port]);
    },
    START_MS + STOP_MS,
  );

  it(
    "SIGKILL of npm's whole process group leaves nothing listening",
    async () => {
      const { port, npmPid, tree } = await start();
      kill(-npmPid, "SIGKILL");
      await expectAllGone([npmPid, ...tree.map((p) => p.pid)], [port]);
    },
    START_MS + STOP_MS,
  );
});

describe("npm run dev", () => {
  let dataDir: string;
  let postgresDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "plusdesk-dev-"));
    // Run as root, the embedded Postgres runs as an unprivileged user who must reach its folder.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    // The cluster lives in DATA_DIR, or in the OS temp dir when its user cannot reach DATA_DIR.
    for (const dir of [dataDir, postgresDir])
      if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    "SIGTERM stops the app, the simulator and the embedded Postgres it started",
    async () => {
      const [port, simulatorPort] = [await freePort(), await freePort()];
      const run = npm(["run", "dev"], {
        NODE_ENV: "development",
        DATA_DIR: dataDir,
        PORT: String(port),
        SIMULATOR_PORT: String(simulatorPort),
      });
      const npmPid = run.child.pid!;
      // Once the simulator runs, `next dev` is started; listening on its port is enough (its
      // first compile, which "[app] ready" waits for, can take minutes on a loaded machine).
      await run.printed("[simulator]");
      await eventually(async () => (await canConnect(port)) || undefined, START_MS);
      // "[db] postgres://plusdesk_app@127.0.0.1:<port>/plusdesk (data in <dir>)"
      const [, postgresPort, dir] =
        /\[db\] postgres:\/\/\S+:(\d+)\/\S+ \(data in (.+)\)/.exec(run.output()) ?? [];
      expect(postgresPort).toBeDefined();
      postgresDir = dir;
      const postmaster = Number(
        (await readFile(`${postgresDir}/postmaster.pid`, "utf8")).split("\n")[0],
      );
      const tree = descendantsOf(npmPid, await processes());
      leftovers = [...tree.map((p) => p.pid), postmaster];
      expect(await canConnect(Number(postgresPort))).toBe(true);

      kill(npmPid, "SIGTERM");
      await expectAllGone(
        [npmPid, postmaster, ...tree.map((p) => p.pid)],
        [port, simulatorPort, Number(postgresPort)],
      );
      await expect(readFile(`${postgresDir}/postmaster.pid`)).rejects.toMatchObject({
        code: "ENOENT",
      });
    },
    START_MS + STOP_MS,
  );
});

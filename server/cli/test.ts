/**
 * `npm test`: the whole suite against real things. Starts a throwaway embedded Postgres (or uses
 * DATABASE_URL), applies migrations, builds and starts the production server with freshly
 * generated keys and the simulated Alipay+ server it calls (on a free port), runs Vitest (unit,
 * integration, HTTP) then Playwright in a system Chromium or Chrome (or Playwright's own), and
 * ends with one plain line `N passed, N failed`. Arguments select files: `*.spec.ts` ones run in
 * Playwright, the others are Vitest filters; either kind alone skips the other runner.
 *
 * PLUSDESK_SKIP_BUILD=1 reuses the last `next build` (local iteration only).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createPrivateKey, createPublicKey, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startAppServer, type AppServer } from "../platform/app-server";
import { appEnvironment, generateDevSecrets } from "../platform/dev-secrets";
import {
  startAlipayPlusSimulator,
  type RunningAlipayPlusSimulator,
} from "../simulator/alipayplus-server";
import {
  ensureEmbeddedPostgres,
  freePort,
  type RunningPostgres,
} from "../platform/embedded-postgres";
import { applyMigrations } from "../platform/migrate";
import { chromiumSearchOf, findChromium, missingChromiumLine } from "../platform/chromium";

const root = path.resolve(import.meta.dirname, "../..");
/** The test server's notifyPayment backoff base (production: 5 s). */
const TEST_OUTBOX_BACKOFF_BASE_MS = 200;
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

/**
 * Arguments select what runs: `*.spec.ts` files go to Playwright, anything else to Vitest; with
 * no arguments, everything runs.
 */
const args = process.argv.slice(2);
const specArgs = args.filter((arg) => arg.endsWith(".spec.ts"));
const vitestArgs = args.filter((arg) => !arg.endsWith(".spec.ts"));
const runVitest = args.length === 0 || vitestArgs.length > 0;
const runBrowser = args.length === 0 || specArgs.length > 0;

/**
 * The browser tests' Chromium, found before anything starts: without one, one line says how to
 * get one instead of minutes of database and build ending in failed tests.
 */
const chromiumPath = runBrowser ? requireChromium() : undefined;

function requireChromium(): string {
  const search = chromiumSearchOf(process.env);
  const found = findChromium(search);
  if (found) return found.path;
  console.error(missingChromiumLine(search));
  process.exit(1);
}

/**
 * Ctrl-C or a SIGTERM stops the run in order: the running child gets the signal, the next step
 * does not start, and `finally` stops the app server and the embedded cluster (a pg_ctl daemon
 * that the default handling — exit at once — would leave running).
 */
let interrupted: NodeJS.Signals | null = null;
let child: ChildProcess | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted ??= signal;
    child?.kill(signal);
  });
}

function stopIfInterrupted(): void {
  if (interrupted) throw new Interrupted(interrupted);
}

class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

async function main(): Promise<number> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-test-"));
  let postgres: RunningPostgres | undefined;
  let server: AppServer | undefined;
  let simulator: RunningAlipayPlusSimulator | undefined;
  try {
    // The server and the tests run as the app's role, as in production: the embedded cluster's
    // (README "Database roles"), or DATABASE_URL's. Tests that need the owner (to create a
    // database, to show the triggers) get DATABASE_MIGRATION_URL.
    let databaseUrl = process.env.DATABASE_URL;
    let migrationUrl = process.env.DATABASE_MIGRATION_URL;
    if (!databaseUrl) {
      postgres = await ensureEmbeddedPostgres({
        dataDir: path.join(work, "postgres"),
        port: await freePort(),
        database: "plusdesk_test",
        ephemeral: true,
      });
      databaseUrl = postgres.appUrl;
      migrationUrl = postgres.url;
    }
    migrationUrl ??= databaseUrl;
    stopIfInterrupted();
    await applyMigrations(migrationUrl, databaseUrl);

    if (process.env.PLUSDESK_SKIP_BUILD !== "1") {
      const built = await run(bin("next"), ["build"], {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
      });
      stopIfInterrupted();
      if (built !== 0) throw new Error("next build failed");
    }
    const secrets = generateDevSecrets();
    // The suite's server serves /metrics to this token only (README "Metrics and health").
    const metricsToken = randomBytes(32).toString("base64url");
    simulator = await startAlipayPlusSimulator({
      clientId: secrets.clientId,
      mppPublicKey: createPublicKey(secrets.mppPublicKeyPem),
      simulatorPrivateKey: createPrivateKey(secrets.simulatorPrivateKeyPem),
      port: await freePort(),
    });
    const appEnv = {
      ...appEnvironment(secrets),
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      ALIPAYPLUS_BASE_URL: simulator.url,
      ALIPAYPLUS_ALLOWED_HOSTS: new URL(simulator.url).host,
      // notifyPayment retries 200 ms, 400 ms, … apart instead of 5 s, 10 s, … (README).
      OUTBOX_BACKOFF_BASE_MS: String(TEST_OUTBOX_BACKOFF_BASE_MS),
      // Every test file calls from 127.0.0.1, many with bad signatures on purpose: the limits
      // have a server of their own (e2e/gateway/unverified-calls.test.ts).
      UNVERIFIED_CALLS_PER_SOURCE: "1000000",
      UNVERIFIED_CALLS_PER_MINUTE: "1000000",
      METRICS_TOKEN: metricsToken,
    };
    server = await startAppServer({
      mode: "start",
      port: await freePort(),
      env: appEnv,
      stdio: "ignore",
    });
    stopIfInterrupted();

    const testEnv = {
      OUTBOX_BACKOFF_BASE_MS: String(TEST_OUTBOX_BACKOFF_BASE_MS),
      DATABASE_URL: databaseUrl,
      DATABASE_MIGRATION_URL: migrationUrl,
      PLUSDESK_BASE_URL: server.url,
      PLUSDESK_TEST_SECRETS: JSON.stringify(secrets),
      PLUSDESK_SIMULATOR_URL: simulator.url,
      PLUSDESK_METRICS_TOKEN: metricsToken,
    };
    const vitestReport = path.join(work, "vitest.json");
    const vitestCode = !runVitest
      ? 0
      : await run(
          bin("vitest"),
          [
            "run",
            "--reporter=default",
            "--reporter=json",
            `--outputFile.json=${vitestReport}`,
            ...vitestArgs,
          ],
          testEnv,
        );
    stopIfInterrupted();
    const unit = runVitest ? await vitestCounts(vitestReport) : { passed: 0, failed: 0 };

    let browser = { passed: 0, failed: 0 };
    let playwrightCode = 0;
    if (chromiumPath) {
      const playwrightReport = path.join(work, "playwright.json");
      playwrightCode = await run(bin("playwright"), ["test", ...specArgs], {
        ...testEnv,
        CHROMIUM_PATH: chromiumPath,
        PLAYWRIGHT_JSON_OUTPUT: playwrightReport,
      });
      stopIfInterrupted();
      browser = await playwrightCounts(playwrightReport);
    }
    const passed = unit.passed + browser.passed;
    const failed = unit.failed + browser.failed;
    console.log(`${passed} passed, ${failed} failed`);
    return vitestCode === 0 && playwrightCode === 0 && failed === 0 && passed > 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    console.error(`npm test: ${error.message}; stopping the server and the database`);
    return 128 + (error.signal === "SIGINT" ? 2 : 15);
  } finally {
    await server?.stop();
    await simulator?.stop();
    await postgres?.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function vitestCounts(file: string): Promise<{ passed: number; failed: number }> {
  try {
    const report = JSON.parse(await fs.readFile(file, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    return { passed: report.numPassedTests, failed: report.numFailedTests };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

async function playwrightCounts(file: string): Promise<{ passed: number; failed: number }> {
  try {
    const report = JSON.parse(await fs.readFile(file, "utf8")) as {
      stats: { expected: number; unexpected: number; flaky: number };
    };
    return { passed: report.stats.expected, failed: report.stats.unexpected + report.stats.flaky };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = spawn(command, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...env },
    });
    child = started;
    started.once("error", reject);
    started.once("exit", (code) => {
      child = undefined;
      resolve(code ?? 1);
    });
  });
}

process.exitCode = await main();

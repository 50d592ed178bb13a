/**
 * `npm test` on a machine without a browser (README "Run it, test it"): asked for browser tests,
 * it stops at once with one line saying how to get one, before the database or the build; asked
 * for Vitest files only, it needs none. The real command in a child process whose PATH holds no
 * browser and whose Playwright browser folder is empty.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { freePort } from "@/server/platform/embedded-postgres";

const root = path.resolve(import.meta.dirname, "../..");
/** Loading the command (tsx compiling it) on a loaded machine takes seconds. */
const QUICK_MS = 20_000;

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "plusdesk-no-browser-"));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/**
 * `npm test -- <args>` with nothing on PATH (node is started by its full path), Playwright's
 * browsers looked for in an empty folder, and a database that refuses connections: a run that
 * gets past the browser check fails at once migrating it (ECONNREFUSED) instead of starting a
 * Postgres or a build.
 */
async function npmTestWithoutBrowser(args: string[], env: Record<string, string> = {}) {
  const empty = path.join(scratch, "empty");
  await mkdir(empty);
  const closed = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/test.ts", ...args], {
    cwd: root,
    env: {
      NODE_ENV: "test",
      HOME: scratch,
      PATH: empty,
      PLAYWRIGHT_BROWSERS_PATH: empty,
      DATABASE_URL: `postgres://plusdesk@127.0.0.1:${closed}/plusdesk`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const started = Date.now();
  const timer = setTimeout(() => child.kill("SIGKILL"), QUICK_MS);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Date.now() - started };
}

it("stops before anything starts, saying how to get a browser, when specs are to run", async () => {
  const run = await npmTestWithoutBrowser(["e2e/home.spec.ts"]);
  expect(run.ms).toBeLessThan(QUICK_MS);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toBe(
    "npm test: no Chromium or Chrome found for the browser tests; " +
      "get one with `apt-get install chromium` or `npx playwright install chromium`\n",
  );
});

it("names a CHROMIUM_PATH that points nowhere instead of looking elsewhere", async () => {
  const nowhere = path.join(scratch, "no-such-chrome");
  const run = await npmTestWithoutBrowser(["e2e/home.spec.ts"], { CHROMIUM_PATH: nowhere });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    `npm test: CHROMIUM_PATH (${nowhere}) is not an executable file; ` +
      "get one with `apt-get install chromium` or `npx playwright install chromium`\n",
  );
});

it("needs no browser when only Vitest files are selected", async () => {
  const run = await npmTestWithoutBrowser(["e2e/platform/no-such.test.ts"]);
  expect(run.ms).toBeLessThan(QUICK_MS);
  expect(run.stderr).not.toContain("Chromium");
  expect(run.stderr).toContain("ECONNREFUSED");
  expect(run.code).not.toBe(0);
});

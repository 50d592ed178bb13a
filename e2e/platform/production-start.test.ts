import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REQUIRED_IN_PRODUCTION } from "@/server/env";

const root = path.resolve(import.meta.dirname, "../..");

/** `npm start` with a given environment; returns what it printed and its exit code. */
function start(env: Record<string, string>) {
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["server/cli/start.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const complete: Record<string, string> = {
  ALIPAYPLUS_CLIENT_ID: "SANDBOX_TEST",
  ALIPAYPLUS_PUBLIC_KEY: "not a key",
  MPP_PRIVATE_KEY: "not a key",
  WALLET_API_KEYS: "k".repeat(24),
  WALLET_LAUNCH_SECRET: "s".repeat(40),
  AUTH_SECRET: "a".repeat(40),
  HASH_SECRET: "h".repeat(40),
  ALIPAYPLUS_BASE_URL: "https://open-sea-global.alipay.com",
};

describe("npm start (production) refuses to start without its configuration", () => {
  it("names every missing variable when none is set", () => {
    const { code, output } = start({});
    expect(code).toBe(1);
    for (const name of REQUIRED_IN_PRODUCTION) expect(output).toContain(name);
  });

  it.each(REQUIRED_IN_PRODUCTION)("names %s when only it is missing", (missing) => {
    const env = { ...complete, [missing]: "" };
    const { code, output } = start(env);
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`set ${missing} \\(`));
  });

  it("requires HASH_SECRET and ALIPAYPLUS_BASE_URL (no hash key, no plain-http default)", () => {
    const { code, output } = start({ ...complete, HASH_SECRET: "", ALIPAYPLUS_BASE_URL: " " });
    expect(code).toBe(1);
    expect(output).toMatch(/refusing to start: set .*HASH_SECRET/);
    expect(output).toMatch(/refusing to start: set .*ALIPAYPLUS_BASE_URL/);
  });

  it("refuses an unreadable key without printing it", () => {
    const { code, output } = start({ ...complete, DATABASE_URL: process.env.DATABASE_URL ?? "" });
    expect(code).toBe(1);
    expect(output).toContain("public key could not be read");
    expect(output).not.toContain("not a key");
  });
});

/**
 * The guard that fails a test file reading outside the repository (e2e/fixtures/read-guard.ts):
 * installed in every file by vitest.config.ts, and it sees reads through every fs form tests use.
 * The probe paths sit in the home directory (outside whatever folder the repository was cloned
 * into) and do not exist: recording happens before the read.
 */
import { randomUUID } from "node:crypto";
import fs, { createReadStream, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  allowedRoots,
  assertNoOutsideReads,
  isOutsideRepository,
  readGuardInstalled,
  REPOSITORY_ROOT,
  takeOutsideReads,
} from "../fixtures/read-guard";

function probePath(): string {
  return path.join(os.homedir(), `plusdesk-read-guard-probe-${randomUUID()}`);
}

describe("isOutsideRepository", () => {
  it("allows the repository, the temporary directory and system locations", () => {
    expect(isOutsideRepository(path.join(REPOSITORY_ROOT, "package.json"))).toBe(false);
    expect(isOutsideRepository("server/alipayplus/signature-test-vectors.json")).toBe(false);
    expect(isOutsideRepository(path.join(os.tmpdir(), "plusdesk-test", "key.pem"))).toBe(false);
    expect(isOutsideRepository("/proc/self/status")).toBe(false);
    expect(isOutsideRepository("/etc/ssl/openssl.cnf")).toBe(false);
    expect(isOutsideRepository(process.execPath)).toBe(false);
  });

  it("flags what lies beside or above the repository", () => {
    // A checkout outside the temporary directory, as CI's: wherever this one was cloned.
    const root = "/srv/checkout/plusdesk";
    const roots = allowedRoots(root);
    expect(isOutsideRepository(path.join(root, "..", "shared", "API.md"), roots)).toBe(true);
    expect(isOutsideRepository(path.join(root, "server", "..", "..", "x.json"), roots)).toBe(true);
    // A sibling whose name starts with the repository's is not inside it.
    expect(isOutsideRepository(`${root}-copy/package.json`, roots)).toBe(true);
    expect(isOutsideRepository(path.join(root, "server", "env.ts"), roots)).toBe(false);
    expect(isOutsideRepository(os.homedir() + "/.ssh/id_rsa")).toBe(true);
  });
});

describe("the guard in this test file", () => {
  it("is installed by vitest.config.ts's setup", () => {
    expect(readGuardInstalled()).toBe(true);
  });

  it("records reads through readFileSync, fs/promises and createReadStream", async () => {
    takeOutsideReads();
    const [sync, promised, streamed, viaDefault] = [
      probePath(),
      probePath(),
      probePath(),
      probePath(),
    ];
    expect(() => readFileSync(sync)).toThrow(/ENOENT/);
    await expect(readFile(promised)).rejects.toThrow(/ENOENT/);
    await new Promise<void>((resolve) => {
      createReadStream(streamed).on("error", () => resolve());
    });
    expect(() => fs.readFileSync(viaDefault, "utf8")).toThrow(/ENOENT/);
    // Reads inside the repository are not recorded.
    readFileSync(path.join(REPOSITORY_ROOT, "package.json"));
    expect(takeOutsideReads()).toEqual([sync, promised, streamed, viaDefault].sort());
  });

  it("fails the file, naming the path, when something outside was read", () => {
    const outside = probePath();
    expect(() => readFileSync(outside)).toThrow(/ENOENT/);
    expect(() => assertNoOutsideReads()).toThrow(outside);
    // assertNoOutsideReads forgot what it reported, so this file's own afterAll passes.
    expect(() => assertNoOutsideReads()).not.toThrow();
  });
});

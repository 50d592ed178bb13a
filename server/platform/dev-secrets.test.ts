import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateDevSecrets, loadOrCreateDevSecrets } from "./dev-secrets";

describe("loadOrCreateDevSecrets", () => {
  it("adds HASH_SECRET to a secrets file written before it existed, keeping the rest", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-secrets-"));
    try {
      const { hashSecret: _none, ...older } = generateDevSecrets();
      const file = path.join(dir, "secrets.json");
      await fs.writeFile(file, JSON.stringify(older), { mode: 0o600 });

      const loaded = await loadOrCreateDevSecrets(dir);
      expect(loaded.created).toBe(false);
      expect(loaded.secrets).toMatchObject(older);
      expect(loaded.secrets.hashSecret).toMatch(/^[\w-]{43}$/);
      expect(JSON.parse(await fs.readFile(file, "utf8"))).toEqual(loaded.secrets);
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      expect((await loadOrCreateDevSecrets(dir)).secrets).toEqual(loaded.secrets);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

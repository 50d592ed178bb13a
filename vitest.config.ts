import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["server/**/*.test.ts", "db/**/*.test.ts", "e2e/**/*.test.ts"],
    environment: "node",
    // Fails a test file that reads anything outside the repository (e2e/fixtures/read-guard.ts).
    setupFiles: ["e2e/fixtures/read-guard.setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

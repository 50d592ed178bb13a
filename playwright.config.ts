import { defineConfig } from "@playwright/test";
import { chromiumSearchOf, findChromium } from "./server/platform/chromium";

/**
 * Browser tests in the Chromium server/platform/chromium.ts finds (`npm test` passes the one it
 * found as CHROMIUM_PATH, and starts the server). Debian's Chromium run as root needs
 * --no-sandbox, and has no GPU to use here.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT ?? "test-results/playwright.json" }],
  ],
  use: {
    baseURL: process.env.PLUSDESK_BASE_URL,
    launchOptions: {
      executablePath: findChromium(chromiumSearchOf(process.env))?.path,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});

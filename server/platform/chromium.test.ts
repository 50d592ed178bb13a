import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  chromiumSearchOf,
  findChromium,
  missingChromiumLine,
  type ChromiumSearch,
} from "./chromium";

/** Fake browsers are files in a temp dir: what counts is whether one is an executable file. */
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-chromium-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function executable(relative: string): Promise<string> {
  const file = path.join(dir, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, "#!/bin/sh\n", { mode: 0o755 });
  return file;
}

function search(overrides: Partial<ChromiumSearch>): ChromiumSearch {
  return {
    override: undefined,
    pathDirectories: [path.join(dir, "bin"), path.join(dir, "usr/bin")],
    knownLocations: [path.join(dir, "Applications/Chromium.app/Contents/MacOS/Chromium")],
    playwrightChromium: path.join(dir, "ms-playwright/chromium-1/chrome-linux64/chrome"),
    ...overrides,
  };
}

describe("findChromium", () => {
  it("takes CHROMIUM_PATH over a system browser and Playwright's", async () => {
    const chosen = await executable("custom/chrome");
    await executable("usr/bin/chromium");
    await executable("ms-playwright/chromium-1/chrome-linux64/chrome");
    expect(findChromium(search({ override: chosen }))).toEqual({
      path: chosen,
      source: "CHROMIUM_PATH",
    });
  });

  it("finds nothing when CHROMIUM_PATH is wrong, rather than another browser", async () => {
    await executable("usr/bin/chromium");
    const wrong = search({ override: path.join(dir, "custom/chrome") });
    expect(findChromium(wrong)).toBeUndefined();
    expect(missingChromiumLine(wrong)).toBe(
      `npm test: CHROMIUM_PATH (${path.join(dir, "custom/chrome")}) is not an executable file; ` +
        "get one with `apt-get install chromium` or `npx playwright install chromium`",
    );
  });

  it("prefers chromium to Chrome, whichever PATH directory holds it", async () => {
    await executable("bin/google-chrome");
    const chromium = await executable("usr/bin/chromium");
    expect(findChromium(search({}))).toEqual({ path: chromium, source: "system" });
  });

  it("takes the first PATH directory holding a name", async () => {
    const first = await executable("bin/chromium-browser");
    await executable("usr/bin/chromium-browser");
    expect(findChromium(search({}))?.path).toBe(first);
  });

  it("takes Google Chrome from PATH under either of its names", async () => {
    const stable = await executable("usr/bin/google-chrome-stable");
    expect(findChromium(search({}))).toEqual({ path: stable, source: "system" });
  });

  it("skips a file that is not executable and a directory of the name", async () => {
    await fs.mkdir(path.join(dir, "bin/chromium"), { recursive: true });
    await fs.mkdir(path.join(dir, "usr/bin"), { recursive: true });
    await fs.writeFile(path.join(dir, "usr/bin/chromium"), "", { mode: 0o644 });
    const chrome = await executable("usr/bin/chrome");
    expect(findChromium(search({}))?.path).toBe(chrome);
  });

  it("looks in the known locations off PATH before Playwright's", async () => {
    const mac = await executable("Applications/Chromium.app/Contents/MacOS/Chromium");
    await executable("ms-playwright/chromium-1/chrome-linux64/chrome");
    expect(findChromium(search({}))).toEqual({ path: mac, source: "system" });
  });

  it("falls back to Playwright's own Chromium when it is installed", async () => {
    const own = await executable("ms-playwright/chromium-1/chrome-linux64/chrome");
    expect(findChromium(search({}))).toEqual({ path: own, source: "playwright" });
  });

  it("finds nothing, and says how to get a browser, when there is none", () => {
    const none = search({});
    expect(findChromium(none)).toBeUndefined();
    expect(missingChromiumLine(none)).toBe(
      "npm test: no Chromium or Chrome found for the browser tests; " +
        "get one with `apt-get install chromium` or `npx playwright install chromium`",
    );
  });
});

describe("chromiumSearchOf", () => {
  it("reads CHROMIUM_PATH and PATH from the environment", () => {
    const found = chromiumSearchOf({
      CHROMIUM_PATH: " /opt/chrome ",
      PATH: ["/a", "", "/b"].join(path.delimiter),
    });
    expect(found.override).toBe("/opt/chrome");
    expect(found.pathDirectories).toEqual(["/a", "/b"]);
    expect(chromiumSearchOf({ CHROMIUM_PATH: "" }).override).toBeUndefined();
  });
});

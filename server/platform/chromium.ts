/**
 * The Chromium the browser tests drive (README "Run it, test it"): `CHROMIUM_PATH` when set (and
 * then only it), else a system Chromium or Chrome — on PATH under the names Debian, Ubuntu and
 * Google's packages give it, or in macOS's Applications folder — else the one
 * `npx playwright install chromium` downloaded. `npm test` asks before it starts anything.
 */
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

export interface FoundChromium {
  path: string;
  source: "CHROMIUM_PATH" | "system" | "playwright";
}

/** Where to look, in order of preference. */
export interface ChromiumSearch {
  /** `CHROMIUM_PATH`: when set, the only candidate (a wrong one is reported, not skipped). */
  override: string | undefined;
  /** PATH's directories, searched for each of SYSTEM_CHROMIUM_NAMES in turn. */
  pathDirectories: readonly string[];
  /** Full paths of installs that are not on PATH. */
  knownLocations: readonly string[];
  /** Where Playwright's own Chromium is when it is installed. */
  playwrightChromium: string;
}

/** Debian's package, Ubuntu's, Google's stable channel (and its plain link), any other. */
export const SYSTEM_CHROMIUM_NAMES = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
  "chrome",
] as const;

const MACOS_LOCATIONS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** The search this process's environment describes. */
export function chromiumSearchOf(source: NodeJS.Dict<string>): ChromiumSearch {
  return {
    override: source.CHROMIUM_PATH?.trim() || undefined,
    pathDirectories: (source.PATH ?? "").split(path.delimiter).filter((dir) => dir !== ""),
    knownLocations: MACOS_LOCATIONS,
    // Playwright reads PLAYWRIGHT_BROWSERS_PATH itself; the path is given whether or not the
    // browser was downloaded there.
    playwrightChromium: chromium.executablePath(),
  };
}

export function findChromium(search: ChromiumSearch): FoundChromium | undefined {
  if (search.override !== undefined) {
    return isExecutableFile(search.override)
      ? { path: search.override, source: "CHROMIUM_PATH" }
      : undefined;
  }
  const system = [
    ...SYSTEM_CHROMIUM_NAMES.flatMap((name) =>
      search.pathDirectories.map((dir) => path.join(dir, name)),
    ),
    ...search.knownLocations,
  ].find(isExecutableFile);
  if (system !== undefined) return { path: system, source: "system" };
  return isExecutableFile(search.playwrightChromium)
    ? { path: search.playwrightChromium, source: "playwright" }
    : undefined;
}

/** The one line `npm test` stops with when findChromium found nothing. */
export function missingChromiumLine(search: ChromiumSearch): string {
  const what =
    search.override === undefined
      ? "no Chromium or Chrome found for the browser tests"
      : `CHROMIUM_PATH (${search.override}) is not an executable file`;
  return `npm test: ${what}; get one with \`apt-get install chromium\` or \`npx playwright install chromium\``;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

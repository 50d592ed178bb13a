/**
 * The repository stands alone: comments and docs cite its own docs (docs/*.md#anchor), README
 * sections (README "Name") or the Alipay+ pages — never a file outside it or an issue number — and
 * every docs anchor and README section cited exists, so a renamed heading cannot leave a citation
 * pointing nowhere.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../fixtures/read-guard";

const TEXT_FILE = /\.(ts|tsx|mjs|js|sql|md|json|css)$/;

// This folder names the forbidden citations in order to look for them.
const SELF = "e2e/repository/";

function repositoryFiles(): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: REPOSITORY_ROOT,
    encoding: "utf8",
  })
    .split("\n")
    .filter(
      (file) => TEXT_FILE.test(file) && !file.startsWith(SELF) && file !== "package-lock.json",
    );
}

function read(file: string): string {
  return readFileSync(path.join(REPOSITORY_ROOT, file), "utf8");
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading = ""]) => heading.trim());
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

function findAll(files: string[], pattern: RegExp): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    read(file)
      .split("\n")
      .forEach((text, index) => {
        if (pattern.test(text)) found.push({ file, line: index + 1, text: text.trim() });
      });
  }
  return found;
}

describe("citations", () => {
  const files = repositoryFiles();

  it("name no file outside the repository and no issue number", () => {
    const outside =
      /API\.md|PRODUCT\.md|ARCHITECTURE\.md|STACK-NOTES|\.\.\/shared\/|\b[Ii]ssue \d+/;
    expect(findAll(files, outside)).toEqual([]);
  });

  it("of docs/*.md#anchor name a heading of that page", () => {
    const anchors = new Map<string, Set<string>>();
    const broken: string[] = [];
    for (const file of files) {
      for (const [, page = "", anchor = ""] of read(file).matchAll(
        /docs\/([a-z0-9-]+\.md)#([a-z0-9-]+)/g,
      )) {
        if (!anchors.has(page)) {
          anchors.set(page, new Set(headings(read(`docs/${page}`)).map(slug)));
        }
        if (!anchors.get(page)?.has(anchor)) broken.push(`${file}: docs/${page}#${anchor}`);
      }
    }
    expect(anchors.size).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it("inside a docs page name a heading of it", () => {
    const broken: string[] = [];
    for (const file of files.filter((name) => name.startsWith("docs/"))) {
      const text = read(file);
      const own = new Set(headings(text).map(slug));
      for (const [, anchor = ""] of text.matchAll(/\]\(#([a-z0-9-]+)\)/g)) {
        if (!own.has(anchor)) broken.push(`${file}: #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('of README "Section" name a README heading or a bold lead-in', () => {
    const readme = read("README.md");
    // A heading counts with and without its parenthesised aside: "The simulator (the Alipay+ …)".
    const names = new Set(headings(readme).flatMap((h) => [h, h.replace(/ \(.*\)$/, "")]));
    for (const [, lead = ""] of readme.matchAll(/\*\*([^*]+?)\.?\*\*/g)) names.add(lead);
    const broken: string[] = [];
    for (const file of files) {
      for (const [, cited = ""] of read(file).matchAll(/README\s+"([^"]+)"/g)) {
        // A name wrapped across comment lines: drop the next line's comment marker.
        const name = cited.replace(/\s+(?:(?:\*|\/\/|--)\s+)?/g, " ");
        if (!names.has(name)) broken.push(`${file}: README "${name}"`);
      }
    }
    expect(broken).toEqual([]);
  });
});

/**
 * `npm run stores:import -- file.csv` as a child process with DATABASE_URL on the suite's
 * database (README "Store registry"): RFC 4180 quoting, bad rows reported by line
 * with the good ones kept, re-imports that update, and usage or file problems that write nothing.
 * Store ids are fresh per test, so other tests' stores are never touched.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "@/db/schema";
import { database, uniqueId } from "../fixtures/gateway";

const root = path.resolve(import.meta.dirname, "../..");
const HEADER = "referenceStoreId,referenceMerchantId,storeName,region,city,lat,lng";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "plusdesk-stores-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csvFile(content: string | Buffer): Promise<string> {
  const file = path.join(dir, `${uniqueId("stores")}.csv`);
  await writeFile(file, content);
  return file;
}

function storesImport(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["server/cli/stores-import.ts", ...args],
      { cwd: root, env: { ...process.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function storeRows(ids: string[]) {
  const rows = await database.db.select().from(stores).where(inArray(stores.referenceStoreId, ids));
  return new Map(rows.map((row) => [row.referenceStoreId, row]));
}

describe("npm run stores:import", () => {
  it("upserts a good file, quoted fields included, and exits 0", async () => {
    const [a, b, c] = [uniqueId("S"), uniqueId("S"), uniqueId("S")];
    const file = await csvFile(
      [
        HEADER,
        `${a},M-JP-1,"Uji Sabo, Ginza ""main""",JP,Tokyo,35.6714,139.7658`,
        `"${b}",,,SG,"Singapore",1.2816,103.8477`,
        `${c},M-HK-1,Star Ferry,HK,Hong Kong,22.2935,114.1689`,
        "",
      ].join("\r\n"),
    );
    const run = await storesImport(file);
    expect(run).toEqual({
      code: 0,
      stdout: `${file}: 3 rows: 3 added, 0 updated, 0 unchanged, 0 bad\n`,
      stderr: "",
    });
    const rows = await storeRows([a, b, c]);
    expect(rows.get(a)).toMatchObject({
      referenceMerchantId: "M-JP-1",
      storeName: 'Uji Sabo, Ginza "main"',
      region: "JP",
      city: "Tokyo",
      lat: 35.6714,
      lng: 139.7658,
    });
    expect(rows.get(b)).toMatchObject({
      referenceMerchantId: null,
      storeName: null,
      region: "SG",
      city: "Singapore",
      lat: 1.2816,
      lng: 103.8477,
    });
    expect(rows.get(c)).toMatchObject({ region: "HK", lat: 22.2935, lng: 114.1689 });
  });

  it("reports bad rows by line with the reason, keeps the good ones and exits 1", async () => {
    const ids = Array.from({ length: 7 }, () => uniqueId("S"));
    const file = await csvFile(
      [
        HEADER,
        `${ids[0]},M-1,Good one,JP,Osaka,34.7036,135.4992`,
        `${ids[1]},M-1,Too far north,JP,Osaka,91,135.4992`,
        `${ids[2]},M-1,"Name with`,
        `a line break",JP,Osaka,34.7,135.5`,
        `${ids[3]},M-1,Good two,SG,Singapore,1.2816,103.8477`,
        `${ids[4]},M-1,Not a country,ZZ,Nowhere,1,1`,
        `${ids[5]},M-1,Seoul as Japan,JP,Seoul,37.5665,126.978`,
        `${ids[6]},M-1,"Bad"quote,JP,Tokyo,35.6,139.7`,
        `${ids[0]},M-1,Repeated,JP,Osaka,34.7036,135.4992`,
        `${ids[6]},M-1,Short row`,
      ].join("\n"),
    );
    const run = await storesImport(file);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      `${file}:3: lat: must be between -90 and 90`,
      `${file}:4: storeName: must not contain control characters`,
      `${file}:7: region: must be an ISO 3166-1 alpha-2 country code in capitals (JP, SG…)`,
      `${file}:8: lat, lng: lies in KR, not in the region JP`,
      `${file}:9: a quoted field must be followed by a comma or a line break`,
      `${file}:10: referenceStoreId: ${ids[0]} is already on line 2`,
      `${file}:11: expected 7 fields, got 3`,
    ]);
    expect(run.stdout).toBe(`${file}: 9 rows: 2 added, 0 updated, 0 unchanged, 7 bad\n`);
    expect([...(await storeRows(ids)).keys()].sort()).toEqual([ids[0], ids[3]].sort());
  });

  it("a re-import updates changed stores and leaves equal ones alone", async () => {
    const [moved, same, added] = [uniqueId("S"), uniqueId("S"), uniqueId("S")];
    const first = await csvFile(
      [
        HEADER,
        `${moved},M-1,Moving store,JP,Tokyo,35.6714,139.7658`,
        `${same},M-1,Staying store,JP,Tokyo,35.68,139.76`,
      ].join("\n"),
    );
    expect((await storesImport(first)).code).toBe(0);
    const before = await storeRows([moved, same]);

    const second = await csvFile(
      [
        HEADER,
        `${moved},M-2,Moved store,JP,Osaka,34.7036,135.4992`,
        `${same},M-1,Staying store,JP,Tokyo,35.68,139.76`,
        `${added},,,JP,,35.0,135.0`,
      ].join("\n"),
    );
    const run = await storesImport(second);
    expect(run).toMatchObject({
      code: 0,
      stdout: `${second}: 3 rows: 1 added, 1 updated, 1 unchanged, 0 bad\n`,
    });
    const after = await storeRows([moved, same, added]);
    expect(after.get(moved)).toMatchObject({
      referenceMerchantId: "M-2",
      storeName: "Moved store",
      city: "Osaka",
      lat: 34.7036,
      lng: 135.4992,
    });
    expect(after.get(moved)!.updatedAt.getTime()).toBeGreaterThan(
      before.get(moved)!.updatedAt.getTime(),
    );
    expect(after.get(same)).toStrictEqual(before.get(same));
    expect(after.get(added)).toMatchObject({ region: "JP", lat: 35, lng: 135 });
  });

  it("usage and file problems exit 2 and write nothing", async () => {
    const id = uniqueId("S");
    const good = `${HEADER}\n${id},M-1,Store,JP,Tokyo,35.6714,139.7658\n`;
    const wrongHeader = await csvFile(good.replace("storeName", "name"));
    const notUtf8 = await csvFile(
      Buffer.concat([
        Buffer.from(`${HEADER}\n${id},M-1,`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(",JP,Tokyo,35.6,139.7\n"),
      ]),
    );
    const cases: [string[], string][] = [
      [[], "no file given"],
      [[wrongHeader, wrongHeader], "expected one file"],
      [[path.join(dir, "missing.csv")], "no such file"],
      [[dir], "is a directory"],
      [[wrongHeader], `the header must be exactly ${HEADER}`],
      [[notUtf8], "not UTF-8 text"],
      [[await csvFile("")], "the file is empty"],
    ];
    const runs = await Promise.all(cases.map(([args]) => storesImport(...args)));
    runs.forEach((run, i) => {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(cases[i]![1]);
      expect(run.stderr).toContain("usage: npm run stores:import -- <file.csv>");
      expect(run.stdout).toBe("");
    });
    expect((await storeRows([id])).size).toBe(0);
  });

  it("imports server/stores/demo-stores.csv", async () => {
    const run = await storesImport(path.join(root, "server/stores/demo-stores.csv"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/: 3 rows: \d added, \d updated, \d unchanged, 0 bad\n$/);
    const rows = await storeRows(["S-GINZA-01", "S-UMEDA-01", "S-SG-FAR-EAST"]);
    expect(rows.get("S-GINZA-01")).toMatchObject({ region: "JP", city: "Tokyo" });
  });
});

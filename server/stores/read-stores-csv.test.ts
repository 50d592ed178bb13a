import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_MERCHANTS, DEMO_STORES } from "../simulator/demo-data";
import { CSV_HEADER, readStoresCsv } from "./read-stores-csv";
import { positionProblem } from "./stores";

const HEADER = CSV_HEADER.join(",");
const GINZA = "S-1,M-1,Uji Sabo,JP,Tokyo,35.6714,139.7658";

/** The reason the single data row is refused, or null when it is accepted. */
function reasonFor(row: string): string | null {
  const csv = readStoresCsv(`${HEADER}\n${row}\n`);
  if (!csv.ok) throw new Error(csv.problem);
  return csv.bad[0]?.reason ?? null;
}

describe("readStoresCsv", () => {
  it("reads a good file, quoted fields included, empty optional cells as null", () => {
    const csv = readStoresCsv(
      [
        HEADER,
        GINZA,
        'S-2,,"Ya Kun, ""Far East""",SG,,1.2816,103.8477',
        '" S-3 ",M-3," Umeda ",JP,Osaka,+34.7036,135.4992',
      ].join("\r\n"),
    );
    expect(csv).toEqual({
      ok: true,
      bad: [],
      stores: [
        {
          line: 2,
          store: {
            referenceStoreId: "S-1",
            referenceMerchantId: "M-1",
            storeName: "Uji Sabo",
            region: "JP",
            city: "Tokyo",
            lat: 35.6714,
            lng: 139.7658,
          },
        },
        {
          line: 3,
          store: {
            referenceStoreId: "S-2",
            referenceMerchantId: null,
            storeName: 'Ya Kun, "Far East"',
            region: "SG",
            city: null,
            lat: 1.2816,
            lng: 103.8477,
          },
        },
        {
          line: 4,
          store: {
            referenceStoreId: "S-3",
            referenceMerchantId: "M-3",
            storeName: "Umeda",
            region: "JP",
            city: "Osaka",
            lat: 34.7036,
            lng: 135.4992,
          },
        },
      ],
    });
  });

  it.each([
    ["", "the file is empty"],
    ["\n\n", "the file is empty"],
    ["referenceStoreId,region,lat,lng\n", `line 1: the header must be exactly ${HEADER}`],
    [`${HEADER},extra\n`, `line 1: the header must be exactly ${HEADER}`],
    [HEADER.toLowerCase(), `line 1: the header must be exactly ${HEADER}`],
    ['"referenceStoreId,x\n', `line 1: the header must be exactly ${HEADER}`],
  ])("refuses the whole file %j", (text, problem) => {
    expect(readStoresCsv(text)).toEqual({ ok: false, problem });
  });

  it("accepts a header with a byte order mark and CRLF, and no rows", () => {
    expect(readStoresCsv(`\uFEFF${HEADER}\r\n`)).toEqual({ ok: true, stores: [], bad: [] });
  });

  it.each([
    ["S-1,M-1,Uji Sabo,JP,Tokyo,35.6714", "expected 7 fields, got 6"],
    [`${GINZA},x`, "expected 7 fields, got 8"],
    [",M-1,Uji Sabo,JP,Tokyo,35.6714,139.7658", "referenceStoreId: is required"],
    [
      `${"S".repeat(65)},M-1,Uji Sabo,JP,Tokyo,35.6714,139.7658`,
      "referenceStoreId: must be at most 64 characters",
    ],
    [
      `S-1,${"M".repeat(65)},Uji Sabo,JP,Tokyo,35.6714,139.7658`,
      "referenceMerchantId: must be at most 64 characters",
    ],
    [
      'S-1,M-1,"Uji\u0007Sabo",JP,Tokyo,35.6714,139.7658',
      "storeName: must not contain control characters",
    ],
    [
      "S-1,M-1,Uji Sabo,jp,Tokyo,35.6714,139.7658",
      "region: must be an ISO 3166-1 alpha-2 country code in capitals (JP, SG…)",
    ],
    [
      "S-1,M-1,Uji Sabo,XX,Tokyo,35.6714,139.7658",
      "region: must be an ISO 3166-1 alpha-2 country code in capitals (JP, SG…)",
    ],
    [
      "S-1,M-1,Uji Sabo,JPN,Tokyo,35.6714,139.7658",
      "region: must be an ISO 3166-1 alpha-2 country code in capitals (JP, SG…)",
    ],
    [
      "S-1,M-1,Uji Sabo,,Tokyo,35.6714,139.7658",
      "region: must be an ISO 3166-1 alpha-2 country code in capitals (JP, SG…)",
    ],
    ["S-1,M-1,Uji Sabo,JP,Tokyo,,139.7658", "lat: is required"],
    ["S-1,M-1,Uji Sabo,JP,Tokyo,35.6714,", "lng: is required"],
    [
      "S-1,M-1,Uji Sabo,JP,Tokyo,north,139.7658",
      "lat: must be a decimal number of degrees (35.6717)",
    ],
    [
      "S-1,M-1,Uji Sabo,JP,Tokyo,3.5e1,139.7658",
      "lat: must be a decimal number of degrees (35.6717)",
    ],
    [
      "S-1,M-1,Uji Sabo,JP,Tokyo,0x10,139.7658",
      "lat: must be a decimal number of degrees (35.6717)",
    ],
    [
      'S-1,M-1,Uji Sabo,JP,Tokyo,"35,6714",139.7658',
      "lat: must be a decimal number of degrees (35.6717)",
    ],
    ["S-1,M-1,Uji Sabo,JP,Tokyo,90.0001,139.7658", "lat: must be between -90 and 90"],
    ["S-1,M-1,Uji Sabo,JP,Tokyo,35.6714,-180.5", "lng: must be between -180 and 180"],
    // lat and lng swapped: a position off Somalia's coast is not in Japan… nor anywhere: range.
    ["S-1,M-1,Uji Sabo,JP,Tokyo,139.7658,35.6714", "lat: must be between -90 and 90"],
    // Seoul registered as Japan.
    ["S-1,M-1,Uji Sabo,JP,Seoul,37.5665,126.978", "lat, lng: lies in KR, not in the region JP"],
    [
      'S-1,M-1,Uji Sabo,JP,"Tok"yo,35.6714,139.7658',
      "a quoted field must be followed by a comma or a line break",
    ],
  ])("refuses %j: %s", (row, reason) => {
    expect(reasonFor(row)).toBe(reason);
  });

  it("accepts a territory's code or its country's (HK is also CN), and the poles and antimeridian", () => {
    expect(reasonFor("S-1,,,HK,,22.2819,114.1582")).toBeNull();
    expect(reasonFor("S-1,,,CN,,22.2819,114.1582")).toBeNull();
    expect(reasonFor("S-1,,,PR,,18.4655,-66.1057")).toBeNull();
    expect(reasonFor("S-1,,,AQ,,-90,0")).toBeNull();
    expect(reasonFor("S-1,,,FJ,,-16.7,180")).toBeNull();
  });

  it("reports bad rows by the line they start on and keeps the good ones", () => {
    const csv = readStoresCsv(
      [
        HEADER,
        GINZA,
        // A line break inside quotes is read (and refused: a name has no control characters).
        'S-2,M-2,"Two\nline name",JP,Tokyo,35.6714,139.7658',
        "S-5,M-5,Far north,JP,Tokyo,99,139.7658",
        "S-3,M-3,Ok,SG,Singapore,1.2816,103.8477",
        "S-1,M-9,Again,JP,Tokyo,35.6714,139.7658",
        "",
        "S-4,M-4,Short,JP",
      ].join("\n"),
    );
    expect(csv.ok && csv.stores.map((s) => [s.line, s.store.referenceStoreId])).toEqual([
      [2, "S-1"],
      [6, "S-3"],
    ]);
    expect(csv.ok && csv.bad).toEqual([
      { line: 3, reason: "storeName: must not contain control characters" },
      { line: 5, reason: "lat: must be between -90 and 90" },
      { line: 7, reason: "referenceStoreId: S-1 is already on line 2" },
      { line: 9, reason: "expected 7 fields, got 4" },
    ]);
  });
});

describe("DEMO_STORES", () => {
  it("registers every demo merchant's store where its region says", () => {
    for (const merchant of DEMO_MERCHANTS) {
      expect(DEMO_STORES).toContainEqual(
        expect.objectContaining({
          referenceStoreId: merchant.store.referenceStoreId,
          referenceMerchantId: merchant.referenceMerchantId,
          storeName: merchant.store.storeName,
          region: merchant.region,
          city: merchant.city,
        }),
      );
    }
    for (const store of DEMO_STORES) expect(positionProblem(store)).toBeNull();
  });

  it("covers the stores of server/simulator/examples", () => {
    const examples = path.resolve(import.meta.dirname, "../simulator/examples");
    const text = ["pay-upm-two-promotions.json", "user-initiated-pay-response.json"]
      .map((file) => readFileSync(path.join(examples, file), "utf8"))
      .join("\n");
    const ids = [...text.matchAll(/"referenceStoreId":\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(DEMO_STORES.map((s) => s.referenceStoreId)).toContain(id);
  });

  it("server/stores/demo-stores.csv holds exactly DEMO_STORES", () => {
    const csv = readStoresCsv(
      readFileSync(path.join(import.meta.dirname, "demo-stores.csv"), "utf8"),
    );
    expect(csv).toEqual({
      ok: true,
      bad: [],
      stores: DEMO_STORES.map((store, i) => ({ line: i + 2, store })),
    });
  });
});

/**
 * A store registry CSV (`npm run stores:import`) → the stores to upsert and the bad rows, each by
 * the line it starts on. The header is exactly CSV_HEADER; values are trimmed; an empty optional
 * cell is null.
 */
import { parseCsv } from "./csv";
import { positionProblem, ZStoreInput, type StoreInput } from "./stores";

export const CSV_HEADER = [
  "referenceStoreId",
  "referenceMerchantId",
  "storeName",
  "region",
  "city",
  "lat",
  "lng",
] as const;

export type StoresCsv =
  | { ok: false; problem: string }
  | {
      ok: true;
      stores: { line: number; store: StoreInput }[];
      bad: { line: number; reason: string }[];
    };

/** A plain decimal ("35.6717", "-0.5"): no exponent, hex, blank or "Infinity" reaching Number(). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function readStoresCsv(text: string): StoresCsv {
  const [header, ...records] = parseCsv(text);
  if (!header) return { ok: false, problem: "the file is empty" };
  if (!("fields" in header) || header.fields.join(",") !== CSV_HEADER.join(",")) {
    return {
      ok: false,
      problem: `line ${header.line}: the header must be exactly ${CSV_HEADER.join(",")}`,
    };
  }
  const stores: { line: number; store: StoreInput }[] = [];
  const bad: { line: number; reason: string }[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if ("error" in record) {
      bad.push({ line: record.line, reason: record.error });
      continue;
    }
    const reason = problemOf(record.fields);
    if (typeof reason === "string") {
      bad.push({ line: record.line, reason });
      continue;
    }
    const first = seen.get(reason.referenceStoreId);
    if (first !== undefined) {
      bad.push({
        line: record.line,
        reason: `referenceStoreId: ${reason.referenceStoreId} is already on line ${first}`,
      });
      continue;
    }
    seen.set(reason.referenceStoreId, record.line);
    stores.push({ line: record.line, store: reason });
  }
  return { ok: true, stores, bad };
}

/** The store of a row, or why it is refused ("lat: must be between -90 and 90"). */
function problemOf(fields: string[]): StoreInput | string {
  if (fields.length !== CSV_HEADER.length) {
    return `expected ${CSV_HEADER.length} fields, got ${fields.length}`;
  }
  const cells = Object.fromEntries(
    CSV_HEADER.map((name, i) => [name, (fields[i] ?? "").trim()]),
  ) as Record<(typeof CSV_HEADER)[number], string>;
  for (const name of ["lat", "lng"] as const) {
    if (!DECIMAL.test(cells[name])) {
      return `${name}: ${cells[name] === "" ? "is required" : "must be a decimal number of degrees (35.6717)"}`;
    }
  }
  const parsed = ZStoreInput.safeParse({
    ...cells,
    lat: Number(cells.lat),
    lng: Number(cells.lng),
  });
  if (parsed.success) {
    const problem = positionProblem(parsed.data);
    return problem ? `lat, lng: ${problem}` : parsed.data;
  }
  const issue = parsed.error.issues[0];
  return `${issue?.path.map(String).join(".") || "row"}: ${issue?.message ?? "is invalid"}`;
}

/**
 * `npm run stores:import -- file.csv`: adds and updates stores in the registry (README "Store
 * registry") from a CSV with the header
 * `referenceStoreId,referenceMerchantId,storeName,region,city,lat,lng` (RFC 4180 quoting, UTF-8).
 * Bad rows are reported by line with the reason and left out; the good ones are upserted in one
 * transaction. Exit code 0 when every row was good, 1 when some were bad, 2 for a usage or file
 * problem (nothing is written then).
 *
 * The database is DATABASE_URL, else the embedded dev server under `.data/postgres` (as `npm run
 * dev` and `npm run outbox` find it).
 */
import { readFile } from "node:fs/promises";
import { createDb } from "@/db";
import { prepareProjectDatabase } from "../platform/project-database";
import { CSV_HEADER, readStoresCsv } from "../stores/read-stores-csv";
import { upsertStores } from "../stores/stores";

const USAGE = `usage: npm run stores:import -- <file.csv>
the header must be: ${CSV_HEADER.join(",")}`;

function fail(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length !== 1 || args[0]!.startsWith("-")) {
  fail(args.length === 0 ? "no file given" : `expected one file, got: ${args.join(" ")}`);
}
const file = args[0]!;

let text: string;
try {
  text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file));
} catch (error) {
  const code = (error as { code?: string }).code;
  fail(
    code === "ENOENT"
      ? `${file}: no such file`
      : code === "EISDIR"
        ? `${file}: is a directory`
        : error instanceof TypeError
          ? `${file}: not UTF-8 text`
          : `${file}: cannot be read (${code ?? String(error)})`,
  );
}

const csv = readStoresCsv(text);
if (!csv.ok) fail(`${file}: ${csv.problem}`);
for (const { line, reason } of csv.bad) console.error(`${file}:${line}: ${reason}`);

const databaseUrl = (await prepareProjectDatabase()).url;
const { db, close } = createDb(databaseUrl, { max: 1 });
try {
  const result = await upsertStores(
    db,
    csv.stores.map((row) => row.store),
  );
  const rows = csv.stores.length + csv.bad.length;
  console.log(
    `${file}: ${rows} row${rows === 1 ? "" : "s"}: ${result.inserted} added, ${result.updated} updated, ${result.unchanged} unchanged, ${csv.bad.length} bad`,
  );
  process.exitCode = csv.bad.length > 0 ? 1 : 0;
} catch (error) {
  console.error(
    `${file}: nothing written: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 2;
} finally {
  await close();
}

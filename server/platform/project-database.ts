import path from "node:path";
import { ensureEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./migrate";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The database `npm run dev` and `npm start` use: DATABASE_URL when set, else the project's
 * embedded server under `.data/postgres` (started when needed); pending migrations applied.
 */
export async function prepareProjectDatabase(
  log: (line: string) => void = () => undefined,
): Promise<string> {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const postgres = await ensureEmbeddedPostgres({
      dataDir: path.join(root, ".data/postgres"),
      port: 54329,
      database: "plusdesk",
      log,
    });
    databaseUrl = postgres.url;
    log(`${databaseUrl} (data in ${postgres.dataDir})`);
  }
  await applyMigrations(databaseUrl);
  log("migrations applied");
  return databaseUrl;
}

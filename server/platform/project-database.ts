import path from "node:path";
import { parseDatabaseEnv } from "../env";
import { ensureEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./migrate";

const root = path.resolve(import.meta.dirname, "../..");

export interface ProjectDatabase {
  /** The app's: DATABASE_URL, or the embedded server as its app role. */
  url: string;
  /** DATA_DIR, absolute: the embedded cluster lives in its `postgres/`, dev keys in its `dev/`. */
  dataDir: string;
  /** Stops the embedded server if this call started it; else does nothing. */
  stop: () => Promise<void>;
}

/**
 * The database `npm run dev`, `npm start` and the CLIs use: DATABASE_URL when set, else the
 * project's embedded server under DATA_DIR (started when needed). Pending migrations are applied
 * as DATABASE_MIGRATION_URL's role (the embedded server's superuser), which then grants the app's
 * role its privileges (README "Database roles"). The migration URL is then deleted from this
 * process's environment: nothing it starts afterwards (the app server) gets the owner's login.
 */
export async function prepareProjectDatabase(
  log: (line: string) => void = () => undefined,
): Promise<ProjectDatabase> {
  const env = parseDatabaseEnv(process.env);
  const dataDir = path.resolve(root, env.DATA_DIR);
  const embedded = env.DATABASE_URL
    ? undefined
    : await ensureEmbeddedPostgres({
        dataDir: path.join(dataDir, "postgres"),
        port: 54329,
        database: "plusdesk",
        log,
      });
  const url = env.DATABASE_URL ?? embedded!.appUrl;
  const migrationUrl = env.DATABASE_MIGRATION_URL ?? embedded?.url ?? url;
  if (embedded) log(`${url} (data in ${embedded.dataDir})`);
  delete process.env.DATABASE_MIGRATION_URL;
  await applyMigrations(migrationUrl, url);
  log("migrations applied");
  return {
    url,
    dataDir,
    stop: () => (embedded?.started ? embedded.stop() : Promise.resolve()),
  };
}

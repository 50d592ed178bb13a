/**
 * `npm start` (after `npm run build`): production. Refuses to start, naming what is missing,
 * unless the required variables are set; applies pending migrations (DATABASE_URL, else the
 * embedded server under `.data/postgres`), then runs `next start` on PORT.
 */
import path from "node:path";
import { parsePrivateKey, parsePublicKey } from "../alipayplus/keys";
import { missingProductionVariables, parseEnv } from "../env";
import { startAppServer } from "../platform/app-server";
import { ensureEmbeddedPostgres } from "../platform/embedded-postgres";
import { applyMigrations } from "../platform/migrate";

const root = path.resolve(import.meta.dirname, "../..");

const missing = missingProductionVariables(process.env);
if (missing.length > 0) {
  console.error(`refusing to start: set ${missing.join(", ")} (README lists every variable)`);
  process.exit(1);
}

let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const postgres = await ensureEmbeddedPostgres({
    dataDir: path.join(root, ".data/postgres"),
    port: 54329,
    database: "plusdesk",
  });
  databaseUrl = postgres.url;
}
try {
  const env = parseEnv({ ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" });
  // A key that cannot be read stops the start here, not at the first Alipay+ call.
  parsePublicKey(env.ALIPAYPLUS_PUBLIC_KEY);
  parsePrivateKey(env.MPP_PRIVATE_KEY);
  await applyMigrations(databaseUrl);
  const server = await startAppServer({
    mode: "start",
    port: env.PORT,
    host: "0.0.0.0",
    env: { DATABASE_URL: databaseUrl, NODE_ENV: "production" },
  });
  console.log(`plusdesk listening on port ${env.PORT}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void server.stop().then(() => process.exit(0)));
  }
} catch (error) {
  console.error(`refusing to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

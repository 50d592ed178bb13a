/**
 * `npm start` (after `npm run build`): production. Refuses to start, naming what is missing or
 * unreadable, unless the required variables are set; applies pending migrations (DATABASE_URL,
 * else the embedded server under `.data/postgres`), then serves one Next.js worker per core on PORT.
 */
import { parsePrivateKey, parsePublicKey } from "../alipayplus/keys";
import { missingProductionVariables, parseEnv } from "../env";
import { startAppServer } from "../platform/app-server";
import { prepareProjectDatabase } from "../platform/project-database";

const missing = missingProductionVariables(process.env);
if (missing.length > 0) {
  console.error(`refusing to start: set ${missing.join(", ")} (README lists every variable)`);
  process.exit(1);
}

try {
  // A key that cannot be read stops the start here, not at the first Alipay+ call.
  parsePublicKey(process.env.ALIPAYPLUS_PUBLIC_KEY ?? "");
  parsePrivateKey(process.env.MPP_PRIVATE_KEY ?? "");
  const databaseUrl = (await prepareProjectDatabase()).url;
  const env = parseEnv({ ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" });
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

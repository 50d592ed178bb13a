/**
 * `npm start` (after `npm run build`): production. Refuses to start, naming what is missing or
 * unreadable, unless the required variables are set; applies pending migrations (DATABASE_URL,
 * else the embedded server under DATA_DIR), then serves one Next.js worker per core on PORT. This
 * process is the cluster's primary (README "Operations"): SIGTERM stops the workers (and the
 * embedded Postgres if this process started it), and the workers die with it.
 */
import { parsePrivateKey, parsePublicKey } from "../alipayplus/keys";
import { missingProductionVariables, parseEnv } from "../env";
import { serveCluster } from "../platform/cluster-primary";
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
  const database = await prepareProjectDatabase();
  const appEnv = { DATABASE_URL: database.url, NODE_ENV: "production" } as const;
  const env = parseEnv({ ...process.env, ...appEnv });
  Object.assign(process.env, appEnv, { NEXT_TELEMETRY_DISABLED: "1" });
  await serveCluster({
    port: env.PORT,
    hostname: "0.0.0.0",
    metricsPort: env.METRICS_PORT,
    metricsToken: env.METRICS_TOKEN,
    afterStop: database.stop,
  });
  console.log(`plusdesk listening on port ${env.PORT}`);
} catch (error) {
  console.error(`refusing to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/**
 * `npm run dev`: everything on one machine with no configuration. An embedded Postgres under
 * `.data/postgres` (or DATABASE_URL), pending migrations, dev keys and secrets generated once under
 * `.data/dev/` (DATA_DIR moves `.data`), the simulated Alipay+ server on SIMULATOR_PORT (default
 * 3100) unless ALIPAYPLUS_BASE_URL points elsewhere, then `next dev` on PORT (default 3000).
 * Ctrl-C or SIGTERM, at any point, stops what it started: the app, the simulator, and the
 * embedded Postgres unless it was already running.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import path from "node:path";
import { createDb } from "@/db";
import { startAppServer } from "../platform/app-server";
import { appEnvironment, loadOrCreateDevSecrets } from "../platform/dev-secrets";
import { prepareProjectDatabase } from "../platform/project-database";
import { startAlipayPlusSimulator } from "../simulator/alipayplus-server";
import { createSimulatorContext, devSimulatorCredentials } from "../simulator/context";
import { DEMO_STORES } from "../simulator/demo-data";
import { seedDemoIfEmpty } from "../simulator/seed-demo";
import { ensureDemoAdmin } from "../staff/demo-admin";
import { upsertStores } from "../stores/stores";

const port = Number(process.env.PORT ?? 3000);

/** What this run started, stopped newest first on SIGINT or SIGTERM. */
const started: Array<() => Promise<unknown>> = [];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void (async () => {
      for (const stop of started.reverse()) await stop().catch(() => undefined);
      process.exit(0);
    })();
  });
}

const database = await prepareProjectDatabase((line) => console.log(`[db] ${line}`));
started.push(database.stop);
const databaseUrl = database.url;
const devDir = path.join(database.dataDir, "dev");

// The demo merchants' store positions (the location rule reads them), kept current on every start.
{
  const { db, close } = createDb(databaseUrl, { max: 1 });
  try {
    const stores = await upsertStores(db, DEMO_STORES);
    console.log(
      `[demo] store registry: ${DEMO_STORES.length} demo stores (${stores.inserted} added, ${stores.updated} updated)`,
    );
  } finally {
    await close();
  }
}

const { secrets, file, created } = await loadOrCreateDevSecrets(devDir);
console.log(
  `[keys] dev keys and secrets ${created ? "generated in" : "read from"} ${file} (never printed)`,
);
console.log(`[keys] Alipay+ client id: ${secrets.clientId}`);
console.log(
  `[keys] wallet (MPP) public key, give it to Alipay+:\n${secrets.mppPublicKeyPem.trim()}`,
);
console.log(`[keys] simulated Alipay+ public key:\n${secrets.simulatorPublicKeyPem.trim()}`);

// The app's wallet → Alipay+ calls go to the simulator unless ALIPAYPLUS_BASE_URL says otherwise.
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 3100);
const simulator = process.env.ALIPAYPLUS_BASE_URL
  ? undefined
  : await startAlipayPlusSimulator({
      clientId: secrets.clientId,
      mppPublicKey: createPublicKey(secrets.mppPublicKeyPem),
      simulatorPrivateKey: createPrivateKey(secrets.simulatorPrivateKeyPem),
      port: simulatorPort,
      host: "localhost",
    });
if (simulator) {
  started.push(() => simulator.stop());
  console.log(`[simulator] Alipay+ stand-in on ${simulator.url}`);
}

const server = await startAppServer({
  mode: "dev",
  port,
  host: "localhost",
  env: {
    ...appEnvironment(secrets),
    DATABASE_URL: databaseUrl,
    NODE_ENV: "development",
    ...(simulator && { ALIPAYPLUS_BASE_URL: simulator.url }),
  },
});
started.push(() => server.stop());
console.log(`[app] ready on http://localhost:${port}`);

const { db, close } = createDb(databaseUrl, { max: 2 });
try {
  const admin = await ensureDemoAdmin(db, devDir);
  console.log(
    admin.password
      ? `[staff] console: http://localhost:${port}/staff/sign-in  email: ${admin.email}  password: ${admin.password}`
      : `[staff] console: http://localhost:${port}/staff/sign-in  (${admin.email}'s password was changed in the console; \`npm run staff:create\` makes another account)`,
  );
  const ctx = createSimulatorContext(
    server.url,
    devSimulatorCredentials(secrets, simulator?.url),
    () => undefined,
  );
  const seeded = await seedDemoIfEmpty(db, ctx);
  console.log(
    seeded ? "[demo] demo payments created by the simulator" : "[demo] data already present",
  );
} catch (error) {
  console.error(`[demo] seeding failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await close();
}

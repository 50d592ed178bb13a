/**
 * The production server alone, without `npm start`'s checks and migrations: what the tests and the
 * benchmarks start (app-server.ts) on a database they prepared.
 *
 * Usage: node --import tsx server/platform/serve-cluster.ts --port 3000 --hostname 0.0.0.0
 */
import { parseArgs } from "node:util";
import { parseEnv } from "../env";
import { serveCluster } from "./cluster-primary";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    hostname: { type: "string", default: "0.0.0.0" },
  },
});
const env = parseEnv(process.env);
await serveCluster({
  port: Number(values.port),
  hostname: values.hostname,
  metricsPort: env.METRICS_PORT,
  metricsToken: env.METRICS_TOKEN,
});

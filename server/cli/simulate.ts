/**
 * `npm run simulate -- <scenario> [--url http://localhost:3000] [--count N] [--simulator URL]`:
 * correctly signed Alipay+ traffic with the simulated Alipay+ key. Keys come from
 * SIMULATOR_PRIVATE_KEY, MPP_PUBLIC_KEY, ALIPAYPLUS_CLIENT_ID, WALLET_API_KEY and
 * WALLET_LAUNCH_SECRET, else from `.data/dev/secrets.json` (written by `npm run dev`). `--simulator`
 * is the simulated Alipay+ server (default: SIMULATOR_PORT on localhost), which mpm and upm ask
 * what it received.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadOrCreateDevSecrets } from "../platform/dev-secrets";
import {
  createSimulatorContext,
  devSimulatorCredentials,
  type SimulatorCredentials,
} from "../simulator/context";
import { isScenarioName, SCENARIOS } from "../simulator/scenarios";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    count: { type: "string", default: "1" },
    simulator: { type: "string" },
  },
});
const scenario = positionals[0] ?? "";
const count = Number(values.count);
if (!isScenarioName(scenario) || !Number.isInteger(count) || count < 1) {
  console.error(
    "usage: npm run simulate -- <scenario> [--url http://localhost:3000] [--count N] [--simulator http://localhost:3100]\n",
  );
  for (const [name, { description }] of Object.entries(SCENARIOS))
    console.error(`  ${name.padEnd(20)} ${description}`);
  process.exit(2);
}

/** The simulated Alipay+ server `npm run dev` starts (SIMULATOR_PORT, default 3100). */
const simulatorUrl = values.simulator ?? `http://localhost:${process.env.SIMULATOR_PORT ?? 3100}`;

async function credentials(): Promise<SimulatorCredentials> {
  const env = process.env;
  if (
    env.SIMULATOR_PRIVATE_KEY &&
    env.MPP_PUBLIC_KEY &&
    env.ALIPAYPLUS_CLIENT_ID &&
    env.WALLET_API_KEY
  ) {
    return {
      clientId: env.ALIPAYPLUS_CLIENT_ID,
      simulatorPrivateKey: env.SIMULATOR_PRIVATE_KEY,
      mppPublicKey: env.MPP_PUBLIC_KEY,
      walletApiKey: env.WALLET_API_KEY,
      walletLaunchSecret: env.WALLET_LAUNCH_SECRET,
      simulatorUrl,
    };
  }
  const { secrets } = await loadOrCreateDevSecrets(
    path.resolve(import.meta.dirname, "../../.data/dev"),
  );
  return devSimulatorCredentials(secrets, simulatorUrl);
}

const ctx = createSimulatorContext(values.url, await credentials(), (line) => console.log(line));
try {
  for (let i = 0; i < count; i++) await SCENARIOS[scenario].run(ctx);
} catch (error) {
  console.error(
    `simulate ${scenario} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}

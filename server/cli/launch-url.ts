/**
 * `npm run launch-url -- <customerId> [path] [--locale ko] [--tz Asia/Seoul] [--url http://localhost:3000]`
 * prints a launch URL as the wallet app would open it (valid 5 minutes, once). The secret comes
 * from WALLET_LAUNCH_SECRET, else `.data/dev/secrets.json` (written by `npm run dev`).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createLaunchToken } from "../auth/launch-token";
import { loadOrCreateDevSecrets } from "../platform/dev-secrets";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    locale: { type: "string" },
    tz: { type: "string" },
  },
});
const [customerId, next] = positionals;
if (!customerId) {
  console.error(
    "usage: npm run launch-url -- <customerId> [path] [--locale ko] [--tz Asia/Seoul] [--url …]",
  );
  process.exit(2);
}

const secret =
  process.env.WALLET_LAUNCH_SECRET ??
  (await loadOrCreateDevSecrets(path.resolve(import.meta.dirname, "../../.data/dev"))).secrets
    .walletLaunchSecret;
const token = await createLaunchToken(secret, {
  customerId,
  locale: values.locale,
  timeZone: values.tz,
});
const url = new URL("/launch", values.url);
url.searchParams.set("token", token);
if (next) url.searchParams.set("next", next);
console.log(url.toString());

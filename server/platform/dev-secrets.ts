/**
 * Keys and secrets for running without any configuration: generated once under `.data/dev/`
 * (dev) or in memory (tests). The wallet's (MPP) key pair signs answers; the simulated Alipay+'s
 * key pair signs the simulator's requests. Production never uses these.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { generateRsaKeyPair } from "../alipayplus/keys";

export interface DevSecrets {
  clientId: string;
  mppPrivateKeyPem: string;
  mppPublicKeyPem: string;
  simulatorPrivateKeyPem: string;
  simulatorPublicKeyPem: string;
  walletApiKey: string;
  walletLaunchSecret: string;
  authSecret: string;
}

export function generateDevSecrets(): DevSecrets {
  const mpp = generateRsaKeyPair();
  const simulator = generateRsaKeyPair();
  const secret = () => randomBytes(32).toString("base64url");
  return {
    clientId: "SANDBOX_PLUSDESK_DEV",
    mppPrivateKeyPem: mpp.privateKeyPem,
    mppPublicKeyPem: mpp.publicKeyPem,
    simulatorPrivateKeyPem: simulator.privateKeyPem,
    simulatorPublicKeyPem: simulator.publicKeyPem,
    walletApiKey: secret(),
    walletLaunchSecret: secret(),
    authSecret: secret(),
  };
}

/** Reads `<dir>/secrets.json`, creating it (mode 0600) the first time. */
export async function loadOrCreateDevSecrets(
  dir: string,
): Promise<{ secrets: DevSecrets; file: string; created: boolean }> {
  const file = path.join(dir, "secrets.json");
  try {
    return {
      secrets: JSON.parse(await fs.readFile(file, "utf8")) as DevSecrets,
      file,
      created: false,
    };
  } catch {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const secrets = generateDevSecrets();
    await fs.writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return { secrets, file, created: true };
  }
}

/** The app's environment for these secrets: Alipay+'s public key is the simulator's. */
export function appEnvironment(secrets: DevSecrets): Record<string, string> {
  return {
    ALIPAYPLUS_CLIENT_ID: secrets.clientId,
    ALIPAYPLUS_PUBLIC_KEY: secrets.simulatorPublicKeyPem,
    MPP_PRIVATE_KEY: secrets.mppPrivateKeyPem,
    WALLET_API_KEY: secrets.walletApiKey,
    WALLET_LAUNCH_SECRET: secrets.walletLaunchSecret,
    AUTH_SECRET: secrets.authSecret,
  };
}

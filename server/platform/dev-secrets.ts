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
  hashSecret: string;
}

/** 256 random bits, URL-safe. */
function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function generateDevSecrets(): DevSecrets {
  const mpp = generateRsaKeyPair();
  const simulator = generateRsaKeyPair();
  return {
    clientId: "SANDBOX_PLUSDESK_DEV",
    mppPrivateKeyPem: mpp.privateKeyPem,
    mppPublicKeyPem: mpp.publicKeyPem,
    simulatorPrivateKeyPem: simulator.privateKeyPem,
    simulatorPublicKeyPem: simulator.publicKeyPem,
    walletApiKey: newSecret(),
    walletLaunchSecret: newSecret(),
    authSecret: newSecret(),
    hashSecret: newSecret(),
  };
}

/**
 * Reads `<dir>/secrets.json`, creating it (mode 0600) the first time. A file written before
 * HASH_SECRET existed gets one added; everything else in it is kept.
 */
export async function loadOrCreateDevSecrets(
  dir: string,
): Promise<{ secrets: DevSecrets; file: string; created: boolean }> {
  const file = path.join(dir, "secrets.json");
  let stored: DevSecrets;
  try {
    stored = JSON.parse(await fs.readFile(file, "utf8")) as DevSecrets;
  } catch {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const secrets = generateDevSecrets();
    await fs.writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return { secrets, file, created: true };
  }
  if (!stored.hashSecret) {
    stored.hashSecret = newSecret();
    await fs.writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { secrets: stored, file, created: false };
}

/** The app's environment for these secrets: Alipay+'s public key is the simulator's. */
export function appEnvironment(secrets: DevSecrets): Record<string, string> {
  return {
    ALIPAYPLUS_CLIENT_ID: secrets.clientId,
    ALIPAYPLUS_PUBLIC_KEY: secrets.simulatorPublicKeyPem,
    MPP_PRIVATE_KEY: secrets.mppPrivateKeyPem,
    WALLET_API_KEYS: secrets.walletApiKey,
    WALLET_LAUNCH_SECRET: secrets.walletLaunchSecret,
    AUTH_SECRET: secrets.authSecret,
    HASH_SECRET: secrets.hashSecret,
  };
}

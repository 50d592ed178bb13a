import { parsePrivateKey, parsePublicKey } from "../alipayplus/keys";
import type { DevSecrets } from "../platform/dev-secrets";
import { CustomerApp } from "./customer-app";
import type { SimulatorContext } from "./scenarios";
import { SignedClient } from "./signed-client";
import { WalletClient } from "./wallet-client";

export interface SimulatorCredentials {
  clientId: string;
  /** The simulated Alipay+'s private key (PEM or bare Base64). */
  simulatorPrivateKey: string;
  /** The wallet's public key, to verify its answers. */
  mppPublicKey: string;
  walletApiKey: string;
  /** WALLET_LAUNCH_SECRET: the wallet app's key to open Plusdesk pages (MPM: the cashier page). */
  walletLaunchSecret?: string;
  /** Where the simulated Alipay+ server answers (its /_sim control API shows what it received). */
  simulatorUrl?: string;
}

/** The credentials of a set of dev secrets (`.data/dev/secrets.json`, or a test run's). */
export function devSimulatorCredentials(
  secrets: Pick<
    DevSecrets,
    | "clientId"
    | "simulatorPrivateKeyPem"
    | "mppPublicKeyPem"
    | "walletApiKey"
    | "walletLaunchSecret"
  >,
  simulatorUrl?: string,
): SimulatorCredentials {
  return {
    clientId: secrets.clientId,
    simulatorPrivateKey: secrets.simulatorPrivateKeyPem,
    mppPublicKey: secrets.mppPublicKeyPem,
    walletApiKey: secrets.walletApiKey,
    walletLaunchSecret: secrets.walletLaunchSecret,
    simulatorUrl,
  };
}

export function createSimulatorContext(
  baseUrl: string,
  credentials: SimulatorCredentials,
  log: (line: string) => void,
): SimulatorContext {
  return {
    alipay: new SignedClient({
      baseUrl,
      clientId: credentials.clientId,
      privateKey: parsePrivateKey(credentials.simulatorPrivateKey),
      walletPublicKey: parsePublicKey(credentials.mppPublicKey),
    }),
    wallet: new WalletClient(baseUrl, credentials.walletApiKey),
    customerApp: credentials.walletLaunchSecret
      ? new CustomerApp(baseUrl, credentials.walletLaunchSecret)
      : undefined,
    simulatorUrl: credentials.simulatorUrl,
    log,
    granted: new Map(),
    random: Math.random,
  };
}

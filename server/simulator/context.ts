import { parsePrivateKey, parsePublicKey } from "../alipayplus/keys";
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

import { parsePrivateKey, parsePublicKey } from "../alipayplus/keys";
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
    log,
    random: Math.random,
  };
}

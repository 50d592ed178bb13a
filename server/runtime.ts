/**
 * Process-wide singletons built from the environment: the database pool and the gateway's keys.
 * Kept on globalThis so that dev-mode module reloads reuse one pool instead of leaking them.
 */
import type { KeyObject } from "node:crypto";
import { createDb, type Db } from "@/db";
import { parsePrivateKey, parsePublicKey } from "./alipayplus/keys";
import { getEnv } from "./env";

export interface GatewayConfig {
  /** The client id Alipay+ assigned to this wallet: expected on requests, sent on answers. */
  clientId: string;
  alipayPublicKey: KeyObject;
  mppPrivateKey: KeyObject;
  publicBasePath: string;
}

interface Runtime {
  db: Db;
  gateway: GatewayConfig;
}

const holder = globalThis as typeof globalThis & { plusdeskRuntime?: Runtime };

export function getRuntime(): Runtime {
  if (!holder.plusdeskRuntime) {
    const env = getEnv();
    holder.plusdeskRuntime = {
      db: createDb(env.DATABASE_URL).db,
      gateway: {
        clientId: env.ALIPAYPLUS_CLIENT_ID,
        alipayPublicKey: parsePublicKey(env.ALIPAYPLUS_PUBLIC_KEY),
        mppPrivateKey: parsePrivateKey(env.MPP_PRIVATE_KEY),
        publicBasePath: env.PUBLIC_BASE_PATH,
      },
    };
  }
  return holder.plusdeskRuntime;
}

/**
 * Process-wide singletons built from the environment: the database pool, the gateway's keys and
 * the outbound Alipay+ client.
 * Kept on globalThis so that dev-mode module reloads reuse one pool instead of leaking them.
 */
import type { KeyObject } from "node:crypto";
import { createDb, type Db } from "@/db";
import {
  createAlipayPlusClient,
  parseAllowedHosts,
  type AlipayPlusClient,
} from "./alipayplus/client";
import { parsePrivateKey, parsePublicKey } from "./alipayplus/keys";
import {
  createUnverifiedCallLimiter,
  type UnverifiedCallLimiter,
} from "./alipayplus/unverified-calls";
import { tokenLifetimesInDays, type AutoDebitSettings } from "./auth-tokens/auth-tokens";
import { getEnv, type Env } from "./env";
import type { CustomerLinks } from "./mpm-orders/merchant-url";
import type { PaySettings } from "./payments/pay";
import { retentionSettingsOf, type RetentionSettings } from "./retention/retention";

export interface GatewayConfig {
  /** The client id Alipay+ assigned to this wallet: expected on requests, sent on answers. */
  clientId: string;
  alipayPublicKey: KeyObject;
  mppPrivateKey: KeyObject;
  publicBasePath: string;
  /** What applyToken issues and accepts (AUTODEBIT_*, AUTH_CODE_*, APPLY_TOKEN_*, HASH_SECRET). */
  autoDebit: AutoDebitSettings;
  /** Expiry grace and default wallet limits: pay and the MPM cashier apply them. */
  payments: PaySettings;
}

interface Runtime {
  db: Db;
  gateway: GatewayConfig;
  /** Every wallet → Alipay+ call (ALIPAYPLUS_BASE_URL, ALIPAYPLUS_ALLOWED_HOSTS). */
  alipayplus: AlipayPlusClient;
  /** Where the customer's web view may be sent (WALLET_HOME_URL, merchant pages). */
  customerLinks: CustomerLinks;
  /** HASH_SECRET: the key of the stored hashes of codes and tokens the wallet API stores. */
  hashSecret: string;
  /** This process's count of calls whose signature did not verify (UNVERIFIED_CALLS_*). */
  unverifiedCalls: UnverifiedCallLimiter;
  /** TRUSTED_PROXY_HOPS: which address a request came from (server/auth/client-address.ts). */
  trustedProxyHops: number;
  /** Days kept per kind of record (the *_RETENTION_DAYS variables). */
  retention: RetentionSettings;
}

const holder = globalThis as typeof globalThis & { plusdeskRuntime?: Runtime };

export function getRuntime(): Runtime {
  if (!holder.plusdeskRuntime) {
    const env = getEnv();
    const gateway: GatewayConfig = {
      clientId: env.ALIPAYPLUS_CLIENT_ID,
      alipayPublicKey: parsePublicKey(env.ALIPAYPLUS_PUBLIC_KEY),
      mppPrivateKey: parsePrivateKey(env.MPP_PRIVATE_KEY),
      publicBasePath: env.PUBLIC_BASE_PATH,
      autoDebit: {
        tokenLifetimes: tokenLifetimesInDays(
          env.AUTODEBIT_ACCESS_TOKEN_DAYS,
          env.AUTODEBIT_REFRESH_TOKEN_DAYS,
        ),
        codeReuseGraceMs: env.AUTH_CODE_REUSE_GRACE_MS,
        requestTimeWindowMs: env.APPLY_TOKEN_MAX_SKEW_MS,
        hashSecret: env.HASH_SECRET,
      },
      payments: paySettingsOf(env),
    };
    holder.plusdeskRuntime = {
      db: createDb(env.DATABASE_URL).db,
      gateway,
      alipayplus: createAlipayPlusClient({
        baseUrl: env.ALIPAYPLUS_BASE_URL,
        allowedHosts: parseAllowedHosts(env.ALIPAYPLUS_ALLOWED_HOSTS, env.ALIPAYPLUS_BASE_URL),
        clientId: gateway.clientId,
        mppPrivateKey: gateway.mppPrivateKey,
        alipayPublicKey: gateway.alipayPublicKey,
      }),
      customerLinks: {
        walletHome: env.WALLET_HOME_URL,
        allowHttpMerchantPages: new URL(env.ALIPAYPLUS_BASE_URL).protocol === "http:",
      },
      hashSecret: env.HASH_SECRET,
      unverifiedCalls: createUnverifiedCallLimiter({
        perSourcePerMinute: env.UNVERIFIED_CALLS_PER_SOURCE,
        totalPerMinute: env.UNVERIFIED_CALLS_PER_MINUTE,
      }),
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      retention: retentionSettingsOf(env),
    };
  }
  return holder.plusdeskRuntime;
}

/** PAYMENT_EXPIRY_GRACE_MS, the DEFAULT_* wallet limits and HASH_SECRET, as pay takes them. */
export function paySettingsOf(env: Env): PaySettings {
  return {
    expiryGraceMs: env.PAYMENT_EXPIRY_GRACE_MS,
    defaultLimits: {
      singlePaymentMax: env.DEFAULT_SINGLE_PAYMENT_MAX,
      dailyAmountMax: env.DEFAULT_DAILY_AMOUNT_MAX,
      dailyCountMax: env.DEFAULT_DAILY_COUNT_MAX ?? null,
    },
    hashSecret: env.HASH_SECRET,
  };
}

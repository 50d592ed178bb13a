/**
 * The only reader of process.env. Launchers (`npm run dev`, `npm start`, `npm test`) set the
 * variables for the app process: dev and test generate keys and secrets, production requires them.
 */
import { z } from "zod";
import { parseMinorUnits } from "./money/amount";
import { isIsoCurrency } from "./money/currencies";
import { DEFAULT_AFTER_LAUNCH, parseLinkableUrl, safeNextPath } from "./auth/safe-next";

/** Variables production refuses to start without (README lists them all). */
export const REQUIRED_IN_PRODUCTION = [
  "ALIPAYPLUS_CLIENT_ID",
  "ALIPAYPLUS_PUBLIC_KEY",
  "MPP_PRIVATE_KEY",
  "WALLET_API_KEYS",
  "WALLET_LAUNCH_SECRET",
  "AUTH_SECRET",
  "HASH_SECRET",
  "ALIPAYPLUS_BASE_URL",
] as const;

const ZOptionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/**
 * The wallet app backend's bearer keys, comma-separated (several while one is replaced), each at
 * least 16 characters, no white space, each once. Unset or empty: none.
 */
const ZWalletApiKeys = z
  .string()
  .optional()
  .transform((text, ctx): string[] => {
    const keys = (text ?? "")
      .split(",")
      .map((key) => key.trim())
      .filter((key) => key !== "");
    for (const [index, key] of keys.entries()) {
      const problem =
        key.length < 16 || /\s/.test(key)
          ? `key ${index + 1} must be at least 16 characters without white space`
          : keys.indexOf(key) !== index
            ? `key ${index + 1} is given twice`
            : null;
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
    }
    return keys;
  });

/** A lifetime or a retention in whole days; ten years at most. */
const ZDays = z.coerce
  .number()
  .int("must be a whole number of days")
  .min(1, "must be at least 1 day")
  .max(3650, "must be at most 3650 days");

/** Calls a minute whose signature did not verify that are answered as usual and logged. */
const ZCallsPerMinute = z.coerce
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(1_000_000, "must be at most 1000000");

/**
 * A default wallet limit per wallet currency, `KRW:5000000,JPY:500000`: ISO 4217 code, colon,
 * amount in minor units as Alipay+ writes them; each currency once. Unset or empty: none.
 */
const ZAmountPerCurrency = z
  .string()
  .optional()
  .transform((text, ctx): ReadonlyMap<string, bigint> => {
    const amounts = new Map<string, bigint>();
    const items = (text ?? "").split(",").map((item) => item.trim());
    for (const item of items.filter((i) => i !== "")) {
      const [, currency = "", value = ""] = /^([A-Z]{3})\s*:\s*(\S+)$/.exec(item) ?? [];
      const minor = parseMinorUnits(value);
      if (!isIsoCurrency(currency) || minor === null || amounts.has(currency)) {
        ctx.addIssue({
          code: "custom",
          message: amounts.has(currency)
            ? `${currency} is given twice`
            : `"${item}" must be CURRENCY:MINOR_UNITS, e.g. KRW:5000000`,
        });
        return z.NEVER;
      }
      amounts.set(currency, minor);
    }
    return amounts;
  });
/** Schemes of the web platform itself: never the wallet app's own link. */
const WEB_SCHEMES = new Set([
  "http",
  "javascript",
  "data",
  "file",
  "blob",
  "vbscript",
  "about",
  "filesystem",
  "ftp",
  "ws",
  "wss",
]);

/**
 * Where Confirm on a payment result takes the customer when there is no merchant page to return
 * to: a path on this site, an https address, or the wallet app's own link (`mywallet://home`).
 */
function isWalletHomeUrl(value: string): boolean {
  if (value.startsWith("/")) return safeNextPath(value) === value;
  const url = parseLinkableUrl(value);
  if (!url) return false;
  const scheme = url.protocol.slice(0, -1);
  return scheme === "https" ? url.hostname !== "" : !WEB_SCHEMES.has(scheme);
}

const ZPostgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: ZPostgresUrl,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ALIPAYPLUS_CLIENT_ID: z.string().min(1),
  ALIPAYPLUS_PUBLIC_KEY: z.string().min(1),
  MPP_PRIVATE_KEY: z.string().min(1),
  WALLET_API_KEYS: ZWalletApiKeys,
  /** The one key of deployments from before WALLET_API_KEYS: still read when that is unset. */
  WALLET_API_KEY: ZOptionalText.pipe(
    z.string().min(16, "must be at least 16 characters").optional(),
  ),
  WALLET_LAUNCH_SECRET: z.string().min(32, "must be at least 32 characters"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** Key of the stored hashes of codes and tokens (server/alipayplus/secret-hash.ts). */
  HASH_SECRET: z.string().min(32, "must be at least 32 characters"),
  AUTH_URL: ZOptionalText,
  ALIPAYPLUS_BASE_URL: z.url().default("http://localhost:3100"),
  ALIPAYPLUS_NOTIFY_URL: ZOptionalText.pipe(z.url().optional()),
  ALIPAYPLUS_ALLOWED_HOSTS: ZOptionalText,
  SIMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Auto Debit token lifetimes in whole days (README "Auto Debit"); ten years at most. */
  AUTODEBIT_ACCESS_TOKEN_DAYS: ZDays.default(90),
  AUTODEBIT_REFRESH_TOKEN_DAYS: ZDays.default(365),
  /** How long after its first exchange an auth code may be exchanged again (a lost answer). */
  AUTH_CODE_REUSE_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** How far applyToken's Request-Time may be from this server's clock, either way. */
  APPLY_TOKEN_MAX_SKEW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /**
   * First notifyPayment retry delay, doubled per failed attempt (docs/protocol.md#notifications: 5
   * s); tests shorten it.
   */
  OUTBOX_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5000),
  /** Clock skew allowed on a pay's `paymentExpiryTime` before it is refused as closed. */
  PAYMENT_EXPIRY_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** Wallet limits for customers without their own (README "Wallet limits"). */
  DEFAULT_SINGLE_PAYMENT_MAX: ZAmountPerCurrency,
  DEFAULT_DAILY_AMOUNT_MAX: ZAmountPerCurrency,
  DEFAULT_DAILY_COUNT_MAX: ZOptionalText.pipe(
    z.coerce
      .number<string>()
      .int("must be a whole number")
      .min(0, "must be at least 0")
      .max(2_147_483_647, "must be at most 2147483647")
      .optional(),
  ),
  /** Confirm on a payment result without a merchant page to return to (README "Configuration"). */
  WALLET_HOME_URL: ZOptionalText.transform((v) => v ?? DEFAULT_AFTER_LAUNCH).refine(
    isWalletHomeUrl,
    {
      message: "must be a path on this site, an https URL or the wallet app's own link",
    },
  ),
  /**
   * Reverse proxies in front of the app that append the address they received from to
   * X-Forwarded-For (README "Staff console"); 0: the socket's address is the client's.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Days each kind of record is kept; the retention job of every app process prunes older ones. */
  INBOUND_CALLS_RETENTION_DAYS: ZDays.default(180),
  DEVICE_EVENTS_RETENTION_DAYS: ZDays.default(180),
  LAUNCH_TOKENS_RETENTION_DAYS: ZDays.default(7),
  FAILED_LOGINS_RETENTION_DAYS: ZDays.default(30),
  /** Call-log rows for calls whose signature did not verify, per app process (README "Call log"). */
  UNVERIFIED_CALLS_PER_SOURCE: ZCallsPerMinute.default(10),
  UNVERIFIED_CALLS_PER_MINUTE: ZCallsPerMinute.default(100),
  /**
   * Bearer token of /metrics (README "Metrics and health"); unset: the app's port serves metrics
   * only in development.
   */
  METRICS_TOKEN: ZOptionalText.pipe(
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  /** A port of its own where `npm start`'s primary serves the whole cluster's metrics. */
  METRICS_PORT: ZOptionalText.pipe(z.coerce.number<string>().int().min(1).max(65535).optional()),
  /** A reverse proxy's path prefix: Alipay+ signs the public Request-URI, which includes it. */
  PUBLIC_BASE_PATH: z
    .string()
    .default("")
    .refine((v) => v === "" || (v.startsWith("/") && !v.endsWith("/")), {
      message: 'must be empty or start with "/" and not end with "/"',
    }),
});

/**
 * The wallet API keys come from one variable: with both set, an old key could be left behind in
 * the other one.
 */
const ZWalletKeysEnv = ZEnv.refine(
  (env) => env.WALLET_API_KEYS.length > 0 !== (env.WALLET_API_KEY !== undefined),
  { path: ["WALLET_API_KEYS"], message: "set it, or WALLET_API_KEY for a single key, not both" },
);

/**
 * Checks across variables. A refresh token that dies before its access token cannot renew it; the
 * outbound client refuses plain http unless Alipay+ itself is reached over http (dev, tests).
 */
const ZConsistentEnv = ZWalletKeysEnv.refine(
  (env) => env.AUTODEBIT_REFRESH_TOKEN_DAYS >= env.AUTODEBIT_ACCESS_TOKEN_DAYS,
  {
    path: ["AUTODEBIT_REFRESH_TOKEN_DAYS"],
    message: "must be at least AUTODEBIT_ACCESS_TOKEN_DAYS",
  },
)
  .refine(
    (env) =>
      env.ALIPAYPLUS_NOTIFY_URL === undefined ||
      new URL(env.ALIPAYPLUS_NOTIFY_URL).protocol !== "http:" ||
      new URL(env.ALIPAYPLUS_BASE_URL).protocol === "http:",
    { path: ["ALIPAYPLUS_NOTIFY_URL"], message: "must be https while ALIPAYPLUS_BASE_URL is" },
  )
  .refine((env) => env.METRICS_PORT !== env.PORT, {
    path: ["METRICS_PORT"],
    message: "must be another port than PORT",
  });

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  return parseWith(ZConsistentEnv, source);
}

/**
 * What the launchers (`npm start`, `npm run dev`, the CLIs) read before the app's own variables:
 * which database, which role migrates it, and where the embedded one lives (README "Database
 * roles"). The app itself never reads DATABASE_MIGRATION_URL.
 */
const ZDatabaseEnv = z
  .object({
    DATABASE_URL: ZOptionalText.pipe(ZPostgresUrl.optional()),
    DATABASE_MIGRATION_URL: ZOptionalText.pipe(ZPostgresUrl.optional()),
    DATA_DIR: ZOptionalText.transform((v) => v ?? ".data"),
  })
  .refine((env) => env.DATABASE_URL || !env.DATABASE_MIGRATION_URL, {
    path: ["DATABASE_MIGRATION_URL"],
    message: "needs DATABASE_URL too (the role the app runs as)",
  });

export type DatabaseEnv = z.infer<typeof ZDatabaseEnv>;

export function parseDatabaseEnv(source: NodeJS.ProcessEnv): DatabaseEnv {
  return parseWith(ZDatabaseEnv, source);
}

function parseWith<T>(schema: z.ZodType<T>, source: NodeJS.ProcessEnv): T {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** The wallet API keys accepted now: WALLET_API_KEYS, else the one WALLET_API_KEY. */
export function acceptedWalletApiKeys(env: Env): string[] {
  return env.WALLET_API_KEY === undefined ? env.WALLET_API_KEYS : [env.WALLET_API_KEY];
}

/** Names of the production-required variables that are missing or empty. */
export function missingProductionVariables(source: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => Boolean(source[name]?.trim());
  return REQUIRED_IN_PRODUCTION.filter(
    // A deployment from before WALLET_API_KEYS keeps its one WALLET_API_KEY.
    (name) => !set(name) && !(name === "WALLET_API_KEYS" && set("WALLET_API_KEY")),
  );
}

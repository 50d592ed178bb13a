/**
 * The only reader of process.env. Launchers (`npm run dev`, `npm start`, `npm test`) set the
 * variables for the app process: dev and test generate keys and secrets, production requires them.
 */
import { z } from "zod";

/** Variables production refuses to start without (README lists them all). */
export const REQUIRED_IN_PRODUCTION = [
  "ALIPAYPLUS_CLIENT_ID",
  "ALIPAYPLUS_PUBLIC_KEY",
  "MPP_PRIVATE_KEY",
  "WALLET_API_KEY",
  "WALLET_LAUNCH_SECRET",
  "AUTH_SECRET",
] as const;

const ZOptionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ALIPAYPLUS_CLIENT_ID: z.string().min(1),
  ALIPAYPLUS_PUBLIC_KEY: z.string().min(1),
  MPP_PRIVATE_KEY: z.string().min(1),
  WALLET_API_KEY: z.string().min(16, "must be at least 16 characters"),
  WALLET_LAUNCH_SECRET: z.string().min(32, "must be at least 32 characters"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  AUTH_URL: ZOptionalText,
  ALIPAYPLUS_BASE_URL: z.url().default("http://localhost:3100"),
  ALIPAYPLUS_NOTIFY_URL: ZOptionalText.pipe(z.url().optional()),
  ALIPAYPLUS_ALLOWED_HOSTS: ZOptionalText,
  SIMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** A reverse proxy's path prefix: Alipay+ signs the public Request-URI, which includes it. */
  PUBLIC_BASE_PATH: z
    .string()
    .default("")
    .refine((v) => v === "" || (v.startsWith("/") && !v.endsWith("/")), {
      message: 'must be empty or start with "/" and not end with "/"',
    }),
});

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** Names of the production-required variables that are missing or empty. */
export function missingProductionVariables(source: NodeJS.ProcessEnv): string[] {
  return REQUIRED_IN_PRODUCTION.filter((name) => !source[name]?.trim());
}

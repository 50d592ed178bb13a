/**
 * The wallet app opens the web view at `/launch?token=<JWT>`: an HS256 token signed with
 * WALLET_LAUNCH_SECRET, naming the customer (`sub`), addressed to Plusdesk's launch (`aud`),
 * living at most 5 minutes, usable once (README "Customer pages"). Verified here; the session is
 * started by the auth config.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import type { Db } from "@/db";
import { launchTokenUses } from "@/db/schema";

/**
 * The audience every launch token must name: a token the wallet app backend signs with the same
 * secret for another purpose (or another service) does not open a session here.
 */
export const LAUNCH_TOKEN_AUDIENCE = "plusdesk-launch";

/** Longest life a token may claim (`exp` − `iat`). */
export const MAX_LAUNCH_TOKEN_LIFETIME_S = 300;
/** Clock difference tolerated between the wallet app backend and Plusdesk. */
export const CLOCK_SKEW_S = 30;

export interface LaunchClaims {
  customerId: string;
  /** As given; resolved to a supported language by the i18n module. */
  locale?: string;
  /** A valid IANA time zone, else absent. */
  timeZone?: string;
}

export type LaunchRefusal = "expired" | "reused" | "invalid";

export type LaunchVerdict =
  { ok: true; claims: LaunchClaims } | { ok: false; reason: LaunchRefusal };

export async function verifyLaunchToken(
  db: Db,
  token: string,
  secret: string,
  now: Date = new Date(),
): Promise<LaunchVerdict> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      audience: LAUNCH_TOKEN_AUDIENCE,
      requiredClaims: ["sub", "iat", "exp", "jti", "aud"],
      clockTolerance: CLOCK_SKEW_S,
      currentDate: now,
    }));
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
  const { sub, iat, exp, jti, locale, tz } = payload;
  if (typeof sub !== "string" || !/^[\x21-\x7e]{1,64}$/.test(sub))
    return { ok: false, reason: "invalid" };
  if (typeof jti !== "string" || jti.length === 0 || jti.length > 128)
    return { ok: false, reason: "invalid" };
  if (
    typeof iat !== "number" ||
    typeof exp !== "number" ||
    exp - iat > MAX_LAUNCH_TOKEN_LIFETIME_S ||
    exp <= iat
  ) {
    return { ok: false, reason: "invalid" };
  }
  if (iat > now.getTime() / 1000 + CLOCK_SKEW_S) return { ok: false, reason: "invalid" };

  // Single use: the primary key decides between two tabs racing with one token.
  const [used] = await db
    .insert(launchTokenUses)
    .values({ jti, customerId: sub, expiresAt: new Date((exp + CLOCK_SKEW_S) * 1000) })
    .onConflictDoNothing()
    .returning({ jti: launchTokenUses.jti });
  if (!used) return { ok: false, reason: "reused" };

  return {
    ok: true,
    claims: {
      customerId: sub,
      locale: typeof locale === "string" ? locale.slice(0, 35) : undefined,
      timeZone: typeof tz === "string" && isTimeZone(tz) ? tz : undefined,
    },
  };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** What the wallet app backend does; used by `npm run launch-url` and the tests. */
export async function createLaunchToken(
  secret: string,
  claims: {
    customerId: string;
    locale?: string;
    timeZone?: string;
    lifetimeS?: number;
    jti?: string;
  },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    ...(claims.locale ? { locale: claims.locale } : {}),
    ...(claims.timeZone ? { tz: claims.timeZone } : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.customerId)
    .setAudience(LAUNCH_TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.lifetimeS ?? MAX_LAUNCH_TOKEN_LIFETIME_S))
    .setJti(claims.jti ?? crypto.randomUUID())
    .sign(new TextEncoder().encode(secret));
}

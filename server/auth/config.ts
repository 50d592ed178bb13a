/**
 * next-auth (Auth.js v5): the customer session started by a wallet launch token. JWT sessions
 * (no session table), 30 minutes, sliding: the proxy refreshes the cookie on every page visit and
 * console call. Staff sign in with email + password (server/staff/sign-in.ts); a staff session
 * carries only the staff id and its sign-in time: role, enabled state and the last sign-out are
 * read from the database on every request, so a role change, a disabled account or a sign-out
 * takes effect at once. In production the cookies are `Secure` (and `__Secure-`/`__Host-`
 * prefixed) whatever protocol a proxy reports: the app is served over https there.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { JWT } from "next-auth/jwt";
import { getEnv } from "../env";
import { getRuntime } from "../runtime";
import { signInStaff } from "../staff/sign-in";
import { findActiveStaff, signOutStaff, type StaffSessionClaims } from "../staff/staff-members";
import { clientAddress } from "./client-address";
import { verifyLaunchToken, type LaunchRefusal } from "./launch-token";

export const SESSION_MAX_AGE_S = 30 * 60;

declare module "next-auth" {
  interface Session {
    customer?: { customerId: string; locale?: string; timeZone?: string };
    staff?: StaffSessionClaims;
  }
  interface User {
    kind?: "customer" | "staff";
    signedInAt?: number;
    sessionId?: string;
    locale?: string;
    timeZone?: string;
  }
}

/** Carries why a staff sign-in was refused (`invalid` or `rate_limited`) to the sign-in page. */
export class StaffSignInRefused extends CredentialsSignin {
  constructor(reason: "invalid" | "rate_limited") {
    super();
    this.code = reason;
  }
}

/** What a staff session's token claims, or undefined for any other token. */
function staffClaimsOf(token: JWT): StaffSessionClaims | undefined {
  if (token.role !== "staff" || !token.sub || typeof token.signedInAt !== "number")
    return undefined;
  return {
    staffId: token.sub,
    signedInAt: token.signedInAt,
    ...(typeof token.sessionId === "string" && { sessionId: token.sessionId }),
  };
}

/** Carries why a launch token was refused (its `code`) to the launch route. */
export class LaunchTokenRefused extends CredentialsSignin {
  constructor(readonly reason: LaunchRefusal) {
    super();
    this.code = reason;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    // With AUTH_URL unset, trust the request's host (README: AUTH_URL).
    trustHost: true,
    // Not inferred from X-Forwarded-Proto, which any client can send.
    useSecureCookies: env.NODE_ENV === "production",
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S, updateAge: 0 },
    providers: [
      Credentials({
        id: "launch",
        credentials: { token: {} },
        async authorize(credentials) {
          const token = typeof credentials.token === "string" ? credentials.token : "";
          const verdict = await verifyLaunchToken(getRuntime().db, token, env.WALLET_LAUNCH_SECRET);
          if (!verdict.ok) throw new LaunchTokenRefused(verdict.reason);
          const { customerId, locale, timeZone } = verdict.claims;
          return { id: customerId, kind: "customer", locale, timeZone };
        },
      }),
      Credentials({
        id: "staff",
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const result = await signInStaff(getRuntime().db, {
            email: typeof credentials.email === "string" ? credentials.email : "",
            password: typeof credentials.password === "string" ? credentials.password : "",
            clientAddress: clientAddress(request.headers, env.TRUSTED_PROXY_HOPS),
          });
          if (!result.ok) throw new StaffSignInRefused(result.reason);
          return {
            id: result.staff.staffId,
            kind: "staff",
            signedInAt: result.signedInAt.getTime(),
            sessionId: result.sessionId,
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id && user.kind === "staff") {
          token.sub = user.id;
          token.role = "staff";
          token.signedInAt = user.signedInAt;
          token.sessionId = user.sessionId;
        } else if (user?.id) {
          token.sub = user.id;
          token.role = "customer";
          token.locale = user.locale;
          token.timeZone = user.timeZone;
        }
        return token;
      },
      session({ session, token }) {
        const customer =
          token.role === "customer" && token.sub
            ? {
                customerId: token.sub,
                locale: typeof token.locale === "string" ? token.locale : undefined,
                timeZone: typeof token.timeZone === "string" ? token.timeZone : undefined,
              }
            : undefined;
        return { ...session, customer, staff: staffClaimsOf(token) };
      },
    },
    events: {
      /**
       * Auth.js's own sign-out (`POST /api/auth/signout`) ends a staff session as the console's
       * Sign out does: on the account, so a copy of the cookie is refused too. Only a session
       * still in force can do that (a stale copy cannot sign its account's newer sessions out).
       */
      async signOut(message) {
        const claims =
          "token" in message && message.token ? staffClaimsOf(message.token) : undefined;
        if (!claims) return;
        const { db } = getRuntime();
        const staff = await findActiveStaff(db, claims);
        if (staff) await signOutStaff(db, staff.staffId);
      },
    },
    pages: { signIn: "/launch/failed", error: "/launch/failed" },
  };
});

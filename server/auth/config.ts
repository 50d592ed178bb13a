/**
 * next-auth (Auth.js v5): the customer session started by a wallet launch token. JWT sessions
 * (no session table), 30 minutes, sliding: the proxy refreshes the cookie on every page visit.
 * Staff sign-in joins here with the console.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { getRuntime } from "../runtime";
import { verifyLaunchToken, type LaunchRefusal } from "./launch-token";

export const SESSION_MAX_AGE_S = 30 * 60;

declare module "next-auth" {
  interface Session {
    customer?: { customerId: string; locale?: string; timeZone?: string };
  }
  interface User {
    locale?: string;
    timeZone?: string;
  }
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
          return { id: customerId, locale, timeZone };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
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
        return { ...session, customer };
      },
    },
    pages: { signIn: "/launch/failed", error: "/launch/failed" },
  };
});

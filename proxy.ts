/**
 * Next 16's proxy (formerly middleware), run for every page and the console's tRPC calls:
 * - Auth.js re-issues the session cookie on each visit (and each console call), which makes the
 *   30-minute session sliding;
 * - the page security headers (server/http/page-security-headers.ts) with a fresh nonce, which
 *   Next.js reads from the request's Content-Security-Policy and puts on its scripts
 *   (nextjs.org/docs/app/guides/content-security-policy).
 */
import { randomBytes } from "node:crypto";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/server/auth/config";
import { getEnv } from "@/server/env";
import { contentSecurityPolicy, pageSecurityHeaders } from "@/server/http/page-security-headers";

// The event is unused; declaring it is what makes this a proxy for Auth.js's types.
function withSecurityHeaders(request: NextRequest, _event: NextFetchEvent): NextResponse {
  const { NODE_ENV } = getEnv();
  const options = {
    nonce: randomBytes(16).toString("base64"),
    production: NODE_ENV === "production",
    development: NODE_ENV === "development",
  };
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", contentSecurityPolicy(options));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(pageSecurityHeaders(options)))
    response.headers.set(name, value);
  return response;
}

/**
 * Auth.js's proxy wrapper around it (the session cookie re-issued on the response). With the
 * configuration read lazily (server/auth/config.ts), Auth.js hands the wrapper over as a promise.
 */
const withSession = Promise.resolve(auth(withSecurityHeaders));

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await withSession)(request, event);
}

export const config = {
  matcher: [
    // Every page. Not the Alipay+ gateway (/aps), the APIs (/api: the wallet app backend's,
    // Alipay+'s risk cases, Auth.js's own), /launch (it starts a session of its own), Next.js's
    // static files, the icons, or metrics and health (answered to machines, with no session).
    "/((?!aps/|api/|_next/|favicon.ico|icon.svg|launch$|metrics$|healthz$|readyz$).*)",
    "/api/trpc/:path*",
  ],
};

import { decodeJwt } from "jose";
import type { NextRequest } from "next/server";
import { LaunchTokenRefused, signIn } from "@/server/auth/config";
import { safeNextPath } from "@/server/auth/safe-next";
import { resolveLocale } from "@/server/i18n/locales";

/**
 * GET /launch?token=<JWT>&next=<path>: the wallet app opens the web view here (README "Customer
 * pages").
 */
export async function GET(request: NextRequest): Promise<Response> {
  const token = request.nextUrl.searchParams.get("token") ?? "";
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  try {
    await signIn("launch", { token, redirect: false });
  } catch (error) {
    if (!(error instanceof LaunchTokenRefused)) throw error;
    // The refusal page speaks the customer's language: the (unverified) claim only picks a language.
    const locale = resolveLocale(claimedLocale(token), request.headers.get("accept-language"));
    return seeOther(
      `/launch/failed?${new URLSearchParams({ reason: error.reason, lang: locale })}`,
    );
  }
  return seeOther(next);
}

/**
 * A relative Location: the browser resolves it against the URL it actually used, whatever host
 * or proxy stood in between (Next's own request URL may name another host).
 */
function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path } });
}

function claimedLocale(token: string): string | undefined {
  try {
    const { locale } = decodeJwt(token);
    return typeof locale === "string" ? locale : undefined;
  } catch {
    return undefined;
  }
}

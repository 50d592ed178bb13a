import { decodeJwt } from "jose";
import type { NextRequest } from "next/server";
import { LaunchTokenRefused, signIn } from "@/server/auth/config";
import { safeNextPath } from "@/server/auth/safe-next";
import { resolveLocale } from "@/server/i18n/locales";

/** GET /launch?token=<JWT>&next=<path>: the wallet app opens the web view here (PRODUCT.md M4). */
export async function GET(request: NextRequest): Promise<Response> {
  const token = request.nextUrl.searchParams.get("token") ?? "";
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  try {
    await signIn("launch", { token, redirect: false });
  } catch (error) {
    if (!(error instanceof LaunchTokenRefused)) throw error;
    // The refusal page speaks the customer's language: the (unverified) claim only picks a language.
    const locale = resolveLocale(claimedLocale(token), request.headers.get("accept-language"));
    const failed = new URL("/launch/failed", request.nextUrl);
    failed.searchParams.set("reason", error.reason);
    failed.searchParams.set("lang", locale);
    return Response.redirect(failed, 303);
  }
  return Response.redirect(new URL(next, request.nextUrl), 303);
}

function claimedLocale(token: string): string | undefined {
  try {
    const { locale } = decodeJwt(token);
    return typeof locale === "string" ? locale : undefined;
  } catch {
    return undefined;
  }
}

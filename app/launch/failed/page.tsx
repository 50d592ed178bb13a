import type { Metadata } from "next";
import { headers } from "next/headers";
import { LOCALES, resolveLocale, type Locale } from "@/server/i18n/locales";
import { messagesFor } from "@/server/i18n/messages";

export const metadata: Metadata = { robots: { index: false } };

const REASONS = ["expired", "reused", "invalid", "signedOut"] as const;
type Reason = (typeof REASONS)[number];

/** Why the wallet link did not open a session, in the customer's language, and what to do. */
export default async function LaunchFailedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const reason: Reason = REASONS.find((r) => r === params.reason) ?? "invalid";
  const lang = typeof params.lang === "string" ? params.lang : undefined;
  const locale: Locale =
    LOCALES.find((l) => l === lang) ??
    resolveLocale(undefined, (await headers()).get("accept-language"));
  const text = messagesFor(locale).launch[reason];
  return (
    <main
      lang={locale}
      className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-3 p-6"
    >
      <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
      <p className="text-base leading-relaxed text-slate-700">{text.body}</p>
    </main>
  );
}

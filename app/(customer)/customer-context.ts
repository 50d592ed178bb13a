/**
 * Who is looking and in which language: every customer page starts here. The customer id comes
 * from the session only (never from the URL), and a visit without a session goes to the page that
 * asks the customer to reopen it from the wallet app.
 */
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Db } from "@/db";
import { customerPaths } from "@/components/customer-paths";
import { auth } from "@/server/auth/config";
import { resolveLocale, type Locale } from "@/server/i18n/locales";
import { messagesFor, type Messages } from "@/server/i18n/messages";
import { getRuntime } from "@/server/runtime";

export interface CustomerContext {
  db: Db;
  customerId: string;
  locale: Locale;
  /** The launch token's IANA zone (validated at launch); undefined when the app sent none. */
  timeZone: string | undefined;
  t: Messages;
}

/** Cached per request: the root layout, the page and its metadata all ask. */
const customerSession = cache(async () => (await auth())?.customer ?? null);

/** The session's language claim, else Accept-Language (server/i18n/locales.ts); null unsigned. */
export const customerLocale = cache(async (): Promise<Locale | null> => {
  const customer = await customerSession();
  if (!customer) return null;
  return resolveLocale(customer.locale, (await headers()).get("accept-language"));
});

export const getCustomerContext = cache(async (): Promise<CustomerContext> => {
  const customer = await customerSession();
  const locale = await customerLocale();
  if (!customer || !locale) redirect(customerPaths.signedOut);
  return {
    db: getRuntime().db,
    customerId: customer.customerId,
    locale,
    timeZone: customer.timeZone,
    t: messagesFor(locale),
  };
});

/** A page's `generateMetadata`: the `<title>` is a catalogue text in the customer's language. */
export function titleFrom(pick: (messages: Messages) => string): () => Promise<Metadata> {
  return async () => ({ title: pick((await getCustomerContext()).t) });
}

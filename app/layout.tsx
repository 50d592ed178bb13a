import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { customerLocale } from "./(customer)/customer-context";
import "./globals.css";

export const metadata: Metadata = {
  title: "Plusdesk",
  description: "Alipay+ marketing activities for the wallet: payments, promotions, refunds, risk.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * `<html lang>` is the signed-in customer's language (screen readers pick their voice by it, and
 * browsers the CJK glyphs: zh-Hans and zh-Hant differ); the other pages are in English.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const lang = (await customerLocale()) ?? "en";
  return (
    <html lang={lang}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";

/** The id of every customer page's h1, for lists and regions that the page title names. */
export const PAGE_TITLE_ID = "page-title";

/**
 * The frame of a customer page: a banner with an optional way back and the page's one h1, then
 * the main landmark. Mobile-first: a single column, at most phone-width on larger screens.
 */
export function PageShell({
  title,
  back,
  navigationLabel,
  children,
}: {
  title: ReactNode;
  back?: { href: string; label: string };
  /** Names the navigation landmark (there may be others, e.g. in the wallet app's frame). */
  navigationLabel: string;
  children: ReactNode;
}) {
  return (
    <>
      <header className="border-b border-slate-200 bg-white px-4 pb-3 pt-4">
        {back && (
          <nav aria-label={navigationLabel} className="mb-2">
            <Link
              href={back.href}
              prefetch={false}
              className="-ml-1 inline-flex min-h-11 items-center rounded px-1 text-sm font-medium text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700"
            >
              <span aria-hidden="true" className="mr-1">
                ←
              </span>
              {back.label}
            </Link>
          </nav>
        )}
        <h1 id={PAGE_TITLE_ID} className="text-xl font-semibold text-slate-900">
          {title}
        </h1>
      </header>
      <main className="flex-1 bg-white pb-8">{children}</main>
    </>
  );
}

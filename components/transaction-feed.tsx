"use client";

/**
 * The one client component of the customer pages: infinite scroll for the history. The first page
 * arrives server-rendered as `children`; when the "Load more" link scrolls into view (or is
 * tapped), the next page comes from the tRPC `transactions.list` query and is appended. Without
 * JavaScript the same link opens the next page as a plain page (`?cursor=`).
 */
import { createTRPCClient, httpLink, isTRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { TransactionRowView } from "@/server/customer-views/transaction-row-view";
import type { AppRouter } from "@/server/trpc/root";
import { customerPaths } from "./customer-paths";
import { TransactionRow, type TransactionRowText } from "./transaction-row";

// A bare client (no React Query): one query, one link, the smallest bundle that keeps the types.
const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: "/api/trpc" })] });

/** Start fetching a little before the link is on screen, so scrolling rarely waits. */
const PREFETCH_MARGIN = "600px 0px";

type LoadState = "idle" | "loading" | "loaded" | "failed";

export function TransactionFeed({
  children,
  labelledBy,
  firstCursor,
  locale,
  timeZone,
  text,
}: {
  /** The server-rendered first page: `<li>` elements. */
  children: ReactNode;
  /** Id of the heading that names the list. */
  labelledBy: string;
  firstCursor: string | null;
  locale: string;
  timeZone: string | undefined;
  text: TransactionRowText;
}) {
  const [rows, setRows] = useState<TransactionRowView[]>([]);
  const [cursor, setCursor] = useState(firstCursor);
  const [state, setState] = useState<LoadState>("idle");
  const loadMoreLink = useRef<HTMLAnchorElement>(null);
  // The observer and a tap can both ask at once; a ref (not state) sees the other immediately.
  const busy = useRef(false);

  const loadMore = useCallback(async () => {
    if (!cursor || busy.current) return;
    busy.current = true;
    setState("loading");
    try {
      const page = await trpc.transactions.list.query({ cursor });
      setRows((shown) => [...shown, ...page.rows]);
      setCursor(page.nextCursor);
      setState("loaded");
    } catch (error) {
      if (isTRPCClientError<AppRouter>(error) && error.data?.code === "UNAUTHORIZED") {
        window.location.assign(customerPaths.signedOut);
        return;
      }
      setState("failed");
    } finally {
      busy.current = false;
    }
  }, [cursor]);

  useEffect(() => {
    const link = loadMoreLink.current;
    // After a failure, wait for a tap rather than retrying in a loop while the link is in view.
    if (!link || state === "failed") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void loadMore();
      },
      { rootMargin: PREFETCH_MARGIN },
    );
    observer.observe(link);
    return () => observer.disconnect();
  }, [loadMore, state]);

  return (
    <>
      <ol aria-labelledby={labelledBy} className="divide-y divide-slate-200">
        {children}
        {rows.map((row) => (
          <li key={row.paymentId}>
            <TransactionRow row={row} locale={locale} timeZone={timeZone} text={text} />
          </li>
        ))}
      </ol>
      <p
        role="status"
        className={state === "loading" ? "px-4 py-3 text-center text-sm text-slate-600" : "sr-only"}
      >
        {state === "loading" ? text.history.loading : state === "loaded" ? text.history.loaded : ""}
      </p>
      {state === "failed" && (
        <p role="alert" className="px-4 py-3 text-center text-sm text-red-700">
          {text.history.loadFailed}
        </p>
      )}
      {cursor && (
        <a
          ref={loadMoreLink}
          href={customerPaths.transactionsAfter(cursor)}
          onClick={(event) => {
            event.preventDefault();
            void loadMore();
          }}
          className="mx-4 my-4 block rounded-lg border border-slate-300 px-4 py-3 text-center font-medium text-sky-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        >
          {text.history.loadMore}
        </a>
      )}
    </>
  );
}

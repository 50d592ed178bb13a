import { customerPaths } from "@/components/customer-paths";
import { PAGE_TITLE_ID, PageShell } from "@/components/page-shell";
import { TransactionFeed } from "@/components/transaction-feed";
import { TransactionRow, transactionRowText } from "@/components/transaction-row";
import { listTransactions } from "@/server/customer-views/list-transactions";
import { decodeTransactionCursor } from "@/server/customer-views/transaction-cursor";
import { toTransactionRowView } from "@/server/customer-views/transaction-row-view";
import { getCustomerContext, titleFrom } from "../customer-context";

export const generateMetadata = titleFrom((t) => t.history.title);

/**
 * The transaction history, newest first. `?cursor=` is the no-JavaScript "Load more": that page
 * alone, with a way back to the newest (an unreadable cursor shows the newest page).
 */
export default async function TransactionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { db, customerId, locale, timeZone, t } = await getCustomerContext();
  const { cursor } = await searchParams;
  const after = typeof cursor === "string" ? decodeTransactionCursor(cursor) : null;
  const page = await listTransactions(db, customerId, after);
  const rows = page.transactions.map(toTransactionRowView);
  const text = transactionRowText(t);

  return (
    <PageShell
      title={t.history.title}
      navigationLabel={t.pages.navigation}
      back={after ? { href: customerPaths.transactions, label: t.history.newest } : undefined}
    >
      {rows.length === 0 ? (
        <p className="px-4 py-8 text-center text-slate-600">{t.history.empty}</p>
      ) : (
        <TransactionFeed
          labelledBy={PAGE_TITLE_ID}
          firstCursor={page.nextCursor}
          locale={locale}
          timeZone={timeZone}
          text={text}
        >
          {rows.map((row) => (
            <li key={row.paymentId}>
              <TransactionRow row={row} locale={locale} timeZone={timeZone} text={text} />
            </li>
          ))}
        </TransactionFeed>
      )}
    </PageShell>
  );
}

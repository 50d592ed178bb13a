import Link from "next/link";
import type { TransactionRowView } from "@/server/customer-views/transaction-row-view";
import type { Messages } from "@/server/i18n/messages";
import { customerPaths } from "./customer-paths";
import { DateTime } from "./date-time";
import { Money } from "./money";
import { TemplateText } from "./template-text";
import { TransactionStatusText } from "./transaction-status-text";

/** The catalogue texts a row needs: small enough to hand to the infinite-scroll loader. */
export interface TransactionRowText {
  history: Messages["history"];
  transactionStatus: Messages["transactionStatus"];
  failureReason: Messages["failureReason"];
  unknownMerchant: string;
}

export function transactionRowText(messages: Messages): TransactionRowText {
  return {
    history: messages.history,
    transactionStatus: messages.transactionStatus,
    failureReason: messages.failureReason,
    unknownMerchant: messages.pages.unknownMerchant,
  };
}

/**
 * One payment in the history: a link to its detail whose accessible name reads the whole row
 * (merchant, time, saving, amount, status). Rendered on the server for the first page and in the
 * browser for later ones, so it uses no hooks and no server-only code.
 */
export function TransactionRow({
  row,
  locale,
  timeZone,
  text,
}: {
  row: TransactionRowView;
  locale: string;
  timeZone: string | undefined;
  text: TransactionRowText;
}) {
  const moneyMoved = row.status !== "failed" && row.status !== "cancelled";
  return (
    <Link
      href={customerPaths.transaction(row.paymentId)}
      prefetch={false}
      className="flex items-start justify-between gap-4 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-700"
    >
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-slate-900">
          {row.merchantName ?? text.unknownMerchant}
        </p>
        <p className="text-sm text-slate-600">
          <DateTime value={row.time} locale={locale} timeZone={timeZone} />
        </p>
        {moneyMoved && <PromotionBadge row={row} locale={locale} text={text} />}
        {row.failureReason && (
          <p className="mt-1 text-sm text-slate-700">{text.failureReason[row.failureReason]}</p>
        )}
      </div>
      <div className="shrink-0 text-right">
        {row.paid && (
          <p className={moneyMoved ? "font-semibold text-slate-900" : "text-slate-600"}>
            <Money value={row.paid} locale={locale} />
          </p>
        )}
        <p>
          <TransactionStatusText status={row.status} text={text.transactionStatus} />
        </p>
      </div>
    </Link>
  );
}

/**
 * "Saved ₩3,720"; when no promotion could be put in the wallet currency, just that one applied.
 * Not shown for a failed payment (it applied nothing) nor a cancelled one (it gave all back).
 */
function PromotionBadge({
  row,
  locale,
  text,
}: {
  row: TransactionRowView;
  locale: string;
  text: TransactionRowText;
}) {
  const badge =
    "mt-1 inline-block rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800";
  if (row.saved) {
    return (
      <p className={badge}>
        <TemplateText
          text={text.history.saved}
          values={{ amount: <Money value={row.saved} locale={locale} /> }}
        />
      </p>
    );
  }
  if (row.promotionCount > 0) return <p className={badge}>{text.history.discountApplied}</p>;
  return null;
}

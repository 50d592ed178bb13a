import type { TransactionStatus } from "@/server/customer-views/transaction-status";
import type { Messages } from "@/server/i18n/messages";

/** Colour only repeats the word (never carries meaning alone); every pair is ≥ 4.5:1 on white. */
const STATUS_COLOURS: Record<TransactionStatus, string> = {
  paid: "text-slate-700",
  partlyRefunded: "text-sky-800",
  refunded: "text-sky-800",
  cancelled: "text-slate-600",
  failed: "text-red-700",
};

export function TransactionStatusText({
  status,
  text,
}: {
  status: TransactionStatus;
  text: Messages["transactionStatus"];
}) {
  return <span className={`text-sm font-medium ${STATUS_COLOURS[status]}`}>{text[status]}</span>;
}

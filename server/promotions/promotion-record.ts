/**
 * What is stored of a payment's or a refund's promotion information (./promo-info.ts): one row per
 * line with its wallet-currency value, and the payment's own reading — the worst of its lines and
 * of the info's own problems, among them a top-level total that is not the sum of the entries
 * (both are kept; the payment is flagged for staff).
 */
import type { Quote } from "../alipayplus/wire";
import type { Money } from "../money/amount";
import { formatMoney } from "../money/format";
import { worstReading, type PromoInfo, type PromoLine, type PromotionReading } from "./promo-info";
import { toWalletAmount, type WalletAmount } from "./wallet-amount";

export type RecordedLine = PromoLine & {
  /** Null when the line has no amount. */
  wallet: WalletAmount | null;
};

export interface PromotionRecord {
  lines: RecordedLine[];
  /** Null when the call carried no promotion information (not a promoted payment). */
  reading: PromotionReading | null;
  /** The info's own problems, the total's disagreement with the entries among them. */
  problems: string[];
  /** The top-level total as received, and in the wallet currency when it converts. */
  total: Money | null;
  totalWallet: WalletAmount | null;
}

export function recordPromotions(
  info: PromoInfo,
  walletCurrency: string,
  quote: Quote | undefined,
): PromotionRecord {
  const lines = info.lines.map((line) => ({
    ...line,
    wallet: line.amount ? toWalletAmount(line.amount, walletCurrency, quote) : null,
  }));
  const totalWallet = info.total ? toWalletAmount(info.total, walletCurrency, quote) : null;
  const problems = [...info.problems];
  const mismatch = totalMismatch(lines, totalWallet, walletCurrency);
  if (mismatch) problems.push(mismatch);
  return {
    lines,
    reading:
      lines.length === 0
        ? null
        : worstReading([
            ...lines.map((l) => l.reading),
            ...(problems.length > 0 ? (["PARTLY_READ"] as const) : []),
          ]),
    problems,
    total: info.total,
    totalWallet,
  };
}

/**
 * The entries' sum against the total, in the wallet currency: only when every entry and the total
 * have a wallet amount (an unread or unconvertible one leaves nothing to compare).
 */
function totalMismatch(
  lines: readonly RecordedLine[],
  total: WalletAmount | null,
  walletCurrency: string,
): string | null {
  const sum = walletSum(lines);
  if (total?.walletAmountMinor == null || sum === null || sum === total.walletAmountMinor) {
    return null;
  }
  const text = (amountMinor: bigint) =>
    formatMoney({ amountMinor, currency: walletCurrency }, "en");
  return `the total savingsAmount (${text(total.walletAmountMinor)}) is not the sum of the entries (${text(sum)})`;
}

/** Σ the lines' wallet amounts; null when there are none or one of them has none. */
function walletSum(lines: readonly RecordedLine[]): bigint | null {
  if (lines.length === 0) return null;
  let sum = 0n;
  for (const line of lines) {
    if (line.wallet?.walletAmountMinor == null) return null;
    sum += line.wallet.walletAmountMinor;
  }
  return sum;
}

/** The columns payment_promotions and refund_promotions share, for one line. */
export function lineColumns(line: RecordedLine, walletCurrency: string) {
  return {
    promoId: line.promoId,
    promoName: line.promoName,
    promoType: line.promoType,
    amountMinor: line.amount?.amountMinor ?? null,
    currency: line.amount?.currency ?? null,
    walletAmountMinor: line.wallet?.walletAmountMinor ?? null,
    walletCurrency,
    conversion: line.wallet?.conversion ?? null,
    rate: line.wallet?.rate ?? null,
    reading: line.reading,
    problems: line.problems,
    raw: line.raw,
  };
}

/**
 * The whole saving in the wallet currency, when it can be told: the top-level total when it
 * converts, else the lines' sum when every line has a wallet amount; else null. What an order
 * cost before its discounts needs (the cashier's "order amount in the wallet currency", as
 * find-transaction.ts's orderInWalletCurrency). Not the pages' "Total saved", which is the total,
 * else the sum of the amounts that could be read (server/customer-views/payment-subqueries.ts).
 */
export function savedInWalletCurrency(record: PromotionRecord): bigint | null {
  return record.totalWallet?.walletAmountMinor ?? walletSum(record.lines);
}

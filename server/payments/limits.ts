/**
 * Wallet limits (README "Wallet limits"): the most one payment may debit, and the most a customer
 * may spend and how many payments they may make in any 24 hours, all in the wallet currency.
 * Alipay+ lists the answers for `pay` (docs.alipayplus.com/alipayplus/alipayplus/api_mpp/pay,
 * integration_auto_debit_mpp/make_payment): PAYMENT_AMOUNT_EXCEED_LIMIT, USER_AMOUNT_EXCEED_LIMIT,
 * PAYMENT_COUNT_EXCEED_LIMIT.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { ledgerEntries, payments } from "@/db/schema";
import type { ResultCode } from "../alipayplus/result-codes";
import type { Money } from "../money/amount";

export interface WalletLimits {
  /** Minor units of the wallet currency; null: no such limit. */
  singlePaymentMax: bigint | null;
  dailyAmountMax: bigint | null;
  dailyCountMax: number | null;
}

/** The configured defaults: amounts per wallet currency, one count for every customer. */
export interface DefaultLimits {
  singlePaymentMax: ReadonlyMap<string, bigint>;
  dailyAmountMax: ReadonlyMap<string, bigint>;
  dailyCountMax: number | null;
}

export const NO_DEFAULT_LIMITS: DefaultLimits = {
  singlePaymentMax: new Map(),
  dailyAmountMax: new Map(),
  dailyCountMax: null,
};

/** Each of the customer's own limits where set, else the default for the wallet currency. */
export function limitsInForce(
  own: WalletLimits,
  walletCurrency: string,
  defaults: DefaultLimits,
): WalletLimits {
  return {
    singlePaymentMax: own.singlePaymentMax ?? defaults.singlePaymentMax.get(walletCurrency) ?? null,
    dailyAmountMax: own.dailyAmountMax ?? defaults.dailyAmountMax.get(walletCurrency) ?? null,
    dailyCountMax: own.dailyCountMax ?? defaults.dailyCountMax,
  };
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface LimitedPayer {
  customerId: string;
  walletCurrency: string;
  limits: WalletLimits;
}

/**
 * The limit a payment debiting `debit` would break, or null. The caller holds the payer's wallet
 * row lock, so concurrent payments of one customer are judged one after the other, each counting
 * the ones committed before it. The 24-hour sums are read only when a daily limit applies.
 */
export async function exceededLimit(
  tx: Tx,
  payer: LimitedPayer,
  debit: Money,
  receivedAt: Date,
): Promise<ResultCode | null> {
  const { singlePaymentMax, dailyAmountMax, dailyCountMax } = payer.limits;
  if (debit.currency !== payer.walletCurrency) {
    throw new Error(
      `a ${debit.currency} debit cannot be held against ${payer.walletCurrency} limits`,
    );
  }
  if (singlePaymentMax !== null && debit.amountMinor > singlePaymentMax) {
    return "PAYMENT_AMOUNT_EXCEED_LIMIT";
  }
  if (dailyAmountMax === null && dailyCountMax === null) return null;
  const spent = await spentInWindow(tx, payer.customerId, receivedAt);
  if (dailyAmountMax !== null && spent.debitedMinor + debit.amountMinor > dailyAmountMax) {
    return "USER_AMOUNT_EXCEED_LIMIT";
  }
  if (dailyCountMax !== null && spent.payments + 1 > dailyCountMax) {
    return "PAYMENT_COUNT_EXCEED_LIMIT";
  }
  return null;
}

/**
 * What the customer's payments received in the 24 hours before `receivedAt` (bound inclusive)
 * debited, and how many there were: those that succeeded and were not cancelled (a cancel gives
 * the room back, a refund does not). There is no upper bound: a payment received a moment after
 * this one can commit before it, and it must count, or both could pass the same limit. Successful
 * payments are matched as `status::text` so that the console's partial index of all successful
 * payments by time is never chosen over the customer's own index (README "Risk").
 */
async function spentInWindow(
  tx: Tx,
  customerId: string,
  receivedAt: Date,
): Promise<{ debitedMinor: bigint; payments: number }> {
  const [row] = await tx
    .select({
      debitedMinor: sql<string>`coalesce(-sum(${ledgerEntries.amountMinor}), 0)::text`,
      payments: sql<number>`count(*)::int`,
    })
    .from(payments)
    .innerJoin(
      ledgerEntries,
      and(eq(ledgerEntries.paymentId, payments.paymentId), eq(ledgerEntries.kind, "PAYMENT")),
    )
    .where(
      and(
        eq(payments.customerId, customerId),
        sql`${payments.status}::text = 'SUCCESS'`,
        gte(payments.receivedAt, new Date(receivedAt.getTime() - WINDOW_MS)),
      ),
    );
  return { debitedMinor: BigInt(row?.debitedMinor ?? "0"), payments: row?.payments ?? 0 };
}

/**
 * What the cashier page shows (README "MPM / Cashier"): the order Alipay+ answered for the scanned
 * code — merchant, order amount in both currencies, exchange rate, each discount, the amount to
 * pay — and where the order stands. Read from the stored answer only; nothing is recomputed except
 * the display conversion of a promotion in a foreign currency
 * (docs/protocol.md#promotion-amounts-in-the-wallet-currency).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { mpmOrders } from "@/db/schema";
import type { JsonValue } from "../alipayplus/strict-json";
import { moneyOrNull, type Money } from "../money/amount";
import { readOrderAnswer } from "../mpm-orders/order-answer";
import { debitAmountOf } from "../payments/pay";
import { recordPromotions, savedInWalletCurrency } from "../promotions/promotion-record";
import { readExchangeRate, type ExchangeRate } from "./exchange-rate";
import { failureReasonOf, type FailureReason } from "./transaction-status";

export type CashierState =
  /** Waiting for Pay or Return. */
  | "open"
  | "paid"
  /** Refused for good (a wallet limit, risk, account, KYC, currency). */
  | "failed"
  /** Returned, expired or cancelled: nothing was taken. */
  | "closed";

export interface CashierDiscount {
  position: number;
  name: string | null;
  type: string | null;
  /** As received (the documented case: already in the wallet currency); null when unreadable. */
  received: Money | null;
  /** In the wallet currency; null when it cannot be converted (shown as received). */
  saving: Money | null;
}

export interface CashierOrderView {
  orderId: string;
  state: CashierState;
  /** The last refusal while open (balance short: top up and retry), or why it failed. */
  problem: FailureReason | null;
  paymentId: string | null;
  merchant: { originalName: string | null; displayName: string | null };
  storeName: string | null;
  orderDescription: string | null;
  /** `orderAmount` in the order currency. */
  order: Money | null;
  /** The order amount in the wallet currency (= to pay + discounts) when the currencies differ. */
  orderInWalletCurrency: Money | null;
  exchangeRate: ExchangeRate | null;
  discounts: CashierDiscount[];
  /**
   * What Pay takes from the wallet, as Alipay+ gave it: the surcharge amount when the order has
   * one, else `payToAmount` (server/payments/pay.ts debitAmountOf).
   */
  toPay: Money;
  /** `paymentAmount`: the same in the order currency, net of the discounts. */
  toPayInOrderCurrency: Money;
  expiresAt: Date | null;
}

/** The customer's own order, or null (someone else's id reads exactly like an unknown one). */
export async function findCashierOrder(
  db: Db,
  customerId: string,
  orderId: string,
  now = new Date(),
): Promise<CashierOrderView | null> {
  const [row] = await db
    .select()
    .from(mpmOrders)
    .where(and(eq(mpmOrders.orderId, orderId), eq(mpmOrders.customerId, customerId)));
  if (!row) return null;
  const read = readOrderAnswer(row.answer as JsonValue, customerId);
  if (read.kind !== "order") return null;
  const { request } = read;
  const walletCurrency = request.payToAmount.currency;
  const quote = request.paymentQuote ?? undefined;

  const promotions = recordPromotions(request.paymentPromoInfo, walletCurrency, quote);
  const discounts = promotions.lines.map((line, position): CashierDiscount => ({
    position,
    name: line.promoName ?? null,
    type: line.promoType ?? null,
    received: line.amount,
    saving: moneyOrNull(line.wallet?.walletAmountMinor ?? null, walletCurrency),
  }));
  const savedMinor = savedInWalletCurrency(promotions);
  const order = request.order.orderAmount ?? null;
  const expired = row.status === "OPEN" && row.expiresAt !== null && row.expiresAt <= now;
  const state: CashierState = expired ? "closed" : stateOf(row.status);
  return {
    orderId: row.orderId,
    state,
    problem:
      state === "failed" || (state === "open" && row.resultCode === "USER_BALANCE_NOT_ENOUGH")
        ? failureReasonOf(row.resultCode)
        : null,
    paymentId: row.paymentId,
    merchant: {
      originalName: request.order.merchant?.merchantName ?? null,
      displayName: request.order.merchant?.merchantDisplayName ?? null,
    },
    storeName: request.order.merchant?.store?.storeName ?? null,
    orderDescription: request.order.orderDescription ?? null,
    order,
    orderInWalletCurrency:
      order && order.currency !== walletCurrency && savedMinor !== null
        ? { amountMinor: request.payToAmount.amountMinor + savedMinor, currency: walletCurrency }
        : null,
    exchangeRate: readExchangeRate({
      quoteCurrencyPair: quote?.quoteCurrencyPair ?? null,
      quotePrice: quote?.quotePrice ?? null,
      quoteUnit: quote?.quoteUnit ?? null,
    }),
    discounts,
    toPay: debitAmountOf(request),
    toPayInOrderCurrency: request.paymentAmount,
    expiresAt: row.expiresAt,
  };
}

function stateOf(status: "OPEN" | "PAID" | "FAILED" | "CLOSED"): CashierState {
  return ({ OPEN: "open", PAID: "paid", FAILED: "failed", CLOSED: "closed" } as const)[status];
}

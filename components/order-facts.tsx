import type { ExchangeRate } from "@/server/customer-views/exchange-rate";
import { describeExchangeRate } from "@/server/customer-views/exchange-rate";
import type { Messages } from "@/server/i18n/messages";
import type { Money as DomainMoney } from "@/server/money/amount";
import { Detail, DetailList } from "./detail-list";
import { Money } from "./money";
import { promotionLabel } from "./promotion-type-label";
import { TemplateText } from "./template-text";

/**
 * The facts of an order as the Alipay+ UX guide puts them on the payment result and the cashier
 * page: the merchant in its own language (and its display name), the order amount in the order
 * currency with its wallet-currency equivalent, and the exchange rate applied.
 */
export interface OrderFactsView {
  merchant: { originalName: string | null; displayName: string | null };
  order: DomainMoney | null;
  orderInWalletCurrency: DomainMoney | null;
  exchangeRate: ExchangeRate | null;
}

export function OrderFacts({
  facts,
  locale,
  t,
}: {
  /** A payment's or a cashier order's view: both carry these four facts. */
  facts: OrderFactsView;
  locale: string;
  t: Messages;
}) {
  const text = t.paymentResult;
  const { order, orderInWalletCurrency, exchangeRate } = facts;
  const { originalName, displayName } = facts.merchant;
  return (
    <DetailList>
      <Detail term={text.merchant}>
        {originalName ?? displayName ?? t.pages.unknownMerchant}
        {originalName && displayName && displayName !== originalName && (
          <span className="block text-sm text-slate-600">{displayName}</span>
        )}
      </Detail>
      {order && (
        <Detail term={text.orderAmount}>
          <Money value={order} locale={locale} />
          {orderInWalletCurrency && (
            <span className="block text-sm text-slate-600">
              <TemplateText
                text={text.inWalletCurrency}
                values={{ amount: <Money value={orderInWalletCurrency} locale={locale} /> }}
              />
            </span>
          )}
        </Detail>
      )}
      {exchangeRate && (
        <Detail term={text.exchangeRate}>{describeExchangeRate(exchangeRate, locale)}</Detail>
      )}
    </DetailList>
  );
}

export interface DiscountLine {
  name: string | null;
  type: string | null;
  /** The saving in the wallet currency; null when not convertible (then `received` is shown). */
  saving: DomainMoney | null;
  /** Null when Alipay+ sent the line without an amount that could be read (then none is shown). */
  received: DomainMoney | null;
}

/** One "Alipay+ discount" line per promotion, each with its name and what it took off. */
export function AlipayDiscountLines({
  discounts,
  labelledBy,
  locale,
  t,
}: {
  discounts: readonly DiscountLine[];
  labelledBy: string;
  locale: string;
  t: Messages;
}) {
  return (
    <ul aria-labelledby={labelledBy} className="divide-y divide-slate-100">
      {/* A fixed, server-rendered list: its order is its identity. */}
      {discounts.map((discount, index) => {
        const shown = discount.saving ?? discount.received;
        return (
          <li key={index} className="flex items-baseline justify-between gap-4 py-2">
            <span className="min-w-0">
              <span className="block font-medium text-slate-900">
                {t.paymentResult.alipayDiscount}
              </span>
              <span className="block text-sm text-slate-600">
                {promotionLabel(discount.name, t)}
              </span>
            </span>
            {shown && (
              <span className="shrink-0 font-medium text-emerald-800">
                <Money value={shown} locale={locale} negate />
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

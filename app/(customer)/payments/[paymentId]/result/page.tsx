import Link from "next/link";
import { notFound } from "next/navigation";
import { customerPaths } from "@/components/customer-paths";
import { Detail, DetailList } from "@/components/detail-list";
import { Money } from "@/components/money";
import { PageShell } from "@/components/page-shell";
import { promotionTypeLabel } from "@/components/promotion-type-label";
import { Section } from "@/components/section";
import { TemplateText } from "@/components/template-text";
import { describeExchangeRate } from "@/server/customer-views/exchange-rate";
import { findTransaction } from "@/server/customer-views/find-transaction";
import { getCustomerContext, titleFrom } from "../../../customer-context";

export const generateMetadata = titleFrom((t) => t.paymentResult.title);

/**
 * The payment result page of the Alipay+ UX guide for wallets (API.md §4 "UX"): the amount paid,
 * the merchant in its own language, the order amount in both currencies, the exchange rate, and
 * an "Alipay+ discount" line per promotion with the way to the discount detail.
 */
export default async function PaymentResultPage({
  params,
}: {
  params: Promise<{ paymentId: string }>;
}) {
  const { paymentId } = await params;
  const { db, customerId, locale, t } = await getCustomerContext();
  const payment = await findTransaction(db, customerId, paymentId);
  if (!payment) notFound();
  const text = t.paymentResult;
  const { originalName, displayName } = payment.merchant;
  const failed = payment.status === "failed";

  return (
    <PageShell
      title={text.headline[payment.status]}
      back={{ href: customerPaths.transactions, label: t.pages.backToTransactions }}
      navigationLabel={t.pages.navigation}
    >
      <div className="px-4 py-6 text-center">
        {payment.paid && (
          <>
            <p className="text-sm text-slate-600">
              {failed ? t.transaction.amountNotPaid : text.amountPaid}
            </p>
            <p className="mt-1 text-3xl font-semibold text-slate-900">
              <Money value={payment.paid} locale={locale} />
            </p>
          </>
        )}
        {payment.failureReason && (
          <p className="mt-3 rounded-lg bg-slate-100 p-3 text-left text-sm leading-relaxed text-slate-800">
            {t.failureReason[payment.failureReason]}
          </p>
        )}
      </div>

      <div className="border-t border-slate-200 px-4 py-3">
        <DetailList>
          <Detail term={text.merchant}>
            {originalName ?? displayName ?? t.pages.unknownMerchant}
            {originalName && displayName && displayName !== originalName && (
              <span className="block text-sm text-slate-600">{displayName}</span>
            )}
          </Detail>
          {payment.order && (
            <Detail term={text.orderAmount}>
              <Money value={payment.order} locale={locale} />
              {payment.orderInWalletCurrency && (
                <span className="block text-sm text-slate-600">
                  <TemplateText
                    text={text.inWalletCurrency}
                    values={{
                      amount: <Money value={payment.orderInWalletCurrency} locale={locale} />,
                    }}
                  />
                </span>
              )}
            </Detail>
          )}
          {payment.exchangeRate && (
            <Detail term={text.exchangeRate}>
              {describeExchangeRate(payment.exchangeRate, locale)}
            </Detail>
          )}
        </DetailList>
      </div>

      {payment.promotions.length > 0 && (
        <Section id="discounts" title={text.discountsHeading}>
          <ul aria-labelledby="discounts" className="divide-y divide-slate-100">
            {payment.promotions.map((promotion) => (
              <li
                key={promotion.id.toString()}
                className="flex items-baseline justify-between gap-4 py-2"
              >
                <span className="min-w-0">
                  <span className="block font-medium text-slate-900">{text.alipayDiscount}</span>
                  <span className="block text-sm text-slate-600">
                    {promotion.name ?? promotionTypeLabel(promotion.type, t.promotionType)}
                  </span>
                </span>
                <span className="shrink-0 font-medium text-emerald-800">
                  <Money value={promotion.saving ?? promotion.received} locale={locale} negate />
                </span>
              </li>
            ))}
          </ul>
          <Link
            href={customerPaths.transaction(payment.paymentId)}
            prefetch={false}
            className="mt-3 inline-flex min-h-11 items-center font-medium text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700"
          >
            {text.discountDetails}
          </Link>
        </Section>
      )}

      {!failed && (
        <p className="px-4 pt-4 text-center text-sm font-medium text-slate-600">{text.paidWith}</p>
      )}
    </PageShell>
  );
}

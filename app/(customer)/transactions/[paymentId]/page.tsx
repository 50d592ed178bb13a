import Link from "next/link";
import { notFound } from "next/navigation";
import { customerPaths } from "@/components/customer-paths";
import { DateTime } from "@/components/date-time";
import { Detail, DetailList } from "@/components/detail-list";
import { Money } from "@/components/money";
import { PageShell } from "@/components/page-shell";
import { PromotionList } from "@/components/promotion-list";
import { Section } from "@/components/section";
import { TemplateText } from "@/components/template-text";
import { TransactionStatusText } from "@/components/transaction-status-text";
import { describeExchangeRate } from "@/server/customer-views/exchange-rate";
import { findTransaction } from "@/server/customer-views/find-transaction";
import { getCustomerContext, titleFrom } from "../../customer-context";

export const generateMetadata = titleFrom((t) => t.transaction.title);

/**
 * Transaction detail (README "Customer pages"): everything about one payment, its promotions and
 * refunds.
 */
export default async function TransactionPage({
  params,
}: {
  params: Promise<{ paymentId: string }>;
}) {
  const { paymentId } = await params;
  const { db, customerId, locale, timeZone, t } = await getCustomerContext();
  const detail = await findTransaction(db, customerId, paymentId);
  if (!detail) notFound();
  const text = t.transaction;
  const { displayName, originalName } = detail.merchant;
  const failed = detail.status === "failed";

  return (
    <PageShell
      title={detail.merchantName ?? t.pages.unknownMerchant}
      back={{ href: customerPaths.transactions, label: t.pages.backToTransactions }}
      navigationLabel={t.pages.navigation}
    >
      <div className="px-4 py-3">
        <DetailList>
          <Detail term={text.status}>
            <TransactionStatusText status={detail.status} text={t.transactionStatus} />
          </Detail>
          <Detail term={text.time}>
            <DateTime value={detail.time} locale={locale} timeZone={timeZone} />
          </Detail>
        </DetailList>
        {detail.failureReason && (
          <p className="mt-2 rounded-lg bg-slate-100 p-3 text-sm leading-relaxed text-slate-800">
            {t.failureReason[detail.failureReason]}
          </p>
        )}
      </div>

      <Section id="amounts" title={text.amountsHeading}>
        <DetailList>
          {detail.order && (
            <Detail term={text.orderAmount}>
              <Money value={detail.order} locale={locale} />
            </Detail>
          )}
          {detail.saved && (
            <Detail term={text.totalSaved}>
              <Money value={detail.saved} locale={locale} />
            </Detail>
          )}
          {detail.paid && (
            <Detail term={failed ? text.amountNotPaid : text.amountPaid} emphasis>
              <Money value={detail.paid} locale={locale} />
            </Detail>
          )}
          {detail.beforeSurcharge && (
            <Detail term={text.beforeSurcharge}>
              <Money value={detail.beforeSurcharge} locale={locale} />
            </Detail>
          )}
          {detail.exchangeRate && (
            <Detail term={text.exchangeRate}>
              {describeExchangeRate(detail.exchangeRate, locale)}
            </Detail>
          )}
        </DetailList>
      </Section>

      {detail.promotions.length > 0 && (
        <Section id="promotions" title={text.promotionsHeading}>
          <PromotionList
            promotions={detail.promotions}
            labelledBy="promotions"
            locale={locale}
            t={t}
          />
        </Section>
      )}

      <Section id="merchant" title={text.merchantHeading}>
        <DetailList>
          {(displayName ?? originalName) && (
            <Detail term={text.merchantName}>{displayName ?? originalName}</Detail>
          )}
          {displayName && originalName && originalName !== displayName && (
            <Detail term={text.merchantOriginalName}>{originalName}</Detail>
          )}
          {detail.storeName && <Detail term={text.store}>{detail.storeName}</Detail>}
          {detail.orderDescription && (
            <Detail term={text.orderDescription}>{detail.orderDescription}</Detail>
          )}
        </DetailList>
      </Section>

      {!failed && (
        <Section id="refunds" title={text.refundsHeading}>
          {detail.refunds.length === 0 ? (
            <p className="text-sm text-slate-600">{text.noRefunds}</p>
          ) : (
            <ul aria-labelledby="refunds" className="divide-y divide-slate-100">
              {detail.refunds.map((refund) => (
                <li key={refund.refundId}>
                  <Link
                    href={customerPaths.refund(refund.refundId)}
                    prefetch={false}
                    className="flex min-h-11 items-center justify-between gap-4 py-2 font-medium text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700"
                  >
                    <span>
                      <TemplateText
                        text={text.refundLink}
                        values={{ amount: <Money value={refund.returned} locale={locale} /> }}
                      />
                    </span>
                    <span className="text-sm font-normal text-slate-600">
                      <DateTime value={refund.time} locale={locale} timeZone={timeZone} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}

      <Section id="references" title={text.referencesHeading}>
        <DetailList>
          <Detail term={text.paymentId}>
            <span className="font-mono text-sm break-all">{detail.paymentId}</span>
          </Detail>
          <Detail term={text.paymentRequestId}>
            <span className="font-mono text-sm break-all">{detail.paymentRequestId}</span>
          </Detail>
        </DetailList>
      </Section>
    </PageShell>
  );
}

import { notFound } from "next/navigation";
import { customerPaths } from "@/components/customer-paths";
import { DateTime } from "@/components/date-time";
import { Detail, DetailList } from "@/components/detail-list";
import { Money } from "@/components/money";
import { PageShell } from "@/components/page-shell";
import { promotionTypeLabel } from "@/components/promotion-type-label";
import { Section } from "@/components/section";
import { findRefund } from "@/server/customer-views/find-refund";
import { getCustomerContext, titleFrom } from "../../customer-context";

export const generateMetadata = titleFrom((t) => t.refundResult.title);

/**
 * Refund result (PRODUCT.md M4; API.md §4: it must show the promotion information): what came
 * back to the wallet, what the refund took back from each promotion and what is left of it, and
 * the payment's totals after this refund.
 */
export default async function RefundPage({ params }: { params: Promise<{ refundId: string }> }) {
  const { refundId } = await params;
  const { db, customerId, locale, timeZone, t } = await getCustomerContext();
  const refund = await findRefund(db, customerId, refundId);
  if (!refund) notFound();
  const text = t.refundResult;
  const totals = refund.afterRefund;

  return (
    <PageShell
      title={text.title}
      back={{ href: customerPaths.transaction(refund.paymentId), label: text.viewPayment }}
      navigationLabel={t.pages.navigation}
    >
      <div className="px-4 py-3">
        <DetailList>
          <Detail term={text.returned} emphasis>
            <Money value={refund.returned} locale={locale} />
          </Detail>
          <Detail term={text.refundAmount}>
            <Money value={refund.refundAmount} locale={locale} />
          </Detail>
          <Detail term={text.time}>
            <DateTime value={refund.time} locale={locale} timeZone={timeZone} />
          </Detail>
          <Detail term={text.merchant}>{refund.merchantName ?? t.pages.unknownMerchant}</Detail>
        </DetailList>
      </div>

      {refund.promotions.length > 0 && (
        <Section id="promotions" title={text.promotionsHeading}>
          <p className="text-sm text-slate-600">{text.promotionsIntro}</p>
          <ul aria-labelledby="promotions" className="mt-2 divide-y divide-slate-200">
            {refund.promotions.map(({ promotion, worth, takenBack, remaining }) => (
              <li key={promotion.id.toString()} className="py-2">
                <p className="font-medium text-slate-900">
                  {promotion.name ?? promotionTypeLabel(promotion.type, t.promotionType)}
                </p>
                <DetailList>
                  <Detail term={text.saved}>
                    <Money value={worth} locale={locale} />
                  </Detail>
                  <Detail term={text.takenBack}>
                    {takenBack ? (
                      <Money value={takenBack} locale={locale} />
                    ) : (
                      text.nothingTakenBack
                    )}
                  </Detail>
                  <Detail term={text.remaining}>
                    <Money value={remaining} locale={locale} />
                  </Detail>
                </DetailList>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section id="totals" title={text.totalsHeading}>
        <DetailList>
          {totals.paid && (
            <Detail term={text.paid}>
              <Money value={totals.paid} locale={locale} />
            </Detail>
          )}
          <Detail term={text.refunded}>
            <Money value={totals.refunded} locale={locale} />
          </Detail>
          {totals.remaining && (
            <Detail term={text.left} emphasis>
              <Money value={totals.remaining} locale={locale} />
            </Detail>
          )}
        </DetailList>
      </Section>
    </PageShell>
  );
}

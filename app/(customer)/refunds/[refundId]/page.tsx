import { notFound } from "next/navigation";
import { customerPaths } from "@/components/customer-paths";
import { DateTime } from "@/components/date-time";
import { Detail, DetailList } from "@/components/detail-list";
import { Money } from "@/components/money";
import { PageShell } from "@/components/page-shell";
import { promotionLabel } from "@/components/promotion-type-label";
import { Section } from "@/components/section";
import { findRefund } from "@/server/customer-views/find-refund";
import type { Messages } from "@/server/i18n/messages";
import type { Money as DomainMoney } from "@/server/money/amount";
import { getCustomerContext, titleFrom } from "../../customer-context";

export const generateMetadata = titleFrom((t) => t.refundResult.title);

/**
 * Refund result (README "Customer pages"; docs/protocol.md#promotions: it must show the promotion
 * information): what came back to the wallet, what the refund took back from each promotion and
 * what is left of it, and the payment's totals after this refund.
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

      {(refund.promotions.length > 0 || refund.otherPromotionLines.length > 0) && (
        <Section id="promotions" title={text.promotionsHeading}>
          <p className="text-sm text-slate-600">{text.promotionsIntro}</p>
          {refund.promotions.length > 0 && (
            <ul aria-labelledby="promotions" className="mt-2 divide-y divide-slate-200">
              {refund.promotions.map(({ promotion, worth, takenBack, remaining }) => (
                <li key={promotion.id.toString()} className="py-2">
                  <p className="font-medium text-slate-900">{promotionLabel(promotion.name, t)}</p>
                  <DetailList>
                    {worth && (
                      <Detail term={text.saved}>
                        <Money value={worth} locale={locale} />
                      </Detail>
                    )}
                    <TakenBack amount={takenBack} text={text} locale={locale} />
                    {remaining && (
                      <Detail term={text.remaining}>
                        <Money value={remaining} locale={locale} />
                      </Detail>
                    )}
                  </DetailList>
                </li>
              ))}
            </ul>
          )}
          {refund.otherPromotionLines.length > 0 && (
            <>
              <h3 id="other-promotions" className="mt-3 text-sm font-semibold text-slate-900">
                {text.otherPromotions}
              </h3>
              <ul aria-labelledby="other-promotions" className="divide-y divide-slate-200">
                {/* A fixed, server-rendered list: its order is its identity. */}
                {refund.otherPromotionLines.map((line, index) => (
                  <li key={index} className="py-2">
                    <p className="font-medium text-slate-900">{promotionLabel(line.name, t)}</p>
                    <DetailList>
                      <TakenBack amount={line.takenBack} text={text} locale={locale} />
                    </DetailList>
                  </li>
                ))}
              </ul>
            </>
          )}
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

function TakenBack({
  amount,
  text,
  locale,
}: {
  amount: DomainMoney | null;
  text: Messages["refundResult"];
  locale: string;
}) {
  return (
    <Detail term={text.takenBack}>
      {amount ? <Money value={amount} locale={locale} /> : text.nothingTakenBack}
    </Detail>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmLink } from "@/components/confirm-link";
import { customerPaths } from "@/components/customer-paths";
import { Money } from "@/components/money";
import { AlipayDiscountLines, OrderFacts } from "@/components/order-facts";
import { PageShell } from "@/components/page-shell";
import { Section } from "@/components/section";
import { findConfirmTarget, MERCHANT_RETURN_SECONDS } from "@/server/customer-views/confirm-target";
import { findTransaction } from "@/server/customer-views/find-transaction";
import { getRuntime } from "@/server/runtime";
import { getCustomerContext, titleFrom } from "../../../customer-context";

export const generateMetadata = titleFrom((t) => t.paymentResult.title);

/**
 * The payment result page of the Alipay+ UX guide for wallets (ux/common_mpp, see
 * docs/protocol.md#promotions): the amount paid, the merchant in its own language, the order amount
 * in both currencies, the exchange rate, and an "Alipay+ discount" line per promotion with the way
 * to the discount detail; then Confirm, back to the merchant after a payment on the cashier page,
 * else to the wallet (server/customer-views/confirm-target.ts).
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
  const failed = payment.status === "failed";
  const confirm = await findConfirmTarget(db, customerId, payment, getRuntime().customerLinks);

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
        <OrderFacts facts={payment} locale={locale} t={t} />
      </div>

      {payment.promotions.length > 0 && (
        <Section id="discounts" title={text.discountsHeading}>
          <AlipayDiscountLines
            discounts={payment.promotions}
            labelledBy="discounts"
            locale={locale}
            t={t}
          />
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

      <ConfirmLink
        href={confirm.url}
        label={text.confirm}
        countdown={
          confirm.kind === "merchant"
            ? {
                seconds: MERCHANT_RETURN_SECONDS,
                locale,
                returning: text.returningToMerchant,
                stop: text.stop,
                stayingHere: text.stayingHere,
              }
            : undefined
        }
      />
    </PageShell>
  );
}

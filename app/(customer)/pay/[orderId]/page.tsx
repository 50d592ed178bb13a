import { notFound, redirect } from "next/navigation";
import { ConfirmLink } from "@/components/confirm-link";
import { customerPaths } from "@/components/customer-paths";
import { DateTime } from "@/components/date-time";
import { Money } from "@/components/money";
import { AlipayDiscountLines, OrderFacts } from "@/components/order-facts";
import { PageShell } from "@/components/page-shell";
import { Section } from "@/components/section";
import { TemplateText } from "@/components/template-text";
import { findCashierOrder } from "@/server/customer-views/find-cashier-order";
import { getRuntime } from "@/server/runtime";
import { getCustomerContext, titleFrom } from "../../customer-context";
import { payOrderAction, returnOrderAction } from "./actions";
import { SubmitButton } from "./submit-button";

export const generateMetadata = titleFrom((t) => t.cashier.title);

/**
 * The cashier page of a merchant-presented order (README "MPM / Cashier"): merchant, order amount
 * in both currencies, exchange rate, each Alipay+ discount, the amount to pay, then Pay and Return.
 * A paid or refused order goes to its payment result; a closed one says nothing was taken, and its
 * Confirm goes to the wallet (a closed order was not paid: nothing to tell the merchant's page).
 */
export default async function CashierPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const { db, customerId, locale, timeZone, t } = await getCustomerContext();
  const order = await findCashierOrder(db, customerId, orderId);
  if (!order) notFound();
  if ((order.state === "paid" || order.state === "failed") && order.paymentId) {
    redirect(customerPaths.paymentResult(order.paymentId));
  }
  const text = t.cashier;
  const open = order.state === "open";

  return (
    <PageShell
      title={open ? text.title : text.closedTitle}
      back={{ href: customerPaths.transactions, label: t.pages.backToTransactions }}
      navigationLabel={t.pages.navigation}
    >
      <div className="px-4 py-6 text-center">
        <p className="text-sm text-slate-600">{text.toPay}</p>
        <p className="mt-1 text-3xl font-semibold text-slate-900" data-testid="cashier-to-pay">
          <Money value={order.toPay} locale={locale} />
        </p>
        {order.toPay.currency !== order.toPayInOrderCurrency.currency && (
          <p className="mt-1 text-sm text-slate-600">
            <TemplateText
              text={text.inOrderCurrency}
              values={{ amount: <Money value={order.toPayInOrderCurrency} locale={locale} /> }}
            />
          </p>
        )}
        {open && order.expiresAt && (
          <p className="mt-2 text-sm text-slate-600">
            <TemplateText
              text={text.payBefore}
              values={{
                time: <DateTime value={order.expiresAt} locale={locale} timeZone={timeZone} />,
              }}
            />
          </p>
        )}
        {open && order.problem === "balanceNotEnough" && (
          <p
            role="alert"
            className="mt-3 rounded-lg bg-amber-50 p-3 text-left text-sm leading-relaxed text-amber-900"
          >
            {text.balanceShort}
          </p>
        )}
        {!open && (
          <p className="mt-3 rounded-lg bg-slate-100 p-3 text-left text-sm leading-relaxed text-slate-800">
            {text.closedBody}
          </p>
        )}
      </div>

      <div className="border-t border-slate-200 px-4 py-3">
        <OrderFacts facts={order} locale={locale} t={t} />
      </div>

      {order.discounts.length > 0 && (
        <Section id="discounts" title={t.paymentResult.discountsHeading}>
          <AlipayDiscountLines
            discounts={order.discounts}
            labelledBy="discounts"
            locale={locale}
            t={t}
          />
        </Section>
      )}

      {open ? (
        <div className="flex flex-col gap-3 px-4 pt-6">
          <form action={payOrderAction.bind(null, order.orderId)}>
            <SubmitButton label={text.pay} pendingLabel={text.paying} primary />
          </form>
          <form action={returnOrderAction.bind(null, order.orderId)}>
            <SubmitButton label={text.return} pendingLabel={text.return} />
          </form>
        </div>
      ) : (
        <ConfirmLink href={getRuntime().customerLinks.walletHome} label={t.paymentResult.confirm} />
      )}
    </PageShell>
  );
}

/**
 * A payment with a surcharge, as Alipay+ sends one (README "Surcharge"): the customer pays the
 * surcharge amount, the wallet still settles payToAmount; then a refund of half of it whose
 * surchargeInfo gives back half of the surcharge amount. On a fresh customer, so that the wallet
 * balance can be checked to the minor unit.
 */
import { toWireAmount } from "../money/amount";
import { formatMoney } from "../money/format";
import { newcomer } from "./attacks";
import { DEMO_MERCHANTS } from "./demo-data";
import { expectResult } from "./expect-result";
import { promotionsFor } from "./promotion-grants";
import { planPay, planRefund, withSurcharge } from "./requests";
import type { SimulatorContext } from "./scenarios";

const PAY = "/aps/api/v1/payments/pay";
const REFUND = "/aps/api/v1/payments/refund";

export async function paySurcharge(ctx: SimulatorContext): Promise<void> {
  const customer = await newcomer(ctx, "SURCHARGE");
  const merchant = DEMO_MERCHANTS.find((m) => m.currency !== customer.currency)!;
  const plan = withSurcharge(
    planPay({
      customerId: customer.customerId,
      walletCurrency: customer.currency,
      merchant,
      orderMinor: merchant.orderMinor[0]!,
      promotions: promotionsFor(ctx, customer, merchant, 1),
    }),
    2n,
  );
  const text = (amountMinor: bigint) =>
    formatMoney({ amountMinor, currency: customer.currency }, "en");

  const before = await ctx.wallet.balanceOf(customer.customerId);
  const paid = expectResult(
    ctx,
    "pay (surcharge)",
    await ctx.alipay.call(PAY, plan.body),
    "SUCCESS",
  );
  await expectBalance(ctx, customer.customerId, before.amountMinor - plan.surcharge.amountMinor);
  ctx.log(
    `  the customer paid the surcharge amount ${text(plan.surcharge.amountMinor)}; payToAmount ${text(plan.payToAmount.amountMinor)}`,
  );

  const half = { numerator: 1n, denominator: 2n };
  const refund = planRefund(plan, String(paid.json?.paymentId), half);
  const surchargeBack = { ...plan.surcharge, amountMinor: plan.surcharge.amountMinor / 2n };
  const body = {
    ...refund.body,
    surchargeInfo: { surchargeAmount: toWireAmount(surchargeBack) },
  };
  expectResult(ctx, "refund (surcharge)", await ctx.alipay.call(REFUND, body), "SUCCESS");
  await expectBalance(
    ctx,
    customer.customerId,
    before.amountMinor - plan.surcharge.amountMinor + surchargeBack.amountMinor,
  );
}

async function expectBalance(
  ctx: SimulatorContext,
  customerId: string,
  expectedMinor: bigint,
): Promise<void> {
  const balance = await ctx.wallet.balanceOf(customerId);
  if (balance.amountMinor !== expectedMinor) {
    throw new Error(
      `${customerId}'s balance is ${balance.amountMinor}, expected ${expectedMinor} minor units`,
    );
  }
}

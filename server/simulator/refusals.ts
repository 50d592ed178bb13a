/**
 * Pays the wallet refuses before any money moves, as Alipay+ would meet them: a customer over
 * their wallet limits (README "Wallet limits") and a pay that arrives after its
 * `paymentExpiryTime` (README "Expiry"). The limits go on a fresh customer, so the demo customers
 * keep none.
 */
import { toWireAmount } from "../money/amount";
import { newcomer } from "./attacks";
import { DEMO_CUSTOMERS, DEMO_MERCHANTS } from "./demo-data";
import { expectInquiredAs, expectResult } from "./expect-result";
import { planPay } from "./requests";
import type { SimulatorContext } from "./scenarios";

const PAY = "/aps/api/v1/payments/pay";
const JPY_MERCHANT = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;

/**
 * At most 10,000 KRW per payment and one payment a day: a small payment passes, a large one is
 * over the single-payment limit (checked first), the next small one over the count.
 */
export async function overLimit(ctx: SimulatorContext): Promise<void> {
  const customer = await newcomer(ctx, "LIMIT");
  const limit = { amountMinor: 10_000n, currency: "KRW" };
  await ctx.wallet.updateCustomer(customer.customerId, {
    limits: { singlePaymentMax: toWireAmount(limit), dailyCountMax: 1 },
  });
  const pay = (orderMinor: bigint) =>
    planPay({
      customerId: customer.customerId,
      walletCurrency: customer.currency,
      merchant: JPY_MERCHANT,
      orderMinor,
      promotions: [],
    });
  const small = pay(500n);
  const large = pay(2200n);
  if (
    small.payToAmount.amountMinor > limit.amountMinor ||
    large.payToAmount.amountMinor <= limit.amountMinor
  ) {
    throw new Error("the demo quote no longer puts the payments on either side of the limit");
  }
  expectResult(ctx, "pay (under the limits)", await ctx.alipay.call(PAY, small.body), "SUCCESS");
  const over = await ctx.alipay.call(PAY, large.body);
  expectResult(ctx, "pay (over one payment's limit)", over, "PAYMENT_AMOUNT_EXCEED_LIMIT");
  const again = await ctx.alipay.call(PAY, pay(500n).body);
  expectResult(ctx, "pay (one payment a day)", again, "PAYMENT_COUNT_EXCEED_LIMIT");
}

/** A pay first seen a minute after its expiry: closed, and the inquiry says so. */
export async function payExpired(ctx: SimulatorContext): Promise<void> {
  const customer = DEMO_CUSTOMERS.find((c) => c.currency === "KRW")!;
  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant: JPY_MERCHANT,
    orderMinor: 1200n,
    promotions: [],
  });
  const body = { ...plan.body, paymentExpiryTime: new Date(Date.now() - 60_000).toISOString() };
  expectResult(ctx, "pay (expired)", await ctx.alipay.call(PAY, body), "ORDER_IS_CLOSED");
  await expectInquiredAs(ctx, plan.paymentRequestId, "ORDER_IS_CLOSED");
}

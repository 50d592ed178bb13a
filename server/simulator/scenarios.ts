/**
 * Traffic the simulated Alipay+ sends to the wallet (`npm run simulate -- <scenario>`); the dev
 * launcher seeds the demo with it. Each scenario checks the answers it gets and throws on a
 * surprise, so a scenario that completes is also a smoke test.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { deviceFarm, emulator, farAway, gambling, newAccount } from "./attacks";
import { autoDebit } from "./auto-debit";
import { overLimit, payExpired } from "./refusals";
import { raiseRiskCase } from "./risk-case";
import { paySurcharge } from "./surcharge";
import type { CustomerApp } from "./customer-app";
import { entryCodePayment, merchantPresented, userPresented } from "./merchant-flows";
import { expectInquiredAs, expectResult } from "./expect-result";
import { promotionsFor, recordGrants } from "./promotion-grants";
import { DEMO_CUSTOMERS, DEMO_MERCHANTS, type DemoCustomer, type DemoMerchant } from "./demo-data";
import {
  PAY_PROMOTION_VARIANTS,
  withPromotionVariant,
  withUnlinkedRefundLine,
  type PayPromotionVariant,
} from "./promotion-variants";
import { paymentReference, planPay, planRefund, type PlannedPay } from "./requests";
import type { SignedClient } from "./signed-client";
import type { WalletClient } from "./wallet-client";

const PAY = "/aps/api/v1/payments/pay";
const REFUND = "/aps/api/v1/payments/refund";
const CANCEL = "/aps/api/v1/payments/cancelPayment";
/** Example requests shaped as the Alipay+ docs show them (README "The simulator"). */
export const EXAMPLES = path.resolve(import.meta.dirname, "examples");

export interface SimulatorContext {
  alipay: SignedClient;
  wallet: WalletClient;
  /** The customer in the wallet app (needs the launch secret); MPM taps Pay with it. */
  customerApp?: CustomerApp;
  /** The simulated Alipay+ server, to read back what it received (notifyPayment). */
  simulatorUrl?: string;
  log: (line: string) => void;
  /** Promotions granted per customer and promo id in this run (see promotionsFor). */
  granted: Map<string, number>;
  /** 0 ≤ n < 1; injectable so that runs can be repeated. */
  random: () => number;
}

interface Scenario {
  description: string;
  run: (ctx: SimulatorContext) => Promise<void>;
}

export const SCENARIOS = {
  setup: { description: "create and fund the demo customers (idempotent)", run: setUpCustomers },
  examples: {
    description:
      "send server/simulator/examples as they are (pay, then the partial refund), then other promotion shapes, a surcharge, an expired pay and one over the wallet limits",
    run: sendExamples,
  },
  pay: {
    description: "one promoted payment abroad",
    run: (ctx) => payOnce(ctx, 1).then(() => undefined),
  },
  "pay-multi-promo-fx": {
    description: "two promotions, JPY order, KRW wallet",
    run: (ctx) => payMultiPromoFx(ctx).then(() => undefined),
  },
  "refund-partial": {
    description: "a payment, then half of it refunded",
    run: (ctx) => payThenRefund(ctx, 1n, 2n),
  },
  "refund-full": {
    description: "a payment, then all of it refunded",
    run: (ctx) => payThenRefund(ctx, 1n, 1n),
  },
  cancel: { description: "a payment, then cancelled", run: payThenCancel },
  "pay-balance-short": {
    description: "a payment larger than the wallet balance: USER_BALANCE_NOT_ENOUGH",
    run: payBalanceShort,
  },
  "pay-over-limit": {
    description:
      "a customer allowed 10,000 KRW a payment and one payment a day: paid, PAYMENT_AMOUNT_EXCEED_LIMIT, PAYMENT_COUNT_EXCEED_LIMIT",
    run: overLimit,
  },
  "pay-surcharge": {
    description:
      "a payment with a 2 % surcharge (the customer pays the surcharge amount), then half of it refunded with its surcharge",
    run: paySurcharge,
  },
  "pay-expired": {
    description: "a pay first seen a minute after its paymentExpiryTime: ORDER_IS_CLOSED",
    run: payExpired,
  },
  duplicates: {
    description: "one pay sent 6 times (5 at once): one debit, one answer",
    run: duplicates,
  },
  mixed: { description: "a random one of the payment scenarios", run: mixed },
  autodebit: {
    description: "auth code, applyToken, evaluation, promoted Auto Debit pay, refresh",
    run: (ctx) => autoDebit(ctx).then(() => undefined),
  },
  mpm: {
    description: "scan a merchant QR, open the cashier page, tap Pay (two promotions, JPY → KRW)",
    run: (ctx) => merchantPresented(ctx).then(() => undefined),
  },
  "mpm-entry-code": {
    description:
      "scan a merchant's entry code, order on the merchant's page, Alipay+ sends the promoted pay",
    run: (ctx) => entryCodePayment(ctx).then(() => undefined),
  },
  "attack-device-farm": {
    description: "three accounts on one phone redeem promotions: the third is rejected",
    run: (ctx) => deviceFarm(ctx).then(() => undefined),
  },
  "attack-emulator": {
    description: "a promoted payment from an emulator: rejected",
    run: emulator,
  },
  "attack-far-away": {
    description: "an in-store payment in Ginza from a phone in Seoul: rejected",
    run: farAway,
  },
  "attack-gambling": {
    description: "a promoted payment at a casino (MCC 7995): rejected",
    run: gambling,
  },
  "attack-new-account": {
    description: "an account opened an hour ago redeems: paid and sent to review",
    run: (ctx) => newAccount(ctx).then(() => undefined),
  },
  "alipay-risk-case": {
    description:
      "a device farm, then Alipay+ raises a risk case naming its payments, accounts, device",
    run: (ctx) => raiseRiskCase(ctx).then(() => undefined),
  },
  upm: {
    description: "payment code for the customer's device, then Alipay+'s promoted pay with it",
    run: (ctx) => userPresented(ctx).then(() => undefined),
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

async function setUpCustomers(ctx: SimulatorContext): Promise<void> {
  for (const customer of DEMO_CUSTOMERS) {
    await ctx.wallet.ensureCustomer(customer, `DEMO-FUNDING-${customer.customerId}`);
    ctx.log(`customer ${customer.customerId} (${customer.currency}) ready`);
  }
}

async function sendExamples(ctx: SimulatorContext): Promise<void> {
  const read = (name: string) => fs.readFile(path.join(EXAMPLES, name), "utf8");
  const payBody = await read("pay-upm-two-promotions.json");
  const refundBody = await read("refund-partial-with-promotion.json");
  const paid = expectResult(ctx, "pay (example)", await ctx.alipay.call(PAY, payBody), "SUCCESS");
  const example = JSON.parse(payBody) as {
    paymentMethod: { customerId: string };
    paymentPromoInfo?: { paymentPromoDetails?: { promoId?: string }[] };
  };
  recordGrants(
    ctx,
    example.paymentMethod.customerId,
    (example.paymentPromoInfo?.paymentPromoDetails ?? []).flatMap((d) =>
      d.promoId ? [d.promoId] : [],
    ),
  );
  const paymentId = String(paid.json?.paymentId);
  const filled = refundBody.replace(
    "<the paymentId the MPP returned for the pay above>",
    paymentId,
  );
  expectResult(ctx, "refund (example)", await ctx.alipay.call(REFUND, filled), "SUCCESS");
  // What a live Alipay+ sends beyond the examples: other promotion shapes, a surcharge, a pay
  // that arrives expired, and a customer over the wallet limits.
  await sendPromotionVariants(ctx);
  await paySurcharge(ctx);
  await payExpired(ctx);
  await overLimit(ctx);
}

/**
 * Promotion information as a live Alipay+ might shape it (./promotion-variants.ts): every pay and
 * the refund must succeed, the wallet storing what it could read and flagging the rest.
 */
async function sendPromotionVariants(ctx: SimulatorContext): Promise<void> {
  let first: { plan: PlannedPay; paymentId: string } | undefined;
  for (const variant of Object.keys(PAY_PROMOTION_VARIANTS) as PayPromotionVariant[]) {
    const plan = promotedPlan(ctx);
    if (!plan) {
      ctx.log(`pay (${variant}): no promotion left to grant the demo customers: skipped`);
      continue;
    }
    const body = withPromotionVariant(plan, variant);
    const answer = expectResult(
      ctx,
      `pay (${variant})`,
      await ctx.alipay.call(PAY, body),
      "SUCCESS",
    );
    first ??= { plan, paymentId: String(answer.json?.paymentId) };
  }
  if (!first) return;
  const refund = withUnlinkedRefundLine(
    planRefund(first.plan, first.paymentId, { numerator: 1n, denominator: 2n }).body,
    {
      promoId: "PROMO-NOT-ON-THIS-PAYMENT",
      promoName: "A promotion of another payment",
      amount: { amountMinor: 1n, currency: first.plan.payToAmount.currency },
    },
  );
  expectResult(
    ctx,
    "refund (a line for a promotion the payment does not have)",
    await ctx.alipay.call(REFUND, refund),
    "SUCCESS",
  );
}

/**
 * A promoted pay for the first demo customer and merchant the simulated Alipay+ still grants a
 * promotion to in this run (a campaign caps redemptions per person); null when none is left.
 */
function promotedPlan(ctx: SimulatorContext): PlannedPay | null {
  for (const customer of DEMO_CUSTOMERS) {
    for (const merchant of DEMO_MERCHANTS) {
      const promotions = promotionsFor(ctx, customer, merchant, 2);
      if (promotions.length === 0) continue;
      return planPay({
        customerId: customer.customerId,
        walletCurrency: customer.currency,
        merchant,
        orderMinor: pick(ctx, merchant.orderMinor),
        promotions,
      });
    }
  }
  return null;
}

async function payOnce(
  ctx: SimulatorContext,
  promotionCount: number,
  customer = pick(ctx, DEMO_CUSTOMERS),
) {
  const merchant = pick(ctx, DEMO_MERCHANTS);
  return sendPay(ctx, customer, merchant, promotionCount);
}

function payMultiPromoFx(ctx: SimulatorContext) {
  const customer = DEMO_CUSTOMERS.find((c) => c.currency === "KRW")!;
  const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
  return sendPay(ctx, customer, merchant, 2);
}

async function sendPay(
  ctx: SimulatorContext,
  customer: DemoCustomer,
  merchant: DemoMerchant,
  promotionCount: number,
): Promise<{ plan: PlannedPay; paymentId: string }> {
  const promotions = promotionsFor(ctx, customer, merchant, promotionCount);
  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant,
    orderMinor: pick(ctx, merchant.orderMinor),
    promotions,
  });
  const answer = expectResult(ctx, "pay", await ctx.alipay.call(PAY, plan.body), "SUCCESS");
  return { plan, paymentId: String(answer.json?.paymentId) };
}

async function payBalanceShort(ctx: SimulatorContext): Promise<void> {
  const customer = DEMO_CUSTOMERS.find((c) => c.currency === "KRW")!;
  const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
  // 10 million JPY is far beyond any demo balance.
  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant,
    orderMinor: 10_000_000n,
    promotions: [],
  });
  expectResult(ctx, "pay", await ctx.alipay.call(PAY, plan.body), "USER_BALANCE_NOT_ENOUGH");
}

async function payThenRefund(
  ctx: SimulatorContext,
  numerator: bigint,
  denominator: bigint,
): Promise<void> {
  const { plan, paymentId } = await payMultiPromoFx(ctx);
  const refund = planRefund(plan, paymentId, { numerator, denominator });
  expectResult(ctx, "refund", await ctx.alipay.call(REFUND, refund.body), "SUCCESS");
}

async function payThenCancel(ctx: SimulatorContext): Promise<void> {
  const { plan } = await payOnce(ctx, 1);
  const reference = paymentReference(plan.paymentRequestId);
  expectResult(ctx, "cancelPayment", await ctx.alipay.call(CANCEL, reference), "SUCCESS");
  await expectInquiredAs(ctx, plan.paymentRequestId, "ORDER_IS_CLOSED");
}

async function duplicates(ctx: SimulatorContext): Promise<void> {
  const customer = pick(ctx, DEMO_CUSTOMERS);
  const merchant = pick(ctx, DEMO_MERCHANTS);
  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant,
    orderMinor: pick(ctx, merchant.orderMinor),
    promotions: promotionsFor(ctx, customer, merchant, 1),
  });
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => ctx.alipay.call(PAY, plan.body)),
  );
  answers.push(await ctx.alipay.call(PAY, plan.body));
  const bodies = new Set(answers.map((a) => a.text));
  answers.forEach((a) => expectResult(ctx, "pay (duplicate)", a, "SUCCESS"));
  if (bodies.size !== 1) throw new Error(`duplicates got ${bodies.size} different answers`);
  ctx.log(`6 copies of ${plan.paymentRequestId}: one answer`);
}

async function mixed(ctx: SimulatorContext): Promise<void> {
  const choices: ScenarioName[] = [
    "pay",
    "pay-multi-promo-fx",
    "refund-partial",
    "refund-full",
    "cancel",
    "duplicates",
  ];
  await SCENARIOS[pick(ctx, choices)].run(ctx);
}

function pick<T>(ctx: SimulatorContext, items: readonly T[]): T {
  const item = items[Math.floor(ctx.random() * items.length)];
  if (item === undefined) throw new Error("nothing to pick from");
  return item;
}

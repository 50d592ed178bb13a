/**
 * `npm run simulate -- mpm`, `-- mpm-entry-code` and `-- upm` (README "The simulator"):
 * the in-store flows end to end, played by everyone involved — the wallet app backend (wallet
 * API), the customer (cashier page, a merchant's page), Alipay+ (the simulated server and signed
 * calls) — and checked: the payment is stored with its promotions, Alipay+ can inquire it,
 * notifyPayment reached the simulator, and the customerId is the same everywhere Alipay+ sees it
 * (docs/protocol.md#risk).
 */
import type { Money } from "../money/amount";
import type { CustomerApp } from "./customer-app";
import { DEMO_CUSTOMERS, DEMO_MERCHANTS, type DemoCustomer, type DemoPromotion } from "./demo-data";
import { encodeSimulatorQr } from "./qr-codes";
import { paymentReference, planPay } from "./requests";
import { promotionsFor } from "./promotion-grants";
import type { SimulatorContext } from "./scenarios";
import { simulatorPaymentRequestId } from "./user-initiated-pay";

const PAY = "/aps/api/v1/payments/pay";
const INQUIRY = "/aps/api/v1/payments/inquiryPayment";
/** How long notifyPayment may take to arrive (the outbox sends it within a second of commit). */
const NOTIFY_WAIT_MS = 10_000;
/** The flows pay in KRW for JPY and SGD merchants (the simulator has those quotes). */
const KRW_CUSTOMER = DEMO_CUSTOMERS.find((c) => c.currency === "KRW")!;

export interface MerchantFlowSummary {
  customerId: string;
  paymentRequestId: string;
  paymentId: string;
  payToAmount: Money;
  /** customerId as each Alipay+ API carried it, by API name. */
  customerIds: Record<string, string>;
}

/** MPM: scan, cashier page, Pay. */
export async function merchantPresented(
  ctx: SimulatorContext,
  customer: DemoCustomer = KRW_CUSTOMER,
): Promise<MerchantFlowSummary> {
  const app = ctx.customerApp;
  if (!app) throw new Error("mpm needs WALLET_LAUNCH_SECRET to open the cashier page");
  const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
  await ctx.wallet.ensureCustomer(customer, `DEMO-FUNDING-${customer.customerId}`);

  const codeValue = encodeSimulatorQr({
    merchant,
    orderMinor: merchant.orderMinor[Math.floor(ctx.random() * merchant.orderMinor.length)]!,
    promotions: promotionsFor(ctx, customer, merchant, 2),
    walletCurrency: customer.currency,
  });
  const deviceId = `DEMO-DEVICE-${customer.customerId}`;
  const order = await ctx.wallet.openMpmOrder(codeValue, customer.customerId, deviceId);
  ctx.log(`mpm: order ${order.orderId} at ${merchant.merchantName}, cashier ${order.cashierUrl}`);
  await app.open(customer.customerId, order.cashierUrl);
  const landed = await app.tap(order.cashierUrl, "Pay");
  const paymentId = /^\/payments\/([^/]+)\/result$/.exec(landed)?.[1];
  if (!paymentId) throw new Error(`Pay landed on ${landed}, not a payment result`);

  const paymentRequestId = simulatorPaymentRequestId(codeValue);
  const scanned = await received(ctx, "userInitiatedPay", { codeValue });
  return finish(ctx, "mpm", customer.customerId, paymentRequestId, paymentId, {
    userInitiatedPay: String(scanned?.customerId),
  });
}

/**
 * Entry code: the customer scans a merchant's static QR, the web view opens the merchant's own
 * page (Alipay+'s `actionForm` redirection), the customer orders there, and Alipay+ sends the
 * wallet a promoted `pay` (scenario EntryCode) naming the customer who scanned. Then the customer's
 * history must show the payment with its promotions.
 */
export async function entryCodePayment(
  ctx: SimulatorContext,
  customer: DemoCustomer = KRW_CUSTOMER,
): Promise<MerchantFlowSummary> {
  const app = ctx.customerApp;
  if (!app) throw new Error("mpm-entry-code needs WALLET_LAUNCH_SECRET to open the history");
  if (!ctx.simulatorUrl)
    throw new Error("mpm-entry-code needs the simulated Alipay+ (--simulator)");
  const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
  await ctx.wallet.ensureCustomer(customer, `DEMO-FUNDING-${customer.customerId}`);
  const promotions = promotionsFor(ctx, customer, merchant, 2);
  const codeValue = encodeSimulatorQr({
    entryCode: true,
    merchant,
    promotions,
    walletCurrency: customer.currency,
  });
  const deviceId = `DEMO-DEVICE-${customer.customerId}`;
  const scanned = await ctx.wallet.scanMerchantCode(codeValue, customer.customerId, deviceId);
  if (scanned.kind !== "merchant-page") throw new Error(`the entry code opened ${scanned.kind}`);
  ctx.log(`mpm-entry-code: ${merchant.merchantName} opens ${scanned.url}`);

  const dishes = await app.buttons(scanned.url);
  const dish = dishes[Math.floor(ctx.random() * dishes.length)];
  if (!dish) throw new Error(`nothing to order on ${scanned.url}`);
  const placed = await app.tap(scanned.url, dish);
  const paymentRequestId = /\/orders\/([^/]+)$/.exec(placed)?.[1];
  if (!paymentRequestId) throw new Error(`ordering landed on ${placed}, not an order`);

  const paid = await ctx.alipay.call(PAY, await plannedPay(ctx.simulatorUrl, paymentRequestId));
  if (paid.resultCode !== "SUCCESS" || !paid.responseSignatureValid) {
    throw new Error(`entry-code pay answered ${paid.status} ${paid.text}`);
  }
  const paymentId = String(paid.json?.paymentId);
  const scan = await received(ctx, "userInitiatedPay", {
    codeValue,
    customerId: customer.customerId,
  });
  const summary = await finish(
    ctx,
    "mpm-entry-code",
    customer.customerId,
    paymentRequestId,
    paymentId,
    {
      userInitiatedPay: String(scan?.customerId),
      pay: String(paid.json?.customerId),
    },
  );
  await expectInHistory(app, customer.customerId, paymentId, promotions);
  return summary;
}

/** UPM: the customer's device shows a code, the merchant scans it, Alipay+ sends pay. */
export async function userPresented(
  ctx: SimulatorContext,
  customer: DemoCustomer = KRW_CUSTOMER,
): Promise<MerchantFlowSummary> {
  const merchant = DEMO_MERCHANTS.find((m) => m.currency === "SGD")!;
  await ctx.wallet.ensureCustomer(customer, `DEMO-FUNDING-${customer.customerId}`);
  const deviceId = `DEMO-DEVICE-${customer.customerId}`;
  const paymentCode = await ctx.wallet.issuePaymentCode(customer.customerId, deviceId);
  const codeRequest = await received(ctx, "getPaymentCode", { customerId: customer.customerId });

  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant,
    orderMinor: merchant.orderMinor[Math.floor(ctx.random() * merchant.orderMinor.length)]!,
    promotions: promotionsFor(ctx, customer, merchant, 2),
  });
  const body = {
    ...plan.body,
    paymentMethod: {
      paymentMethodType: "CONNECT_WALLET",
      paymentMethodId: paymentCode,
      customerId: customer.customerId,
    },
  };
  const paid = await ctx.alipay.call(PAY, body);
  if (paid.resultCode !== "SUCCESS" || !paid.responseSignatureValid) {
    throw new Error(`upm pay answered ${paid.status} ${paid.text}`);
  }
  ctx.log(`upm: code …${paymentCode.slice(-4)} paid at ${merchant.merchantName}`);
  return finish(
    ctx,
    "upm",
    customer.customerId,
    plan.paymentRequestId,
    String(paid.json?.paymentId),
    {
      getPaymentCode: String(codeRequest?.customerId),
      pay: String(paid.json?.customerId),
    },
  );
}

/** Inquiry and notifyPayment, the customerId check, and a top-up of what was paid. */
async function finish(
  ctx: SimulatorContext,
  flow: string,
  customerId: string,
  paymentRequestId: string,
  paymentId: string,
  seen: Record<string, string>,
): Promise<MerchantFlowSummary> {
  const inquiry = await ctx.alipay.call(INQUIRY, paymentReference(paymentRequestId));
  const paymentResult = inquiry.json?.paymentResult as { resultStatus?: string } | undefined;
  if (paymentResult?.resultStatus !== "S" || inquiry.json?.paymentId !== paymentId) {
    throw new Error(`inquiry of ${paymentRequestId} answered ${inquiry.text}`);
  }
  const notified = await notification(ctx, paymentRequestId);
  const customerIds: Record<string, string> = {
    ...seen,
    inquiryPayment: String(inquiry.json?.customerId),
    ...(notified ? { notifyPayment: String(notified.customerId) } : {}),
  };
  const differing = Object.entries(customerIds).filter(([, id]) => id !== customerId);
  if (differing.length > 0) {
    throw new Error(`customerId differs from ${customerId}: ${JSON.stringify(customerIds)}`);
  }
  const payTo = inquiry.json?.payToAmount as { currency?: string; value?: string } | undefined;
  const payToAmount = { amountMinor: BigInt(payTo?.value ?? "0"), currency: payTo?.currency ?? "" };
  // Keeps the demo customer's balance level however often the flow runs.
  await ctx.wallet.topUp(customerId, `DEMO-REFILL-${paymentId}`, payToAmount);
  ctx.log(
    `${flow}: payment ${paymentId} paid; customerId ${customerId} in ${Object.keys(customerIds).join(", ")}` +
      (notified ? "" : " (notifyPayment not checked: no simulator URL)"),
  );
  return { customerId, paymentRequestId, paymentId, payToAmount, customerIds };
}

/** The pay the simulated Alipay+ planned for an order placed on an entry code's merchant page. */
async function plannedPay(
  simulatorUrl: string,
  paymentRequestId: string,
): Promise<Record<string, unknown>> {
  const url = new URL(
    `/_sim/merchant-orders/${encodeURIComponent(paymentRequestId)}`,
    simulatorUrl,
  );
  const response = await fetch(url);
  const json = (await response.json()) as { pay?: Record<string, unknown> };
  if (!response.ok || !json.pay) throw new Error(`no planned pay for ${paymentRequestId}`);
  return json.pay;
}

/** The customer's history lists the payment, and its page names every promotion. */
async function expectInHistory(
  app: CustomerApp,
  customerId: string,
  paymentId: string,
  promotions: readonly DemoPromotion[],
): Promise<void> {
  const detail = `/transactions/${encodeURIComponent(paymentId)}`;
  await app.open(customerId, "/transactions");
  const history = await app.read("/transactions");
  if (!history.html.includes(`href="${detail}"`)) {
    throw new Error(`the history of ${customerId} does not list ${paymentId}`);
  }
  const { text } = await app.read(detail);
  const missing = promotions.filter((p) => !text.includes(p.promoName));
  if (missing.length > 0) {
    throw new Error(`${paymentId} shows no ${missing.map((p) => p.promoName).join(", ")}`);
  }
}

/** The last request the simulator received for `api` whose body has these fields. */
async function received(
  ctx: SimulatorContext,
  api: string,
  match: Record<string, string>,
): Promise<Record<string, unknown> | undefined> {
  if (!ctx.simulatorUrl) return undefined;
  const url = new URL("/_sim/received", ctx.simulatorUrl);
  url.search = new URLSearchParams({ api, ...match }).toString();
  const response = await fetch(url);
  const json = (await response.json()) as { received?: { body: string }[] };
  const last = json.received?.at(-1);
  return last ? (JSON.parse(last.body) as Record<string, unknown>) : undefined;
}

/** The notifyPayment body the simulator received for the payment, waiting for the outbox. */
async function notification(
  ctx: SimulatorContext,
  paymentRequestId: string,
): Promise<Record<string, unknown> | undefined> {
  if (!ctx.simulatorUrl) return undefined;
  const deadline = Date.now() + NOTIFY_WAIT_MS;
  while (Date.now() < deadline) {
    const body = await received(ctx, "notifyPayment", { paymentRequestId });
    if (body) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no notifyPayment for ${paymentRequestId} within ${NOTIFY_WAIT_MS} ms`);
}

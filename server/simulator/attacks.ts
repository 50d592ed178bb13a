/**
 * Attack patterns (README "The simulator", docs/protocol.md#risk): the abuse the seed strategies
 * exist for, sent as the wallet app backend and Alipay+ would see it — device events through the
 * wallet API, then signed promoted pays. Each checks that the wallet rejects (or reviews) what it
 * should and pays what it should, so `npm run dev`'s demo holds rejected and reviewed payments with
 * their traces. Every run uses fresh customers and devices: runs never interfere with each other or
 * the demo.
 */
import { randomBytes } from "node:crypto";
import type { DeviceEventInput } from "../signals/device-events";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS, type DemoCustomer, type DemoMerchant } from "./demo-data";
import { expectResult } from "./expect-result";
import { planPay } from "./requests";
import type { SimulatorContext } from "./scenarios";

const PAY = "/aps/api/v1/payments/pay";
const GINZA_MERCHANT = DEMO_MERCHANTS.find((m) => m.store.referenceStoreId === "S-GINZA-01")!;
/** Seoul: where the far-away customer's phone really is. */
const SEOUL = { lat: 37.5665, lng: 126.978 };

/** A casino abroad (MCC 7995): promoted payments there are gambling. */
const CASINO: DemoMerchant = {
  referenceMerchantId: "M-JP-CASINO-01",
  merchantMCC: "7995",
  merchantName: "Lucky Seven Gaming",
  region: "JP",
  city: "Tokyo",
  store: {
    referenceStoreId: "S-JP-CASINO-01",
    storeName: "Lucky Seven Gaming Roppongi",
    storeMCC: "7995",
    address1: "6-1 Roppongi",
  },
  currency: "JPY",
  orderMinor: [5000n],
};

/** A fresh demo customer (KRW, funded) and a fresh device id. */
export async function newcomer(ctx: SimulatorContext, label: string): Promise<DemoCustomer> {
  const customer: DemoCustomer = {
    customerId: `C-${label}-${randomBytes(4).toString("hex").toUpperCase()}`,
    displayName: `${label} ${randomBytes(2).toString("hex")}`,
    currency: "KRW",
    fundingMinor: 500_000n,
  };
  await ctx.wallet.ensureCustomer(customer, `ATTACK-FUNDING-${customer.customerId}`);
  return customer;
}

function deviceId(label: string): string {
  return `DEV-${label}-${randomBytes(4).toString("hex").toUpperCase()}`;
}

function eventId(): string {
  return `EV-${randomBytes(8).toString("hex")}`;
}

async function events(ctx: SimulatorContext, list: DeviceEventInput[]): Promise<void> {
  const { rejected } = await ctx.wallet.sendDeviceEvents(list);
  if (rejected.length > 0) throw new Error(`device events rejected: ${JSON.stringify(rejected)}`);
}

/** A promoted in-store pay from `device` (Alipay+ forwards it as order.env.deviceTokenId). */
async function promotedPay(
  ctx: SimulatorContext,
  customer: DemoCustomer,
  device: string,
  expected: string,
  merchant: DemoMerchant = GINZA_MERCHANT,
) {
  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant,
    orderMinor: merchant.orderMinor[0]!,
    promotions: (DEMO_PROMOTIONS[merchant.currency] ?? []).slice(0, 1),
  });
  const order = plan.body.order as Record<string, unknown>;
  const body = {
    ...plan.body,
    order: { ...order, env: { ...(order.env as object), deviceTokenId: device } },
  };
  const answer = await ctx.alipay.call(PAY, body);
  expectResult(ctx, `pay by ${customer.customerId}`, answer, expected);
  const paymentId = answer.json?.paymentId;
  return {
    paymentRequestId: plan.paymentRequestId,
    paymentId: typeof paymentId === "string" ? paymentId : undefined,
  };
}

export interface FarmedDevice {
  device: string;
  customerIds: string[];
  /** The pays' request ids, in order: two paid, the third rejected. */
  paymentRequestIds: string[];
}

/** One phone, three accounts logging in and redeeming: the third is rejected. */
export async function deviceFarm(ctx: SimulatorContext): Promise<FarmedDevice> {
  const device = deviceId("FARM");
  const paymentRequestIds: string[] = [];
  const accounts = [
    await newcomer(ctx, "FARM"),
    await newcomer(ctx, "FARM"),
    await newcomer(ctx, "FARM"),
  ];
  const now = Date.now();
  for (const [i, account] of accounts.entries()) {
    await events(ctx, [
      {
        eventId: eventId(),
        type: "login",
        deviceId: device,
        at: new Date(now - (3 - i) * 60_000).toISOString(),
        customerId: account.customerId,
      },
    ]);
    const paid = await promotedPay(ctx, account, device, i < 2 ? "SUCCESS" : "RISK_REJECT");
    paymentRequestIds.push(paid.paymentRequestId);
  }
  ctx.log(`attack-device-farm: 3 accounts on ${device}, the third rejected`);
  return { device, customerIds: accounts.map((a) => a.customerId), paymentRequestIds };
}

/** A promoted payment from an emulator: rejected. */
export async function emulator(ctx: SimulatorContext): Promise<void> {
  const customer = await newcomer(ctx, "EMU");
  const device = deviceId("EMU");
  await events(ctx, [
    {
      eventId: eventId(),
      type: "integrity",
      deviceId: device,
      at: new Date(Date.now() - 30_000).toISOString(),
      appSignatureValid: true,
      emulator: true,
      rooted: false,
      hooked: false,
    },
  ]);
  await promotedPay(ctx, customer, device, "RISK_REJECT");
  ctx.log(`attack-emulator: ${device} rejected`);
}

/** An in-store payment in Ginza from a phone in Seoul: rejected. */
export async function farAway(ctx: SimulatorContext): Promise<void> {
  const customer = await newcomer(ctx, "FAR");
  const device = deviceId("FAR");
  await events(ctx, [
    {
      eventId: eventId(),
      type: "location",
      deviceId: device,
      at: new Date(Date.now() - 5 * 60_000).toISOString(),
      customerId: customer.customerId,
      ...SEOUL,
      accuracyM: 30,
    },
  ]);
  await promotedPay(ctx, customer, device, "RISK_REJECT");
  ctx.log(`attack-far-away: a Ginza payment from Seoul rejected`);
}

/** A promoted payment at a casino: rejected. */
export async function gambling(ctx: SimulatorContext): Promise<void> {
  const customer = await newcomer(ctx, "BET");
  await promotedPay(ctx, customer, deviceId("BET"), "RISK_REJECT", CASINO);
  ctx.log(`attack-gambling: ${CASINO.merchantName} (MCC ${CASINO.merchantMCC}) rejected`);
}

/** An account opened an hour ago redeeming at once: paid, and sent to review. */
export async function newAccount(
  ctx: SimulatorContext,
): Promise<{ customerId: string; paymentId: string | undefined }> {
  const customer = await newcomer(ctx, "NEW");
  await ctx.wallet.updateCustomer(customer.customerId, {
    accountCreatedAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  const { paymentId } = await promotedPay(ctx, customer, deviceId("NEW"), "SUCCESS");
  ctx.log(`attack-new-account: ${customer.customerId} paid, in review`);
  return { customerId: customer.customerId, paymentId };
}

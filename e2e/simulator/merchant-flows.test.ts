/**
 * `npm run simulate -- mpm` and `-- upm` against the suite's server and simulated Alipay+ (README
 * "The simulator"): each flow completes end to end — for MPM including the
 * customer tapping Pay on the cashier page — the payment is stored with its promotions and its
 * device, notifyPayment reaches the simulator, and one customerId appears in getPaymentCode,
 * userInitiatedPay, pay, inquiryPayment and notifyPayment (docs/protocol.md#risk).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createSimulatorContext, devSimulatorCredentials } from "@/server/simulator/context";
import { autoDebit } from "@/server/simulator/auto-debit";
import {
  entryCodePayment,
  merchantPresented,
  userPresented,
  type MerchantFlowSummary,
} from "@/server/simulator/merchant-flows";
import { paymentPromotionsOf, paymentRows } from "../fixtures/db";
import { baseUrl, secrets, uniqueId } from "../fixtures/gateway";

const root = path.resolve(import.meta.dirname, "../..");
const simulatorUrl = process.env.PLUSDESK_SIMULATOR_URL ?? "";
const credentials = devSimulatorCredentials(secrets, simulatorUrl);

/** A customer of the test's own (the demo customers' redemptions belong to `npm run dev`). */
function freshCustomer() {
  return {
    customerId: uniqueId("C"),
    displayName: "Flow",
    currency: "KRW",
    fundingMinor: 500_000n,
  };
}

function context(lines: string[] = []) {
  return createSimulatorContext(baseUrl, credentials, (line) => lines.push(line));
}

/** The flow's payment as stored: paid by its customer on the demo device, both promotions. */
async function expectPaidWithPromotions(summary: MerchantFlowSummary) {
  const [payment] = await paymentRows(summary.paymentRequestId);
  expect(payment).toMatchObject({
    paymentId: summary.paymentId,
    customerId: summary.customerId,
    status: "SUCCESS",
    deviceTokenId: `DEMO-DEVICE-${summary.customerId}`,
  });
  const promotions = await paymentPromotionsOf(summary.paymentId);
  expect(promotions.map((p) => p.promoId)).toEqual(["PROMO-AUTUMN-300", "PROMO-NEWUSER-100"]);
  return payment!;
}

describe("the mpm scenario", () => {
  it("scans, taps Pay on the cashier page, and Alipay+ sees one customerId everywhere", async () => {
    const summary = await merchantPresented(context(), freshCustomer());
    const customerId = summary.customerId;
    expect(summary.customerIds).toEqual({
      userInitiatedPay: customerId,
      inquiryPayment: customerId,
      notifyPayment: customerId,
    });
    await expectPaidWithPromotions(summary);
  });

  it("refuses to run without the launch secret rather than skip the tap", async () => {
    const { walletLaunchSecret: _omitted, ...withoutSecret } = credentials;
    const ctx = createSimulatorContext(baseUrl, withoutSecret, () => undefined);
    await expect(merchantPresented(ctx, freshCustomer())).rejects.toThrow(/WALLET_LAUNCH_SECRET/);
  });
});

describe("the mpm-entry-code scenario", () => {
  it("scans an entry code, orders on the merchant's page, and Alipay+'s pay names the scanning customer", async () => {
    const summary = await entryCodePayment(context(), freshCustomer());
    const customerId = summary.customerId;
    expect(summary.customerIds).toEqual({
      userInitiatedPay: customerId,
      pay: customerId,
      inquiryPayment: customerId,
      notifyPayment: customerId,
    });
    // The device is the one that scanned: the pay itself names none.
    const payment = await expectPaidWithPromotions(summary);
    const sent = payment.request as { paymentMethod?: object; order?: object } | null;
    expect(sent).toMatchObject({
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", customerId },
      paymentFactor: { inStorePaymentScenario: "EntryCode" },
    });
    expect(sent?.paymentMethod).not.toHaveProperty("paymentMethodId");
    expect(JSON.stringify(sent?.order)).not.toContain("deviceTokenId");
  });

  it("refuses to run without the launch secret or the simulator rather than skip a step", async () => {
    const { walletLaunchSecret: _omitted, ...withoutSecret } = credentials;
    const noApp = createSimulatorContext(baseUrl, withoutSecret, () => undefined);
    await expect(entryCodePayment(noApp, freshCustomer())).rejects.toThrow(/WALLET_LAUNCH_SECRET/);
    const noSimulator = createSimulatorContext(
      baseUrl,
      { ...credentials, simulatorUrl: undefined },
      () => undefined,
    );
    await expect(entryCodePayment(noSimulator, freshCustomer())).rejects.toThrow(/--simulator/);
  });
});

describe("the upm scenario", () => {
  it("pays with a code Plusdesk obtained, tied to the device that showed it", async () => {
    const summary = await userPresented(context(), freshCustomer());
    const customerId = summary.customerId;
    expect(summary.customerIds).toEqual({
      getPaymentCode: customerId,
      pay: customerId,
      inquiryPayment: customerId,
      notifyPayment: customerId,
    });
    const [payment] = await paymentRows(summary.paymentRequestId);
    expect(payment).toMatchObject({
      customerId,
      status: "SUCCESS",
      deviceTokenId: `DEMO-DEVICE-${customerId}`,
    });
    expect(await paymentPromotionsOf(summary.paymentId)).toHaveLength(2);
  });
});

describe("one customer through every flow", () => {
  it("is named by one customerId in getPaymentCode, userInitiatedPay, applyToken, pay, inquiryPayment and notifyPayment", async () => {
    const customer = freshCustomer();
    const ctx = context();
    const upm = await userPresented(ctx, customer);
    const mpm = await merchantPresented(ctx, customer);
    const autodebit = await autoDebit(ctx, customer);
    const seen = new Set([
      ...Object.values(upm.customerIds),
      ...Object.values(mpm.customerIds),
      autodebit.applyTokenCustomerId,
      autodebit.refreshCustomerId,
      autodebit.payCustomerId,
    ]);
    expect([...seen]).toEqual([customer.customerId]);
    expect(Object.keys({ ...upm.customerIds, ...mpm.customerIds }).sort()).toEqual([
      "getPaymentCode",
      "inquiryPayment",
      "notifyPayment",
      "pay",
      "userInitiatedPay",
    ]);
  });
});

describe("npm run simulate", () => {
  it.each(["mpm", "mpm-entry-code", "upm"])(
    "-- %s exits 0 and names the APIs that carried the customerId",
    async (flow) => {
      const { stdout } = await promisify(execFile)(
        path.join(root, "node_modules/.bin/tsx"),
        ["server/cli/simulate.ts", flow, "--url", baseUrl, "--simulator", simulatorUrl],
        {
          cwd: root,
          timeout: 60_000,
          env: {
            NODE_ENV: "test",
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            ALIPAYPLUS_CLIENT_ID: secrets.clientId,
            SIMULATOR_PRIVATE_KEY: secrets.simulatorPrivateKeyPem,
            MPP_PUBLIC_KEY: secrets.mppPublicKeyPem,
            WALLET_API_KEY: secrets.walletApiKey,
            WALLET_LAUNCH_SECRET: secrets.walletLaunchSecret,
          },
        },
      );
      expect(stdout).toMatch(
        new RegExp(`${flow}: payment P\\d+ paid; customerId C-\\d+ in .*notifyPayment`),
      );
    },
  );
});

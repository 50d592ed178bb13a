/**
 * Entry codes over real HTTP and the real database: a static merchant QR that Alipay+ (the suite's
 * simulator) answers with `actionForm` instead of an order. The wallet API hands the wallet app
 * the merchant's page, clearly not an order, after checking the address; the scan is kept, and the
 * `pay` Alipay+ sends later (scenario EntryCode, naming only the customer) is paid by that
 * customer and attributed to the device that scanned (README "MPM / Cashier").
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { entryCodeScans, mpmOrders } from "@/db/schema";
import { ENTRY_CODE_DEVICE_WINDOW_MS } from "@/server/mpm-orders/entry-codes";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS } from "@/server/simulator/demo-data";
import { encodeSimulatorQr, type SimulatorEntryCode } from "@/server/simulator/qr-codes";
import { paymentPromotionsOf, paymentRows } from "../fixtures/db";
import {
  callGateway,
  createCustomer,
  database,
  PAY,
  payRequest,
  storedHash,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { resultMatching } from "../fixtures/matchers";
import { suiteSimulatorUrl } from "../fixtures/simulator";

const ORDERS = "/api/wallet/v1/mpm/orders";
const { db } = database;
const UJI_SABO = DEMO_MERCHANTS[0]!;

function entryCode(overrides: Partial<SimulatorEntryCode> = {}): string {
  return encodeSimulatorQr({
    entryCode: true,
    merchant: UJI_SABO,
    promotions: DEMO_PROMOTIONS.JPY!,
    walletCurrency: "KRW",
    ...overrides,
  });
}

function scan(customerId: string, codeValue: string, deviceId = uniqueId("DEV")) {
  return walletApi("POST", ORDERS, { codeValue, customerId, deviceId });
}

function scansOf(customerId: string) {
  return db.select().from(entryCodeScans).where(eq(entryCodeScans.customerId, customerId));
}

/** The pay Alipay+ sends after an order on an entry page: the customer named, no payment code. */
function entryCodePay(customerId: string, overrides: Record<string, unknown> = {}) {
  return payRequest(customerId, {
    paymentMethod: { paymentMethodType: "CONNECT_WALLET", customerId },
    paymentFactor: { isInStorePayment: "true", inStorePaymentScenario: "EntryCode" },
    ...overrides,
  });
}

async function paidDevice(body: ReturnType<typeof payRequest>) {
  const answer = await callGateway(PAY, body);
  expect(answer.json?.result).toEqual(resultMatching("SUCCESS", "S"));
  const [payment] = await paymentRows(body.paymentRequestId);
  return payment?.deviceTokenId ?? null;
}

describe("POST /api/wallet/v1/mpm/orders with an entry code", () => {
  it("answers the merchant's page, not an order, and keeps the scan", async () => {
    const customerId = await createCustomer();
    const deviceId = uniqueId("DEV");
    const code = entryCode();
    const { status, json } = await scan(customerId, code, deviceId);
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(["kind", "url"]);
    expect(json.kind).toBe("merchant-page");
    const url = json.url as unknown as string;
    expect(url).toMatch(new RegExp(`^${suiteSimulatorUrl}/merchant/entry/[\\w-]+$`));

    const [row, ...more] = await scansOf(customerId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ deviceId, merchantPageUrl: url });
    expect(row?.codeValueHash).toBe(storedHash(code));
    expect(await db.select().from(mpmOrders).where(eq(mpmOrders.customerId, customerId))).toEqual(
      [],
    );
  });

  it("gives every customer scanning one static code a page of their own", async () => {
    const code = entryCode();
    const first = await createCustomer();
    const second = await createCustomer();
    const a = await scan(first, code);
    const b = await scan(second, code);
    const again = await scan(first, code);
    expect([a.status, b.status, again.status]).toEqual([200, 200, 200]);
    expect(a.json.url).not.toEqual(b.json.url);
    expect(again.json.url).toEqual(a.json.url);
  });

  it.each([
    ["script", { actionFormType: "REDIRECTION", redirectionUrl: "javascript:alert(1)" }],
    ["credentials", { actionFormType: "REDIRECTION", redirectionUrl: "https://u:p@shop.example/" }],
    ["a local file", { actionFormType: "REDIRECTION", redirectionUrl: "file:///etc/passwd" }],
    ["a relative path", { actionFormType: "REDIRECTION", redirectionUrl: "/merchant" }],
    ["no address", { actionFormType: "REDIRECTION" }],
    ["another action", { actionFormType: "QRCODE", redirectionUrl: "https://shop.example/" }],
    ["no action type", { redirectionUrl: "https://shop.example/" }],
    ["not an object", "https://shop.example/"],
  ])(
    "refuses an answer whose actionForm holds %s: 502 INVALID_RESPONSE, nothing kept",
    async (_case, actionForm) => {
      const customerId = await createCustomer();
      const { status, json } = await scan(customerId, entryCode({ actionForm }));
      expect(status).toBe(502);
      expect(json.error).toMatchObject({ code: "INVALID_RESPONSE" });
      expect(await scansOf(customerId)).toEqual([]);
    },
  );
});

describe("the pay after an entry-code scan (inStorePaymentScenario EntryCode)", () => {
  it("is paid by the customer it names, with its promotions, on the device that scanned", async () => {
    const customerId = await createCustomer();
    const deviceId = uniqueId("DEV");
    await scan(customerId, entryCode(), deviceId);
    const body = entryCodePay(customerId);
    expect(await paidDevice(body)).toBe(deviceId);
    const [payment] = await paymentRows(body.paymentRequestId);
    expect(payment).toMatchObject({ customerId, status: "SUCCESS" });
    const promotions = await paymentPromotionsOf(payment!.paymentId);
    expect(promotions.map((p) => p.promoId)).toEqual(["PROMO-AUTUMN-300", "PROMO-NEWUSER-100"]);
  });

  it("takes the device of the customer's latest scan", async () => {
    const customerId = await createCustomer();
    const later = uniqueId("DEV");
    await scan(customerId, entryCode(), uniqueId("DEV"));
    await scan(customerId, entryCode({ promotions: [] }), later);
    expect(await paidDevice(entryCodePay(customerId))).toBe(later);
  });

  it("does not take a device from a scan outside the window, another customer's scan or another scenario", async () => {
    const customerId = await createCustomer();
    const other = await createCustomer();
    await db.insert(entryCodeScans).values({
      customerId,
      deviceId: uniqueId("DEV-OLD"),
      codeValueHash: "h",
      merchantPageUrl: "https://shop.example/",
      scannedAt: new Date(Date.now() - ENTRY_CODE_DEVICE_WINDOW_MS - 60_000),
    });
    await scan(other, entryCode(), uniqueId("DEV-OTHER"));
    expect(await paidDevice(entryCodePay(customerId))).toBeNull();

    // A scan in the window does not name the device of a pay of another scenario: the pay's own
    // order.env does, as before.
    await scan(customerId, entryCode(), uniqueId("DEV-SCAN"));
    const envDevice = uniqueId("DEV-ENV");
    const upm = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", customerId },
      order: { ...payRequest(customerId).order, env: { deviceTokenId: envDevice } },
    });
    expect(await paidDevice(upm)).toBe(envDevice);
  });
});

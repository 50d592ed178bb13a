/**
 * The rules at the cashier (through a real signed pay and a cashier pay,
 * docs/protocol.md#risk-rules): each rule that can see a merchant-presented order, hit through the
 * wallet API and the cashier's Pay, with its decision recorded as CASHIER. A REVIEW pays; a REJECT
 * fails the order for good. (Gambling needs a gambling merchant's QR code, which the simulator's
 * demo world does not have; it is covered through `pay` in pay-rules.test.ts.)
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mpmOrders } from "@/db/schema";
import { payOrder } from "@/server/mpm-orders/cashier";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS, DEMO_STORES } from "@/server/simulator/demo-data";
import { encodeSimulatorQr } from "@/server/simulator/qr-codes";
import { upsertStores } from "@/server/stores/stores";
import {
  callGateway,
  createCustomer,
  database,
  PAY,
  payRequest,
  REFUND,
  refundRequest,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { decisionsOf, listEntry, verdictIn } from "../fixtures/risk";
import { isoFromNow, locationEvent, loginEvent, sendDeviceEvents } from "../fixtures/signals";

const { db } = database;
const GINZA_MERCHANT = DEMO_MERCHANTS.find((m) => m.store.referenceStoreId === "S-GINZA-01")!;
const AUTUMN = DEMO_PROMOTIONS.JPY!.find((p) => p.promoId === "PROMO-AUTUMN-300")!;

beforeAll(async () => {
  await upsertStores(db, DEMO_STORES);
});

/** Scans a promoted Ginza order from `device` and taps Pay: the outcome and the decision. */
async function cashierPay(customerId: string, device: string) {
  const { status, json } = await walletApi("POST", "/api/wallet/v1/mpm/orders", {
    codeValue: encodeSimulatorQr({
      merchant: GINZA_MERCHANT,
      orderMinor: 2200n,
      promotions: [AUTUMN],
      walletCurrency: "KRW",
    }),
    customerId,
    deviceId: device,
  });
  expect(status, JSON.stringify(json)).toBe(201);
  const orderId = json.orderId as unknown as string;
  const outcome = await payOrder(db, customerId, orderId);
  const [order] = await db.select().from(mpmOrders).where(eq(mpmOrders.orderId, orderId));
  const [decision] = await decisionsOf(order!.paymentRequestId);
  expect(decision?.context).toBe("CASHIER");
  return { outcome, decision: decision! };
}

async function events(list: unknown[]) {
  const { status, json } = await sendDeviceEvents(list);
  expect(json.rejected, JSON.stringify(json)).toEqual([]);
  expect(status).toBe(200);
}

/** Each case prepares a customer and a device, then expects the outcome of a cashier Pay. */
const CASES: [
  string,
  (customerId: string, device: string) => Promise<void>,
  "paid" | "failed",
  "REJECT" | "REVIEW",
][] = [
  [
    "repeatRedemption",
    async (customerId, device) => {
      for (let i = 0; i < 3; i++)
        expect((await cashierPay(customerId, device)).outcome.kind).toBe("paid");
    },
    "failed",
    "REJECT",
  ],
  [
    "deviceFarming",
    async (_customerId, device) => {
      for (let i = 0; i < 2; i++) await cashierPay(await createCustomer(), device);
    },
    "failed",
    "REJECT",
  ],
  [
    "newAccount",
    async (customerId) => {
      await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
        accountCreatedAt: isoFromNow(-3_600_000),
      });
    },
    "paid",
    "REVIEW",
  ],
  [
    "promoThenRefund",
    async (customerId) => {
      for (let i = 0; i < 3; i++) {
        // Promotions of their own: AUTUMN's redemptions would trip the repeat rule instead.
        const body = {
          ...payRequest(customerId),
          paymentPromoInfo: {
            paymentPromoDetails: [
              {
                promoId: uniqueId("PROMO"),
                promoName: "Refunded promotion",
                promoType: "DISCOUNT",
                savingsAmount: { currency: "KRW", value: "930" },
              },
            ],
          },
        };
        expect((await callGateway(PAY, body)).resultCode).toBe("SUCCESS");
        expect((await callGateway(REFUND, refundRequest(body.paymentRequestId))).resultCode).toBe(
          "SUCCESS",
        );
      }
    },
    "paid",
    "REVIEW",
  ],
  ["blockList", (_customerId, device) => listEntry("BLOCK", "DEVICE", device), "failed", "REJECT"],
  [
    "badCredit",
    async (customerId) => {
      await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, { creditScore: 120 });
    },
    "failed",
    "REJECT",
  ],
  [
    "locationMismatch",
    (customerId, device) =>
      events([locationEvent({ deviceId: device, customerId, lat: 34.7036, lng: 135.4992 })]),
    "failed",
    "REJECT",
  ],
  [
    "sharedDevice",
    (_customerId, device) =>
      events([loginEvent({ deviceId: device }), loginEvent({ deviceId: device })]),
    "failed",
    "REJECT",
  ],
];

describe("cashier Pay", () => {
  it.each(CASES)("%s: hit → %s (%s)", async (rule, prepare, kind, outcome) => {
    const customerId = await createCustomer();
    const device = uniqueId("DEV");
    await prepare(customerId, device);
    const { outcome: paid, decision } = await cashierPay(customerId, device);
    expect(paid.kind).toBe(kind);
    if (paid.kind === "failed") expect(paid.resultCode).toBe("RISK_REJECT");
    expect(decision.outcome).toBe(outcome);
    expect(verdictIn(decision, rule)?.verdict).toBe("HIT");
  });

  it("a clean order pays, each rule having said MISS or UNAVAILABLE", async () => {
    const { outcome, decision } = await cashierPay(await createCustomer(), uniqueId("DEV"));
    expect(outcome.kind).toBe("paid");
    expect(decision.outcome).toBe("ALLOW");
    const verdicts = new Set((decision.verdicts as { verdict: string }[]).map((v) => v.verdict));
    expect(verdicts.has("HIT")).toBe(false);
  });
});

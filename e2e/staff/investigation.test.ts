/**
 * The payment investigation (README "Staff console") over one payment made through the
 * real APIs: device events from the wallet API (logins of several accounts, integrity results,
 * location fixes), a signed promoted in-store pay the new-account rule sends to REVIEW, a signed
 * partial refund with a clawback. Everything the page needs comes back from `payments.investigate`:
 * order, merchant and registered store, amounts, promotions, the refund and its clawback, ledger
 * entries, the decision trace, the device's history with distances to the store (checked against
 * an independent computation to the metre), the accounts of the last 30 days, and the raw inbound
 * calls with their signature verdicts. Then a reject that blocks the device shows up there too.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { inboundCalls } from "@/db/schema";
import { DEMO_STORES } from "@/server/simulator/demo-data";
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
import {
  integrityEvent,
  isoFromNow,
  locationEvent,
  loginEvent,
  sendDeviceEvents,
} from "../fixtures/signals";
import { createStaffAccount, staffCaller } from "../fixtures/staff";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GINZA = DEMO_STORES.find((s) => s.referenceStoreId === "S-GINZA-01")!;
/** A fix 80-odd metres from the store, and one in Osaka. */
const NEAR = { lat: 35.6721, lng: 139.7661 };
const OSAKA = { lat: 34.7036, lng: 135.4992 };

/**
 * Great-circle distance computed another way than server/risk/geo.ts (haversine): the chord
 * between the two points as unit vectors, turned into the central angle. Same sphere radius.
 */
function chordKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const vector = ({ lat, lng }: { lat: number; lng: number }) => {
    const [phi, lambda] = [(lat * Math.PI) / 180, (lng * Math.PI) / 180];
    return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
  };
  const [p, q] = [vector(a), vector(b)];
  const chord = Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
  return 2 * 6371.0088 * Math.asin(chord / 2);
}

async function events(list: unknown[]) {
  const { status, json } = await sendDeviceEvents(list);
  expect(status, JSON.stringify(json)).toBe(200);
  expect(json.rejected).toEqual([]);
}

async function waitForInboundCalls(paymentRequestId: string, count: number) {
  // The call log is written after each answer went out (Next's after()): give it a moment.
  for (let i = 0; i < 100; i++) {
    const rows = await database.db
      .select({ id: inboundCalls.id })
      .from(inboundCalls)
      .where(eq(inboundCalls.paymentRequestId, paymentRequestId));
    if (rows.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${count} inbound calls logged for ${paymentRequestId}`);
}

describe("payment investigation", () => {
  const deviceId = uniqueId("DEV-INV");
  const friend = uniqueId("C-FRIEND");
  const stranger = uniqueId("C-STRANGER");
  const longAgo = uniqueId("C-LONG-AGO");
  let customerId: string;
  let paymentId: string;
  let paymentRequestId: string;
  let refundId: string;
  let api: Awaited<ReturnType<typeof staffCaller>>;
  let analystApi: Awaited<ReturnType<typeof staffCaller>>;

  beforeAll(async () => {
    await upsertStores(database.db, DEMO_STORES);
    api = await staffCaller(await createStaffAccount("VIEWER", "investigation"));
    analystApi = await staffCaller(await createStaffAccount("ANALYST", "investigation"));
    customerId = await createCustomer();
    const put = await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
      accountCreatedAt: isoFromNow(-2 * HOUR),
      creditRating: "GOOD",
      creditScore: 720,
    });
    expect(put.status).toBe(200);
    // Logins: the payer now, two others within 30 days but over 24 h ago (no shared-device hit),
    // one more 31 days ago (outside the window). Integrity: tampered 3 days ago, clean now.
    await events([
      loginEvent({ deviceId, customerId, at: isoFromNow(-5 * 60_000) }),
      loginEvent({ deviceId, customerId, at: isoFromNow(-3 * DAY) }),
      loginEvent({ deviceId, customerId: friend, at: isoFromNow(-2 * DAY) }),
      loginEvent({ deviceId, customerId: stranger, at: isoFromNow(-10 * DAY) }),
      loginEvent({ deviceId, customerId: stranger, at: isoFromNow(-9 * DAY) }),
      loginEvent({ deviceId, customerId: longAgo, at: isoFromNow(-31 * DAY) }),
      integrityEvent({ deviceId, at: isoFromNow(-3 * DAY), emulator: true }),
      integrityEvent({ deviceId, at: isoFromNow(-10 * 60_000) }),
      locationEvent({ deviceId, customerId, at: isoFromNow(-2 * DAY), ...OSAKA, accuracyM: 40 }),
      locationEvent({ deviceId, customerId, at: isoFromNow(-4 * 60_000), ...NEAR, accuracyM: 15 }),
    ]);
    const base = payRequest(customerId);
    const body = { ...base, order: { ...base.order, env: { deviceTokenId: deviceId } } };
    const answer = await callGateway(PAY, body);
    expect(answer.resultCode).toBe("SUCCESS");
    paymentId = String(answer.json?.paymentId);
    paymentRequestId = body.paymentRequestId;
    const refund = await callGateway(
      REFUND,
      refundRequest(paymentRequestId, {
        refundPromoInfo: {
          paymentPromoDetails: [
            {
              promoId: "PROMO-AUTUMN-300",
              promoName: "Autumn Japan: 300 JPY off",
              promoType: "CASHLESS_FIXED_VOUCHER",
              savingsAmount: { currency: "KRW", value: "1395" },
            },
          ],
        },
      }),
    );
    expect(refund.resultCode).toBe("SUCCESS");
    refundId = String(refund.json?.refundId);
    await waitForInboundCalls(paymentRequestId, 2);
  });

  it("shows the order, merchant, registered store, amounts and customer", async () => {
    const found = await api.payments.investigate({ paymentId });
    expect(found.payment).toMatchObject({
      paymentId,
      paymentRequestId,
      status: "SUCCESS",
      resultCode: "SUCCESS",
      customerId,
      referenceOrderId: expect.stringMatching(/^ORD-/) as unknown,
      orderDescription: "Matcha set x2",
      referenceMerchantId: "M-JP-000123",
      merchantDisplayName: "Uji Sabo Ginza",
      referenceStoreId: "S-GINZA-01",
      orderAmountMinor: "2200",
      orderCurrency: "JPY",
      paymentAmountMinor: "1800",
      paymentCurrency: "JPY",
      payToAmountMinor: "16740",
      payToCurrency: "KRW",
      quoteCurrencyPair: "JPY/KRW",
      quotePrice: "9.3",
      isInStorePayment: true,
      deviceTokenId: deviceId,
    });
    // The idempotency record and the payment code's hash stay out of the page.
    expect(found.payment).not.toHaveProperty("requestHash");
    expect(found.payment).not.toHaveProperty("paymentMethodIdHash");
    expect(found.store).toMatchObject({
      referenceStoreId: "S-GINZA-01",
      lat: GINZA.lat,
      lng: GINZA.lng,
    });
    expect(found.customer).toMatchObject({ customerId, creditRating: "GOOD", creditScore: 720 });
  });

  it("shows every promotion, the refund with its clawback, and the ledger entries", async () => {
    const found = await api.payments.investigate({ paymentId });
    expect(
      found.promotions.map((p) => [
        p.position,
        p.promoId,
        p.amountMinor,
        p.currency,
        p.walletAmountMinor,
      ]),
    ).toEqual([
      [0, "PROMO-AUTUMN-300", "2790", "KRW", "2790"],
      [1, "PROMO-NEWUSER-100", "930", "KRW", "930"],
    ]);
    expect(found.refunds).toHaveLength(1);
    expect(found.refunds[0]).toMatchObject({
      refundId,
      status: "SUCCESS",
      refundAmountMinor: "900",
      refundCurrency: "JPY",
      refundFromAmountMinor: "8370",
      refundFromCurrency: "KRW",
    });
    expect(found.refunds[0]).not.toHaveProperty("requestHash");
    expect(found.refunds[0]?.promotions.map((c) => [c.promoId, c.amountMinor, c.currency])).toEqual(
      [["PROMO-AUTUMN-300", "1395", "KRW"]],
    );
    expect(found.ledger.map((e) => [e.kind, e.amountMinor, e.currency, e.refundId])).toEqual([
      ["PAYMENT", "-16740", "KRW", null],
      ["REFUND", "8370", "KRW", refundId],
    ]);
    expect(
      BigInt(found.ledger[1]!.balanceAfterMinor) - BigInt(found.ledger[0]!.balanceAfterMinor),
    ).toBe(8370n);
  });

  it("traces the decision: outcome, rule-set version, every rule's verdict and values, the state signals", async () => {
    const found = await api.payments.investigate({ paymentId });
    expect(found.decisions).toHaveLength(1);
    const [decision] = found.decisions;
    expect(decision).toMatchObject({
      context: "PAY",
      outcome: "REVIEW",
      paymentId,
      customerId,
      deviceId,
      ruleSetVersion: expect.any(Number) as unknown,
      campaigns: [],
    });
    const verdict = (rule: string) => decision!.verdicts.find((v) => v.rule === rule);
    expect(verdict("newAccount")).toMatchObject({
      verdict: "HIT",
      action: "REVIEW",
      campaign: null,
      values: { minAccountAgeHours: 24 },
    });
    // One account logged in within 24 h (the payer): no shared device; the latest integrity is clean.
    expect(verdict("sharedDevice")).toMatchObject({
      verdict: "MISS",
      values: { accountsOnDevice: 1 },
    });
    expect(verdict("tamperedDevice")).toMatchObject({
      verdict: "MISS",
      values: { emulator: false },
    });
    expect(verdict("locationMismatch")?.verdict).toBe("MISS");
    expect(decision!.verdicts.map((v) => v.rule)).toEqual(
      expect.arrayContaining([
        "repeatRedemption",
        "deviceFarming",
        "gambling",
        "badCredit",
        "blockList",
      ]),
    );
    expect(decision!.signals).toMatchObject({
      customer: { creditRating: "GOOD", creditScore: 720 },
      store: { region: "JP", lat: GINZA.lat, lng: GINZA.lng },
      location: { lat: NEAR.lat, lng: NEAR.lng, accuracyM: 15 },
    });
    expect(found.review).toBeNull();
  });

  it("shows the device: accounts of the last 30 days, integrity history, locations with the distance to the store", async () => {
    const found = await api.payments.investigate({ paymentId });
    expect(found.deviceId).toBe(deviceId);
    const device = found.device!;
    expect(device.accounts.map((a) => [a.customerId, a.logins, a.displayName])).toEqual([
      [customerId, 2, "Test Customer"],
      [friend, 1, null],
      [stranger, 2, null],
    ]);
    const payer = device.accounts[0]!;
    expect(Date.parse(payer.lastSeen) - Date.parse(payer.firstSeen)).toBeGreaterThan(
      3 * DAY - 10 * 60_000,
    );
    expect(device.accounts.map((a) => a.customerId)).not.toContain(longAgo);

    expect(device.integrity.map((c) => [c.emulator, c.tampered])).toEqual([
      [false, false],
      [true, true],
    ]);

    expect(device.locations.map((l) => [l.lat, l.lng, l.accuracyM])).toEqual([
      [NEAR.lat, NEAR.lng, 15],
      [OSAKA.lat, OSAKA.lng, 40],
    ]);
    const [near, osaka] = device.locations;
    const nearKm = chordKm(NEAR, GINZA);
    const osakaKm = chordKm(OSAKA, GINZA);
    // To the metre; and roughly what a map says (≈ 90 m and ≈ 400 km).
    expect(Math.abs(near!.distanceKm! - nearKm)).toBeLessThan(0.001);
    expect(Math.abs(osaka!.distanceKm! - osakaKm)).toBeLessThan(0.001);
    expect(nearKm).toBeGreaterThan(0.05);
    expect(nearKm).toBeLessThan(0.15);
    expect(osakaKm).toBeGreaterThan(380);
    expect(osakaKm).toBeLessThan(420);
  });

  it("lists the raw inbound calls of the payment request with their signature verdicts", async () => {
    const found = await api.payments.investigate({ paymentId });
    expect(
      found.inboundCalls.map((c) => [c.path, c.signatureVerdict, c.httpStatus, c.resultCode]),
    ).toEqual([
      ["/aps/api/v1/payments/pay", "VALID", 200, "SUCCESS"],
      ["/aps/api/v1/payments/refund", "VALID", 200, "SUCCESS"],
    ]);
    const [payCall] = found.inboundCalls;
    expect(JSON.parse(payCall!.rawBody)).toMatchObject({ paymentRequestId });
    expect(payCall!.responseBody).toContain(paymentId);
  });

  it("shows the verdict and the device block after a reject", async () => {
    await analystApi.reviews.decide({
      paymentId,
      decision: "REJECT",
      reason: "Device seen with an emulator",
      blockDevice: true,
    });
    const found = await api.payments.investigate({ paymentId });
    expect(found.review).toMatchObject({
      verdict: "REJECTED",
      reason: "Device seen with an emulator",
    });
    expect(found.lists.device.map((e) => [e.list, e.subjectType, e.subjectId])).toEqual([
      ["BLOCK", "DEVICE", deviceId],
    ]);
    expect(found.lists.customer).toEqual([]);
    // The ledger did not move.
    expect(found.ledger).toHaveLength(2);
  });

  it("answers NOT_FOUND for an unknown payment", async () => {
    await expect(api.payments.investigate({ paymentId: uniqueId("P-NOPE") })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
  });

  it("shows a device's payments, filtered to one account", async () => {
    const all = await api.payments.device({ deviceId });
    expect(all.payments.map((p) => p.paymentId)).toEqual([paymentId]);
    expect(all.payments[0]).toMatchObject({
      customerId,
      outcome: "REVIEW",
      paymentAmount: { amountMinor: "1800", currency: "JPY" },
    });
    expect(all.accounts.map((a) => a.customerId)).toEqual([customerId, friend, stranger]);
    expect((await api.payments.device({ deviceId, customerId: friend })).payments).toEqual([]);
    expect((await api.payments.device({ deviceId, customerId })).payments).toHaveLength(1);
  });
});

/**
 * UPM payment codes end to end over real HTTP (README "UPM payment codes",
 * docs/protocol.md#getpaymentcode, #who-pays, #devices, #secrets-in-storage-and-logs): the wallet
 * API asks the suite's simulated Alipay+ for codes, Plusdesk keeps only their hashes, and a later
 * `pay` carrying a code is paid by that code's customer from that code's device.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentCodes } from "@/db/schema";
import { OUTBOUND_PATHS } from "@/server/alipayplus/client";
import { SignedClient } from "@/server/simulator/signed-client";
import { paymentRows } from "../fixtures/db";
import {
  balanceOf,
  callGateway,
  createCustomer,
  database,
  INITIAL_BALANCE,
  PAY,
  PAY_TO,
  payRequest,
  secrets,
  storedHash,
  uniqueId,
  walletApi,
} from "../fixtures/gateway";
import { ALIPAY_TIME, textMatching } from "../fixtures/matchers";
import { addSimulatorRule, receivedBySimulator, type RuleInput } from "../fixtures/simulator";

const PAYMENT_CODES = "/api/wallet/v1/payment-codes";
const simulatorUrl = process.env.PLUSDESK_SIMULATOR_URL ?? "";

interface IssuedCodes {
  paymentCodes: { paymentCode: string; codeValidityStartTime: string; codeExpiryTime: string }[];
}

async function issueCodes(customerId: string, deviceId: string, codeQuantity?: number) {
  const { status, json } = await walletApi("POST", PAYMENT_CODES, {
    customerId,
    codeQuantity,
    env: { deviceTokenId: deviceId, osType: "ANDROID", terminalType: "APP" },
  });
  expect(status, JSON.stringify(json)).toBe(200);
  return (json as unknown as IssuedCodes).paymentCodes;
}

/** A UPM pay carrying `code`; `customerId` undefined leaves paymentMethod.customerId out. */
function payWithCode(code: string, customerId: string | undefined) {
  const request = payRequest("unused");
  return {
    ...request,
    paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
    order: { ...request.order, env: { deviceTokenId: "device-from-the-pay" } },
  };
}

describe("POST /api/wallet/v1/payment-codes", () => {
  it("answers the simulator's codes and stores only their hashes, last 4, customer and device", async () => {
    const customerId = await createCustomer();
    const deviceId = uniqueId("DEV");
    const codes = await issueCodes(customerId, deviceId, 3);

    expect(codes).toHaveLength(3);
    for (const code of codes) {
      expect(code.paymentCode).toMatch(/^28\d{16}$/);
      expect(code.codeValidityStartTime).toMatch(ALIPAY_TIME);
      expect(Date.parse(code.codeExpiryTime) - Date.parse(code.codeValidityStartTime)).toBe(60_000);
    }
    const rows = await database.db
      .select({
        codeHash: paymentCodes.codeHash,
        codeLast4: paymentCodes.codeLast4,
        deviceId: paymentCodes.deviceId,
        rowText: sql<string>`row_to_json(${paymentCodes})::text`,
      })
      .from(paymentCodes)
      .where(eq(paymentCodes.customerId, customerId));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.codeHash))).toEqual(
      new Set(codes.map((c) => storedHash(c.paymentCode))),
    );
    for (const row of rows) {
      const code = codes.find((c) => storedHash(c.paymentCode) === row.codeHash)!;
      expect(row.codeLast4).toBe(code.paymentCode.slice(-4));
      expect(row.deviceId).toBe(deviceId);
      expect(row.rowText).not.toContain(code.paymentCode);
    }
  });

  it("asks for one code by default", async () => {
    expect(await issueCodes(await createCustomer(), uniqueId("DEV"))).toHaveLength(1);
  });

  it.each([
    ["customerId", { env: { deviceTokenId: "D-1" } }],
    ["env", { customerId: "C-1" }],
    ["env.deviceTokenId", { customerId: "C-1", env: {} }],
    ["env.deviceTokenId", { customerId: "C-1", env: { deviceTokenId: " " } }],
    // ≤ 64, as Alipay+'s env.deviceTokenId (docs/protocol.md#payment-context) and the device
    // events' deviceId.
    ["env.deviceTokenId", { customerId: "C-1", env: { deviceTokenId: "D".repeat(65) } }],
    ["codeQuantity", { customerId: "C-1", codeQuantity: 11, env: { deviceTokenId: "D-1" } }],
    ["codeQuantity", { customerId: "C-1", codeQuantity: 1.5, env: { deviceTokenId: "D-1" } }],
    ["region", { customerId: "C-1", region: "Korea", env: { deviceTokenId: "D-1" } }],
    ["body", "not json"],
  ])("400 naming %s", async (field, body) => {
    const { status, json } = await walletApi("POST", PAYMENT_CODES, body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: textMatching(/^INVALID/), field });
  });

  it("401 without the bearer key, 404 for an unknown customer, 409 for a frozen one", async () => {
    const body = { customerId: uniqueId("C"), env: { deviceTokenId: "D-1" } };
    expect((await walletApi("POST", PAYMENT_CODES, body, "wrong-key")).status).toBe(401);

    const unknown = await walletApi("POST", PAYMENT_CODES, body);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: "NOT_FOUND", field: "customerId" });

    const frozen = await createCustomer({ status: "FROZEN" });
    const refused = await walletApi("POST", PAYMENT_CODES, { ...body, customerId: frozen });
    expect(refused.status).toBe(409);
  });
});

describe("POST /api/wallet/v1/payment-codes when Alipay+ issues no codes", () => {
  /** The simulator's rule for this customer's next getPaymentCode requests. */
  async function alipayWill(
    customerId: string,
    behaviour: RuleInput["behaviour"],
    extra: Partial<RuleInput> = {},
  ) {
    await addSimulatorRule({ api: "getPaymentCode", match: { customerId }, behaviour, ...extra });
  }
  const storedCodes = (customerId: string) =>
    database.db.select().from(paymentCodes).where(eq(paymentCodes.customerId, customerId));
  const requestFor = (customerId: string) => ({
    customerId,
    env: { deviceTokenId: uniqueId("DEV"), osType: "IOS" },
  });

  it("F → 502 with Alipay+'s resultCode, asked once, nothing stored", async () => {
    const customerId = await createCustomer();
    await alipayWill(customerId, "fail", { resultCode: "USER_STATUS_ABNORMAL" });
    const { status, json } = await walletApi("POST", PAYMENT_CODES, requestFor(customerId));
    expect(status).toBe(502);
    expect(json.error).toMatchObject({ code: "USER_STATUS_ABNORMAL", field: null });
    expect(await receivedBySimulator("getPaymentCode", { customerId })).toHaveLength(1);
    expect(await storedCodes(customerId)).toEqual([]);

    // The rule was for one request: Alipay+ issues codes again.
    expect(await issueCodes(customerId, uniqueId("DEV"))).toHaveLength(1);
  });

  it("U → 504: an answer, so not resent; nothing stored", async () => {
    const customerId = await createCustomer();
    await alipayWill(customerId, "unknown");
    const { status, json } = await walletApi("POST", PAYMENT_CODES, requestFor(customerId));
    expect(status).toBe(504);
    expect(json.error).toMatchObject({ code: "ALIPAYPLUS_UNAVAILABLE" });
    expect(await receivedBySimulator("getPaymentCode", { customerId })).toHaveLength(1);
    expect(await storedCodes(customerId)).toEqual([]);
  });

  it("badly signed answers → the same request sent 3 times, then 504; codes never trusted", async () => {
    const customerId = await createCustomer();
    await alipayWill(customerId, "bad-signature", { times: 3 });
    const { status } = await walletApi("POST", PAYMENT_CODES, requestFor(customerId));
    expect(status).toBe(504);
    const received = await receivedBySimulator("getPaymentCode", { customerId });
    expect(received).toHaveLength(3);
    // Identical bytes and headers each time (docs/protocol.md#timeouts-and-retries: retried with
    // the same body and ids).
    expect(new Set(received.map((r) => `${r.requestTime}|${r.body}`)).size).toBe(1);
    expect(await storedCodes(customerId)).toEqual([]);
  });

  it("a stalled Alipay+ → 504 after three 5 s attempts with the same request", async () => {
    const customerId = await createCustomer();
    await alipayWill(customerId, "stall", { times: 3 });
    const started = Date.now();
    const { status } = await walletApi("POST", PAYMENT_CODES, requestFor(customerId));
    expect(status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 5000);
    const received = await receivedBySimulator("getPaymentCode", { customerId });
    expect(received.map((r) => r.answer)).toEqual([null, null, null]);
    expect(new Set(received.map((r) => `${r.requestTime}|${r.body}`)).size).toBe(1);
    expect(await storedCodes(customerId)).toEqual([]);
  }, 45_000);
});

describe("pay with a payment code Plusdesk obtained (docs/protocol.md#who-pays)", () => {
  it("is paid by the code's customer without paymentMethod.customerId, from the code's device", async () => {
    const customerId = await createCustomer();
    const deviceId = uniqueId("DEV");
    const [code] = await issueCodes(customerId, deviceId);

    const request = payWithCode(code!.paymentCode, undefined);
    const answer = await callGateway(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    expect(answer.json?.customerId).toBe(customerId);
    expect(await balanceOf(customerId)).toBe(INITIAL_BALANCE - PAY_TO);
    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({ customerId, deviceTokenId: deviceId });
  });

  it("refuses a paymentMethod.customerId that contradicts the code: PARAM_ILLEGAL naming it", async () => {
    const owner = await createCustomer();
    const other = await createCustomer();
    const [code] = await issueCodes(owner, uniqueId("DEV"));

    const request = payWithCode(code!.paymentCode, other);
    const answer = await callGateway(PAY, request);
    expect(answer.resultCode).toBe("PARAM_ILLEGAL");
    expect(JSON.stringify(answer.json)).toContain("paymentMethod.customerId");
    expect(await paymentRows(request.paymentRequestId)).toHaveLength(0);
    expect(await balanceOf(owner)).toBe(INITIAL_BALANCE);
    expect(await balanceOf(other)).toBe(INITIAL_BALANCE);

    // The same customer id as the code's is no contradiction.
    const agreeing = await callGateway(PAY, payWithCode(code!.paymentCode, owner));
    expect(agreeing.resultCode).toBe("SUCCESS");
  });

  it("an unknown code leaves paymentMethod.customerId to name the payer, order.env the device", async () => {
    const customerId = await createCustomer();
    const request = payWithCode(`28${Date.now()}`.padEnd(18, "7"), customerId);
    const answer = await callGateway(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    const [row] = await paymentRows(request.paymentRequestId);
    expect(row).toMatchObject({ customerId, deviceTokenId: "device-from-the-pay" });
  });
});

describe("the simulated Alipay+ server", () => {
  const body = { customerId: "C-1", env: { deviceTokenId: "D-1" } };
  /** Calls the simulator as the wallet would, signing with `privateKeyPem`. */
  const signingWith = (privateKeyPem: string) =>
    new SignedClient({
      baseUrl: simulatorUrl,
      clientId: secrets.clientId,
      privateKey: createPrivateKey(privateKeyPem),
      // Answers come from the simulator.
      walletPublicKey: createPublicKey(secrets.simulatorPublicKeyPem),
    });

  it("answers a request signed with the wallet's key, signed with its own", async () => {
    const wallet = signingWith(secrets.mppPrivateKeyPem);
    const answer = await wallet.call(OUTBOUND_PATHS.getPaymentCode, body);
    expect(answer.status).toBe(200);
    expect(answer.resultCode).toBe("SUCCESS");
    expect(answer.responseSignatureValid).toBe(true);

    const missingDevice = await wallet.call(OUTBOUND_PATHS.getPaymentCode, { customerId: "C-1" });
    expect(missingDevice.resultCode).toBe("PARAM_ILLEGAL");
  });

  it("refuses a badly signed request: 401 INVALID_SIGNATURE", async () => {
    // Not the wallet's key.
    const answer = await signingWith(secrets.simulatorPrivateKeyPem).call(
      OUTBOUND_PATHS.getPaymentCode,
      body,
    );
    expect(answer.status).toBe(401);
    expect(answer.resultCode).toBe("INVALID_SIGNATURE");
    expect(answer.responseSignatureValid).toBe(true);
  });
});

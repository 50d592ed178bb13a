/**
 * The merchant QR codes of the simulated Alipay+ world (MPM / Cashier): a code carries its whole
 * order (an entry code: the merchant and the promotions it will get), so the simulator can answer
 * userInitiatedPay for any code without shared state, and scenarios and tests can print one for a
 * demo merchant.
 *
 * Shape: `SIMQR1.<base64url JSON>`. Real codes are opaque to the wallet too: Plusdesk only forwards
 * `codeValue` and never looks inside.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { JsonValue } from "../alipayplus/strict-json";
import {
  DEMO_MERCHANTS,
  DEMO_PROMOTIONS,
  type DemoMerchant,
  type DemoPromotion,
} from "./demo-data";

const PREFIX = "SIMQR1.";

export interface SimulatorQrOrder {
  merchant: DemoMerchant;
  orderMinor: bigint;
  promotions: readonly DemoPromotion[];
  /** The MPP's currency: the simulated Alipay+ knows it, as the real one does. */
  walletCurrency: string;
  /** A static store QR without an amount (answered as STORE_CODE). */
  storeCode?: boolean;
  /** How long the order can be paid after the scan; default 10 minutes. */
  expiresInSeconds?: number;
  /** The merchant's page after paying (`paymentRedirectUrl`), sent as given, unsafe ones too. */
  paymentRedirectUrl?: string;
}

/**
 * A static entry code: Alipay+ answers it with the merchant's ordering page, where the customer
 * chooses what to buy; `promotions` are what the simulated Alipay+ then applies to the payment.
 */
export interface SimulatorEntryCode {
  entryCode: true;
  merchant: DemoMerchant;
  promotions: readonly DemoPromotion[];
  walletCurrency: string;
  /** Answered as given instead of the simulator's own ordering page (tests: unusable ones). */
  actionForm?: JsonValue;
}

export type SimulatorQrCode = SimulatorQrOrder | SimulatorEntryCode;

const ZPayload = z.object({
  /** Makes every order code a new order; entry codes are static and carry none. */
  nonce: z.string().optional(),
  merchantId: z.string(),
  orderMinor: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/)
    .optional(),
  promoIds: z.array(z.string()),
  walletCurrency: z.string().regex(/^[A-Z]{3}$/),
  storeCode: z.boolean().optional(),
  entryCode: z.boolean().optional(),
  expiresInSeconds: z.int().min(1).max(86_400).optional(),
  paymentRedirectUrl: z.string().optional(),
  actionForm: z.json().optional(),
});

/** A code for a demo merchant: a fresh order code (a new order each time), or its entry code. */
export function encodeSimulatorQr(code: SimulatorQrCode): string {
  const common = {
    merchantId: code.merchant.referenceMerchantId,
    promoIds: code.promotions.map((promotion) => promotion.promoId),
    walletCurrency: code.walletCurrency,
  };
  const payload: z.infer<typeof ZPayload> =
    "entryCode" in code
      ? { ...common, entryCode: true, ...(code.actionForm ? { actionForm: code.actionForm } : {}) }
      : {
          ...common,
          nonce: randomBytes(6).toString("hex"),
          orderMinor: code.orderMinor.toString(),
          ...(code.storeCode ? { storeCode: true } : {}),
          ...(code.expiresInSeconds ? { expiresInSeconds: code.expiresInSeconds } : {}),
          ...(code.paymentRedirectUrl ? { paymentRedirectUrl: code.paymentRedirectUrl } : {}),
        };
  return PREFIX + Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** What a code stands for, or null when it is not a simulator code for a demo merchant. */
export function decodeSimulatorQr(codeValue: string): SimulatorQrCode | null {
  if (!codeValue.startsWith(PREFIX)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(codeValue.slice(PREFIX.length), "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = ZPayload.safeParse(json);
  if (!parsed.success) return null;
  const payload = parsed.data;
  const merchant = DEMO_MERCHANTS.find((m) => m.referenceMerchantId === payload.merchantId);
  if (!merchant) return null;
  const offered = DEMO_PROMOTIONS[merchant.currency] ?? [];
  const promotions = payload.promoIds.map((id) => offered.find((p) => p.promoId === id));
  if (promotions.some((promotion) => promotion === undefined)) return null;
  const common = {
    merchant,
    promotions: promotions as DemoPromotion[],
    walletCurrency: payload.walletCurrency,
  };
  if (payload.entryCode) return { entryCode: true, ...common, actionForm: payload.actionForm };
  if (payload.orderMinor === undefined) return null;
  return {
    ...common,
    orderMinor: BigInt(payload.orderMinor),
    storeCode: payload.storeCode,
    expiresInSeconds: payload.expiresInSeconds,
    paymentRedirectUrl: payload.paymentRedirectUrl,
  };
}

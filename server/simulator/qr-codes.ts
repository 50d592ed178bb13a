/**
 * The merchant QR codes of the simulated Alipay+ world (MPM / Cashier): a code carries its whole
 * order, so the simulator can answer userInitiatedPay for any code without shared state, and
 * scenarios and tests can print one for a demo merchant.
 *
 * Shape: `SIMQR1.<base64url JSON>`. Real codes are opaque to the wallet too: Plusdesk only forwards
 * `codeValue` and never looks inside.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
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
}

const ZPayload = z.object({
  nonce: z.string(),
  merchantId: z.string(),
  orderMinor: z.string().regex(/^[1-9][0-9]{0,17}$/),
  promoIds: z.array(z.string()),
  walletCurrency: z.string().regex(/^[A-Z]{3}$/),
  storeCode: z.boolean().optional(),
  expiresInSeconds: z.int().min(1).max(86_400).optional(),
});

/** A fresh code (a new order) for a demo merchant. */
export function encodeSimulatorQr(order: SimulatorQrOrder): string {
  const payload: z.infer<typeof ZPayload> = {
    nonce: randomBytes(6).toString("hex"),
    merchantId: order.merchant.referenceMerchantId,
    orderMinor: order.orderMinor.toString(),
    promoIds: order.promotions.map((promotion) => promotion.promoId),
    walletCurrency: order.walletCurrency,
    ...(order.storeCode ? { storeCode: true } : {}),
    ...(order.expiresInSeconds ? { expiresInSeconds: order.expiresInSeconds } : {}),
  };
  return PREFIX + Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** The order a code stands for, or null when it is not a simulator code for a demo merchant. */
export function decodeSimulatorQr(codeValue: string): SimulatorQrOrder | null {
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
  return {
    merchant,
    orderMinor: BigInt(payload.orderMinor),
    promotions: promotions as DemoPromotion[],
    walletCurrency: payload.walletCurrency,
    storeCode: payload.storeCode,
    expiresInSeconds: payload.expiresInSeconds,
  };
}

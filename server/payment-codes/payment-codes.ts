/**
 * UPM payment codes (docs/protocol.md#getpaymentcode, #who-pays, #devices): Plusdesk asks Alipay+
 * for codes on behalf of a customer's device and remembers, by hash only, which customer and
 * device each code belongs to, so the later `pay` carrying it is tied to both.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db";
import { paymentCodes } from "@/db/schema";
import { outcomeOf, type AlipayPlusClient } from "../alipayplus/client";
import { findByHash, keyedHash } from "../alipayplus/secret-hash";
import { requireActiveCustomer } from "../customers/customers";

export interface PaymentCodeRequest {
  customerId: string;
  region?: string;
  codeQuantity?: number;
  env: { deviceTokenId: string; osType?: string; terminalType?: string };
}

export interface IssuedPaymentCode {
  paymentCode: string;
  codeValidityStartTime: string;
  codeExpiryTime: string;
}

export type PaymentCodeOutcome =
  | { kind: "issued"; paymentCodes: IssuedPaymentCode[] }
  /** Alipay+ answered `F` (or `S` without usable codes): its resultCode. */
  | { kind: "refused"; resultCode: string }
  /** No answer, `U`, or the call was not sent. */
  | { kind: "unavailable"; reason: string };

// Parsed tolerantly (docs/protocol.md#envelope): only what Plusdesk uses.
const ZPaymentCodeAnswer = z.object({
  paymentCodeInfoList: z
    .array(
      z.object({
        paymentCode: z.string().min(1).max(128),
        codeValidityStartTime: z.string().min(1),
        codeExpiryTime: z.string().min(1),
      }),
    )
    .min(1),
});

/**
 * getPaymentCode for a known, active customer; each code is stored (hash, last 4, customer,
 * device) before it is handed out, so a pay can never carry a code Plusdesk forgot.
 */
export async function requestPaymentCodes(
  db: Db,
  client: AlipayPlusClient,
  input: PaymentCodeRequest,
  hashSecret: string,
): Promise<PaymentCodeOutcome> {
  await requireActiveCustomer(db, input.customerId);

  // Every scalar is a JSON string on the Alipay+ wire (docs/protocol.md#envelope); unused optionals
  // are omitted.
  const answer = await client.call("getPaymentCode", {
    customerId: input.customerId,
    region: input.region,
    codeQuantity: input.codeQuantity === undefined ? undefined : String(input.codeQuantity),
    env: input.env,
  });
  const outcome = outcomeOf(answer);
  if (outcome.kind !== "succeeded") return outcome;
  const parsed = ZPaymentCodeAnswer.safeParse(outcome.json);
  if (!parsed.success) return { kind: "refused", resultCode: "INVALID_RESPONSE" };

  const issuedAt = new Date();
  const codes = parsed.data.paymentCodeInfoList;
  await db
    .insert(paymentCodes)
    .values(
      codes.map((code) => ({
        codeHash: keyedHash(hashSecret, code.paymentCode),
        codeLast4: code.paymentCode.slice(-4),
        customerId: input.customerId,
        deviceId: input.env.deviceTokenId,
        issuedAt,
        expiresAt: expiryOf(code.codeExpiryTime, issuedAt),
      })),
    )
    // Alipay+ may hand out a code again once it expired: the latest issue owns it.
    .onConflictDoUpdate({
      target: paymentCodes.codeHash,
      set: {
        codeLast4: sql`excluded.code_last4`,
        customerId: sql`excluded.customer_id`,
        deviceId: sql`excluded.device_id`,
        issuedAt: sql`excluded.issued_at`,
        expiresAt: sql`excluded.expires_at`,
      },
    });
  return {
    kind: "issued",
    paymentCodes: codes.map(({ paymentCode, codeValidityStartTime, codeExpiryTime }) => ({
      paymentCode,
      codeValidityStartTime,
      codeExpiryTime,
    })),
  };
}

/** The customer and device a code was issued to, or null for a code Plusdesk never obtained. */
export async function findPaymentCode(
  db: DbOrTx,
  paymentCode: string,
  hashSecret: string,
): Promise<{ customerId: string; deviceId: string } | null> {
  return findByHash(hashSecret, paymentCode, async (codeHash) => {
    const [row] = await db
      .select({ customerId: paymentCodes.customerId, deviceId: paymentCodes.deviceId })
      .from(paymentCodes)
      .where(eq(paymentCodes.codeHash, codeHash));
    return row;
  });
}

/** `codeExpiryTime` as a date; Alipay+'s 1-minute validity when it cannot be read. */
function expiryOf(text: string, issuedAt: Date): Date {
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? new Date(issuedAt.getTime() + 60_000) : parsed;
}

/**
 * The wallet app backend API's bodies and answers (README "Wallet app backend API"): the routes
 * parse requests with these schemas and type their answers with them, and the OpenAPI document
 * (wallet-openapi.ts) is generated from them, so the description cannot drift from the code.
 * `examples` are real requests: a test sends them to the routes.
 */
import { z } from "zod";
import { creditRating, customerStatus, kycStatus } from "@/db/schema/customers";
import { ZAmount } from "../alipayplus/wire";
import { isIsoCurrency } from "../money/currencies";
import { zOffsetDateTime } from "../signals/timestamps";

export const ZCustomerId = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, "must be 1–64 printable ASCII characters")
  .meta({ examples: ["C-1001"] });

const ZDailyCountMax = z
  .int("must be a whole number")
  .min(0, "must be from 0 to 2147483647")
  .max(2_147_483_647, "must be from 0 to 2147483647");

export const ZCustomerPut = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  currency: z.string().refine(isIsoCurrency, "must be an ISO 4217 currency code").optional(),
  status: z.enum(customerStatus.enumValues).optional(),
  kycStatus: z.enum(kycStatus.enumValues).optional(),
  // Risk fields (README "Customer risk fields"): null clears a value the wallet no longer knows.
  creditRating: z.enum(creditRating.enumValues).nullable().optional(),
  creditScore: z
    .int("must be a whole number")
    .min(0, "must be from 0 to 1000")
    .max(1000, "must be from 0 to 1000")
    .nullable()
    .optional(),
  accountCreatedAt: zOffsetDateTime().nullable().optional(),
  // Wallet limits (README "Wallet limits"): strict, so that a misspelt limit is not ignored.
  limits: z
    .strictObject({
      singlePaymentMax: ZAmount.nullable().optional(),
      dailyAmountMax: ZAmount.nullable().optional(),
      dailyCountMax: ZDailyCountMax.nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const ZTopUpBody = z.object({
  topUpId: z.string().min(1).max(64),
  amount: ZAmount.refine((a) => a.amountMinor >= 1n, {
    message: "must be at least 1 minor unit",
    path: ["value"],
  }),
});

export const ZPaymentCodesBody = z.object({
  customerId: ZCustomerId,
  region: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code")
    .optional(),
  codeQuantity: z.int().min(1).max(10).optional(),
  env: z.object({
    deviceTokenId: z.string().trim().min(1).max(64),
    osType: z.string().min(1).max(32).optional(),
    terminalType: z.string().min(1).max(32).optional(),
  }),
});

export const ZAuthCodesBody = z.object({ customerId: ZCustomerId });

export const ZMpmOrderBody = z.object({
  codeValue: z.string().min(1).max(512),
  customerId: ZCustomerId,
  deviceId: z.string().trim().min(1).max(64),
});

/** An amount on the wire: integer minor units as a decimal string, never a float. */
const ZWireAmount = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  value: z.string().regex(/^(0|[1-9][0-9]*)$/),
});

export const ZCustomerAnswer = z.object({
  customerId: z.string(),
  displayName: z.string(),
  currency: z.string(),
  status: z.enum(customerStatus.enumValues),
  kycStatus: z.enum(kycStatus.enumValues),
  creditRating: z.enum(creditRating.enumValues).nullable(),
  creditScore: z.int().nullable(),
  accountCreatedAt: z.iso.datetime().nullable(),
  balance: ZWireAmount,
  /** The limits in force: the customer's own, else the configured default (null: no limit). */
  limits: z.object({
    singlePaymentMax: ZWireAmount.nullable(),
    dailyAmountMax: ZWireAmount.nullable(),
    dailyCountMax: z.int().nullable(),
  }),
});

export const ZTopUpAnswer = z.object({
  topUpId: z.string(),
  customerId: z.string(),
  amount: ZWireAmount,
  balanceAfter: ZWireAmount,
});

export const ZPaymentCodesAnswer = z.object({
  paymentCodes: z.array(
    z.object({
      paymentCode: z.string(),
      codeValidityStartTime: z.string(),
      codeExpiryTime: z.string(),
    }),
  ),
});

export const ZMpmOrderAnswer = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("order"), orderId: z.string(), cashierUrl: z.string() }),
  z.object({ kind: z.literal("merchant-page"), url: z.url() }),
]);

export const ZAuthCodeAnswer = z.object({
  authCode: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});

export const ZAuthorizationsRevoked = z.object({ customerId: z.string(), revoked: z.int() });

export const ZDeviceEventsAnswer = z.object({
  accepted: z.int(),
  rejected: z.array(z.object({ index: z.int(), reason: z.string() })),
});

/** Every refusal: a stable code, the field at fault (null: none in particular), a message. */
export const ZErrorAnswer = z.object({
  error: z.object({ code: z.string(), field: z.string().nullable(), message: z.string() }),
});

/**
 * Wire schemas of the inbound Alipay+ APIs (docs/protocol.md#the-apis, #required-fields): tolerant
 * of unknown fields (kept), strict on what Plusdesk reads. Every scalar is a JSON string; "" never
 * stands for a value; amounts are minor units parsed to bigint, never floats.
 */
import { z } from "zod";
import { parseMinorUnits, type Money } from "../money/amount";
import { isIsoCurrency } from "../money/currencies";
import { readPaymentPromoInfo, readRefundPromoInfo } from "../promotions/promo-info";

const ZText = z.string().min(1, "must not be empty");
/**
 * Optional fields are omitted or null (docs/protocol.md#envelope); present ones must hold a value.
 */
const ZOptionalText = ZText.nullish().transform((v) => v ?? undefined);
const ZId = ZText.max(64, "must be at most 64 characters");
const ZBooleanText = z
  .enum(["true", "false"], { message: 'must be "true" or "false"' })
  .nullish()
  .transform((v) => v === "true");

const ZCurrency = z
  .string()
  .refine(isIsoCurrency, { message: "must be an ISO 4217 currency code" });

const ZMinorUnits = z.string().transform((value, ctx) => {
  const minor = parseMinorUnits(value);
  if (minor === null) {
    ctx.addIssue({
      code: "custom",
      message: "must be 0 or a positive integer string of minor units, at most 9223372036854775807",
    });
    return z.NEVER;
  }
  return minor;
});

export const ZAmount = z
  .looseObject({ currency: ZCurrency, value: ZMinorUnits })
  .transform((a): Money => ({ amountMinor: a.value, currency: a.currency }));

const ZPositiveAmount = ZAmount.refine((a) => a.amountMinor >= 1n, {
  message: "must be at least 1 minor unit",
  path: ["value"],
});

/** An Alipay+ date-time: ISO 8601 with seconds and an offset, e.g. 2019-11-27T12:01:01+08:00. */
const ZDateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time with seconds and an offset" })
  .transform((value) => new Date(value));

const ZDecimalText = z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, "must be a decimal number");

export const ZQuote = z.looseObject({
  quoteId: ZOptionalText,
  quoteCurrencyPair: z.string().regex(/^[A-Z]{3}\/[A-Z]{3}$/, 'must look like "JPY/KRW"'),
  quotePrice: ZDecimalText,
  quoteUnit: ZDecimalText.nullish().transform((v) => v ?? undefined),
});
export type Quote = z.infer<typeof ZQuote>;

/**
 * `surchargeInfo`: when `surchargeAmount` is there it is what the user actually pays, while the
 * wallet still settles payToAmount (refundFromAmount for a refund) with Alipay+
 * (docs.alipayplus.com/alipayplus/alipayplus/integration_auto_debit_mpp/understand_amounts). It
 * moves money, so it is strict: a present amount must be a valid Amount of at least 1.
 */
const ZSurchargeInfo = z
  .looseObject({
    surchargeAmount: ZPositiveAmount.nullish().transform((v) => v ?? undefined),
    // surchargeQuote is how Alipay+ computed the amount: kept in the stored request, never read.
  })
  .nullish()
  .transform((v) => v ?? undefined);

/**
 * A surcharge is what the customer pays on top of what the wallet settles with Alipay+
 * (payToAmount; refundFromAmount for a refund): in the same currency, and not less — a smaller one
 * would have the wallet settle more than it took. Anything else is PARAM_ILLEGAL naming the field.
 */
function surchargeOnTopOf<K extends "payToAmount" | "refundFromAmount">(settled: K) {
  return (
    request: { surchargeInfo?: { surchargeAmount?: Money } } & Record<K, Money>,
    ctx: z.RefinementCtx,
  ) => {
    const surcharge = request.surchargeInfo?.surchargeAmount;
    if (!surcharge) return;
    const base = request[settled];
    if (surcharge.currency !== base.currency) {
      ctx.addIssue({
        code: "custom",
        path: ["surchargeInfo", "surchargeAmount", "currency"],
        message: `must be ${settled}'s currency, ${base.currency}`,
      });
    } else if (surcharge.amountMinor < base.amountMinor) {
      ctx.addIssue({
        code: "custom",
        path: ["surchargeInfo", "surchargeAmount", "value"],
        message: `must be at least ${settled}'s value, ${base.amountMinor}`,
      });
    }
  };
}

const ZAddress = z.looseObject({ region: ZOptionalText, city: ZOptionalText });

const ZStore = z.looseObject({
  referenceStoreId: ZOptionalText,
  storeName: ZOptionalText,
  storeMCC: ZOptionalText,
  storeAddress: ZAddress.nullish(),
});

const ZMerchant = z.looseObject({
  referenceMerchantId: ZOptionalText,
  merchantMCC: ZOptionalText,
  merchantName: ZOptionalText,
  merchantDisplayName: ZOptionalText,
  merchantAddress: ZAddress.nullish(),
  store: ZStore.nullish(),
});

const ZOrder = z.looseObject({
  referenceOrderId: ZOptionalText,
  orderDescription: ZOptionalText,
  orderAmount: ZAmount.nullish(),
  merchant: ZMerchant.nullish(),
  env: z.looseObject({ deviceTokenId: ZOptionalText }).nullish(),
});

export const ZPayRequest = z
  .looseObject({
    acquirerId: ZId,
    pspId: ZId,
    paymentRequestId: ZId,
    order: ZOrder,
    paymentAmount: ZAmount,
    payToAmount: ZPositiveAmount,
    paymentQuote: ZQuote.nullish(),
    surchargeInfo: ZSurchargeInfo,
    paymentMethod: z.looseObject({
      paymentMethodType: ZOptionalText,
      paymentMethodId: ZOptionalText,
      customerId: ZId.nullish().transform((v) => v ?? undefined),
    }),
    paymentFactor: z
      .looseObject({
        isInStorePayment: ZBooleanText,
        isAgreementPayment: ZBooleanText,
        isPaymentEvaluation: ZBooleanText,
      })
      .nullish(),
    // Strict: whether a pay is still payable depends on it (README "Expiry").
    paymentExpiryTime: ZDateTime.nullish().transform((v) => v ?? undefined),
    paymentNotifyUrl: ZOptionalText,
    /** Never fails the pay: read as far as it can be (server/promotions/promo-info.ts). */
    paymentPromoInfo: z.unknown().optional().transform(readPaymentPromoInfo),
  })
  .superRefine(surchargeOnTopOf("payToAmount"));
export type PayRequest = z.infer<typeof ZPayRequest>;

export const ZRefundRequest = z
  .looseObject({
    acquirerId: ZId,
    pspId: ZId,
    paymentRequestId: ZId,
    paymentId: ZId.nullish().transform((v) => v ?? undefined),
    refundRequestId: ZId,
    refundAmount: ZPositiveAmount,
    refundFromAmount: ZPositiveAmount,
    refundQuote: ZQuote.nullish(),
    surchargeInfo: ZSurchargeInfo,
    /** Never fails the refund: read as far as it can be (server/promotions/promo-info.ts). */
    refundPromoInfo: z.unknown().optional().transform(readRefundPromoInfo),
  })
  .superRefine(surchargeOnTopOf("refundFromAmount"));

export type RefundRequest = z.infer<typeof ZRefundRequest>;

/** cancelPayment and inquiryPayment name the payment by its request id. */
export const ZPaymentReference = z.looseObject({
  acquirerId: ZId,
  pspId: ZId,
  paymentRequestId: ZId,
});
export type PaymentReference = z.infer<typeof ZPaymentReference>;

/**
 * applyToken (docs/protocol.md#applytoken): the grant names which secret must be present; a missing
 * one is `PARAM_ILLEGAL` naming it. Secrets are bounded so a lookup never hashes megabytes.
 */
export const ZApplyTokenRequest = z
  .looseObject({
    acquirerId: ZId,
    pspId: ZId,
    grantType: z.enum(["AUTHORIZATION_CODE", "REFRESH_TOKEN"], {
      message: 'must be "AUTHORIZATION_CODE" or "REFRESH_TOKEN"',
    }),
    authCode: ZText.max(256, "must be at most 256 characters").nullish(),
    refreshToken: ZText.max(256, "must be at most 256 characters").nullish(),
  })
  .superRefine((request, ctx) => {
    const field = request.grantType === "AUTHORIZATION_CODE" ? "authCode" : "refreshToken";
    if (!request[field]) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `is required for ${request.grantType}`,
      });
    }
  });
export type ApplyTokenRequest = z.infer<typeof ZApplyTokenRequest>;

/**
 * "paymentAmount.value must be …": the field path and the first problem, never parser internals.
 * `input` is what was parsed: Zod 4 leaves `issue.input` out of its issues, so whether a field is
 * missing (absent or null) or present with the wrong type is read from the input itself.
 */
export function describeIssue(error: z.ZodError, input?: unknown): string {
  const issue = error.issues[0];
  if (!issue) return "the request is invalid";
  const field = issue.path.map(String).join(".") || "body";
  const given = input === undefined ? issue.input : valueAt(input, issue.path);
  const missing = issue.code === "invalid_type" && (given === undefined || given === null);
  if (missing) return `${field} is required`;
  if (issue.code === "invalid_type") return `${field} must be ${article(issue.expected)}`;
  return `${field} ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function article(expected: string): string {
  return expected === "object" || expected === "array" ? `an ${expected}` : `a ${expected}`;
}

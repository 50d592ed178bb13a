/**
 * The json_agg lines of payment-subqueries.ts and find-refund.ts, read back into domain values.
 * The SQL text and these schemas describe the same objects; parsing (not casting) means a column
 * renamed on one side fails loudly instead of showing a blank amount.
 */
import { z } from "zod";
import type { Money } from "../money/amount";

/** A bigint sent as text by `::text` (JSON numbers would round beyond 2^53). */
const ZMinorText = z
  .string()
  .regex(/^-?[0-9]+$/)
  .transform((text) => BigInt(text));

/** A Postgres timestamptz as json_build_object writes it, e.g. `2026-11-26T05:25:09.865369+00:00`. */
const ZTimestampText = z
  .string()
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()), "not a timestamp");

const ZPromotionRow = z.object({
  id: ZMinorText,
  promoId: z.string().nullable(),
  name: z.string().nullable(),
  type: z.string().nullable(),
  amountMinor: ZMinorText,
  currency: z.string(),
  walletAmountMinor: ZMinorText.nullable(),
  walletCurrency: z.string(),
});

export interface PromotionLine {
  id: bigint;
  promoId: string | null;
  name: string | null;
  /** Alipay+ `promoType`: an open string (API.md §4), e.g. DISCOUNT, CASHLESS_FIXED_VOUCHER. */
  type: string | null;
  /** `savingsAmount` as received. */
  received: Money;
  /** In the wallet currency; null when NOT_CONVERTIBLE (shown as received, not in totals). */
  saving: Money | null;
}

export const ZPromotionLine: z.ZodType<PromotionLine, unknown> = ZPromotionRow.transform((row) => ({
  id: row.id,
  promoId: row.promoId,
  name: row.name,
  type: row.type,
  received: { amountMinor: row.amountMinor, currency: row.currency },
  saving:
    row.walletAmountMinor === null
      ? null
      : { amountMinor: row.walletAmountMinor, currency: row.walletCurrency },
}));

const ZRefundRow = z.object({
  refundId: z.string(),
  refundTime: ZTimestampText,
  refundFromAmountMinor: ZMinorText,
  refundFromCurrency: z.string(),
});

export interface RefundLine {
  refundId: string;
  time: Date;
  /** `refundFromAmount`: what went back to the wallet. */
  returned: Money;
}

export const ZRefundLine: z.ZodType<RefundLine, unknown> = ZRefundRow.transform((row) => ({
  refundId: row.refundId,
  time: row.refundTime,
  returned: { amountMinor: row.refundFromAmountMinor, currency: row.refundFromCurrency },
}));

const ZClawbackRow = z.object({
  paymentPromotionId: ZMinorText,
  fromThisRefund: z.boolean(),
  amountMinor: ZMinorText,
  currency: z.string(),
  walletAmountMinor: ZMinorText.nullable(),
});

/** A refund_promotions row linked to one of the payment's promotions. */
export interface ClawbackLine {
  paymentPromotionId: bigint;
  /** Else an earlier successful refund of the same payment. */
  fromThisRefund: boolean;
  received: Money;
  walletAmountMinor: bigint | null;
}

export const ZClawbackLine: z.ZodType<ClawbackLine, unknown> = ZClawbackRow.transform((row) => ({
  paymentPromotionId: row.paymentPromotionId,
  fromThisRefund: row.fromThisRefund,
  received: { amountMinor: row.amountMinor, currency: row.currency },
  walletAmountMinor: row.walletAmountMinor,
}));

/** A json_agg column (an array, `[]` when there were no rows) read with one of the schemas above. */
export function parseLines<T>(line: z.ZodType<T, unknown>, json: unknown): T[] {
  return z.array(line).parse(json);
}

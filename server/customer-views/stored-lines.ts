/**
 * The json_agg lines of payment-subqueries.ts and find-refund.ts, read back into domain values.
 * The SQL text and these schemas describe the same objects; parsing (not casting) means a column
 * renamed on one side fails loudly instead of showing a blank amount.
 */
import { z } from "zod";
import { moneyOrNull, type Money } from "../money/amount";

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
  amountMinor: ZMinorText.nullable(),
  currency: z.string().nullable(),
  walletAmountMinor: ZMinorText.nullable(),
  walletCurrency: z.string(),
});

export interface PromotionLine {
  id: bigint;
  promoId: string | null;
  name: string | null;
  /**
   * Alipay+ `promoType`: an open string (docs/protocol.md#promotions), e.g. DISCOUNT,
   * CASHLESS_FIXED_VOUCHER.
   */
  type: string | null;
  /** `savingsAmount` as received; null when the line had no amount that could be read. */
  received: Money | null;
  /** In the wallet currency; null without an amount or when NOT_CONVERTIBLE (not in totals). */
  saving: Money | null;
}

export const ZPromotionLine: z.ZodType<PromotionLine, unknown> = ZPromotionRow.transform((row) => ({
  id: row.id,
  promoId: row.promoId,
  name: row.name,
  type: row.type,
  received: moneyOrNull(row.amountMinor, row.currency),
  saving: moneyOrNull(row.walletAmountMinor, row.walletCurrency),
}));

const ZRefundRow = z.object({
  refundId: z.string(),
  refundTime: ZTimestampText,
  creditMinor: ZMinorText,
  refundFromCurrency: z.string(),
});

export interface RefundLine {
  refundId: string;
  time: Date;
  /** What went back to the wallet (a surcharge refund's amount, else `refundFromAmount`). */
  returned: Money;
}

export const ZRefundLine: z.ZodType<RefundLine, unknown> = ZRefundRow.transform((row) => ({
  refundId: row.refundId,
  time: row.refundTime,
  returned: { amountMinor: row.creditMinor, currency: row.refundFromCurrency },
}));

const ZClawbackRow = z.object({
  paymentPromotionId: ZMinorText,
  fromThisRefund: z.boolean(),
  amountMinor: ZMinorText.nullable(),
  currency: z.string().nullable(),
  walletAmountMinor: ZMinorText.nullable(),
});

/** A refund_promotions row linked to one of the payment's promotions. */
export interface ClawbackLine {
  paymentPromotionId: bigint;
  /** Else an earlier successful refund of the same payment. */
  fromThisRefund: boolean;
  /** As received; null when the refund's line had no amount that could be read. */
  received: Money | null;
  walletAmountMinor: bigint | null;
}

export const ZClawbackLine: z.ZodType<ClawbackLine, unknown> = ZClawbackRow.transform((row) => ({
  paymentPromotionId: row.paymentPromotionId,
  fromThisRefund: row.fromThisRefund,
  received: moneyOrNull(row.amountMinor, row.currency),
  walletAmountMinor: row.walletAmountMinor,
}));

const ZRefundPromotionRow = z.object({
  name: z.string().nullable(),
  type: z.string().nullable(),
  amountMinor: ZMinorText.nullable(),
  currency: z.string().nullable(),
  walletAmountMinor: ZMinorText.nullable(),
  walletCurrency: z.string(),
});

/** A line of a refund's refundPromoInfo that names none of the payment's promotions. */
export interface UnlinkedRefundLine {
  name: string | null;
  type: string | null;
  /** What it took back: in the wallet currency when it converts, else as received; else null. */
  takenBack: Money | null;
}

export const ZUnlinkedRefundLine: z.ZodType<UnlinkedRefundLine, unknown> =
  ZRefundPromotionRow.transform((row) => ({
    name: row.name,
    type: row.type,
    takenBack:
      moneyOrNull(row.walletAmountMinor, row.walletCurrency) ??
      moneyOrNull(row.amountMinor, row.currency),
  }));

/** A json_agg column (an array, `[]` when there were no rows) read with one of the schemas above. */
export function parseLines<T>(line: z.ZodType<T, unknown>, json: unknown): T[] {
  return z.array(line).parse(json);
}

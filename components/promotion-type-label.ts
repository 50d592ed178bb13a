import type { Messages } from "@/server/i18n/messages";

/**
 * Alipay+ `promoType` is an open string (docs/protocol.md#promotions): known types get a word,
 * others a generic one.
 */
export function promotionTypeLabel(type: string | null, text: Messages["promotionType"]): string {
  return type !== null && type !== "other" && Object.hasOwn(text, type)
    ? text[type as keyof typeof text]
    : text.other;
}

/**
 * What a promotion line is called on the customer's pages: its name as Alipay+ sent it, else
 * "Alipay+ promotion" in their language (a line sent without a name, or not readable at all). Its
 * type, when there is one, is shown beside it.
 */
export function promotionLabel(name: string | null, t: Messages): string {
  return name ?? t.promotion.unnamed;
}

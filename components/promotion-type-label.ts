import type { Messages } from "@/server/i18n/messages";

/** Alipay+ `promoType` is an open string (API.md §4): known types get a word, others a generic one. */
export function promotionTypeLabel(type: string | null, text: Messages["promotionType"]): string {
  return type !== null && type !== "other" && Object.hasOwn(text, type)
    ? text[type as keyof typeof text]
    : text.other;
}

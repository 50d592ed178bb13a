import type { Locale } from "./locales";
import { en, type Messages } from "./messages/en";
import { id } from "./messages/id";
import { ko } from "./messages/ko";
import { th } from "./messages/th";
import { zhHans } from "./messages/zh-hans";
import { zhHant } from "./messages/zh-hant";

export type { Messages };

/** `satisfies Messages` in each catalogue makes a missing key a type error. */
const CATALOGUES: Record<Locale, Messages> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
  ko,
  th,
  id,
};

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}

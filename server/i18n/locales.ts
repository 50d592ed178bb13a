/**
 * The customer pages' languages (README "Customer pages") and how a requested tag maps to one of
 * them: the launch token's `locale` claim first, then Accept-Language, else English.
 */
export const LOCALES = ["en", "zh-Hans", "zh-Hant", "ko", "th", "id"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Chinese regions that write Traditional characters. */
const TRADITIONAL_REGIONS = new Set(["TW", "HK", "MO"]);

/** `zh-CN` → zh-Hans, `zh-TW`/`zh-HK` → zh-Hant, `ko-KR` → ko, `in` (old Indonesian) → id … */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  let parsed: Intl.Locale;
  try {
    parsed = new Intl.Locale(tag.trim().replaceAll("_", "-"));
  } catch {
    return null;
  }
  switch (parsed.language) {
    case "en":
      return "en";
    case "ko":
      return "ko";
    case "th":
      return "th";
    case "id":
    case "in":
      return "id";
    case "zh": {
      if (parsed.script === "Hant") return "zh-Hant";
      if (parsed.script === "Hans") return "zh-Hans";
      return parsed.region && TRADITIONAL_REGIONS.has(parsed.region) ? "zh-Hant" : "zh-Hans";
    }
    default:
      return null;
  }
}

/** The first supported language of an Accept-Language header, by quality. */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? "1",
      );
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return null;
}

export function resolveLocale(
  claim: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  return matchLocale(claim) ?? matchAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

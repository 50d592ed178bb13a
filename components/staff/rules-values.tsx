import { formatMoney } from "@/server/money/format";
import type { SettingKind } from "@/server/rule-admin/rule-catalogue";
import { settingInfo } from "@/server/rule-admin/rule-catalogue";

export type ShownValue =
  | boolean
  | number
  | string
  | readonly string[]
  | { currency: string; amountMinor: string }
  | null
  | undefined;

const SCOPES: Record<string, string> = { PROMOTED: "promoted payments", ALL: "all payments" };

/** A setting's value in words: "on", "REJECT", "3 or more", "7995, 7800", "₩500,000". */
export function settingText(kind: SettingKind | undefined, value: ShownValue, unit?: string) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "object" && "currency" in value)
    return formatMoney({ amountMinor: BigInt(value.amountMinor), currency: value.currency }, "en");
  if (kind === "scope") return SCOPES[String(value)] ?? String(value);
  const text = String(value);
  return unit ? `${text} ${unit}` : text;
}

/**
 * One rule setting's value as the console shows it (`rule` and `setting` name it in the
 * catalogue); `empty` says what a missing value means here (a default, nothing).
 */
export function SettingValue({
  rule,
  setting,
  value,
  empty = "—",
}: {
  rule: string;
  setting: string;
  value: ShownValue;
  empty?: string;
}) {
  const info = settingInfo(rule, setting);
  const text = settingText(info?.kind, value, info?.unit);
  if (!text) return <span className="text-slate-500">{empty}</span>;
  const tone =
    value === "REJECT"
      ? "text-red-800"
      : value === "REVIEW"
        ? "text-amber-800"
        : value === false
          ? "text-slate-500"
          : "";
  return <span className={`tabular-nums ${tone}`}>{text}</span>;
}

/** What a campaign matches, in words. */
export function CampaignMatch({
  campaign,
}: {
  campaign: { promoId?: string; promoIdPrefix?: string };
}) {
  return campaign.promoId !== undefined ? (
    <span>
      promo id <code className="font-mono text-xs">{campaign.promoId}</code>
    </span>
  ) : (
    <span>
      promo ids starting <code className="font-mono text-xs">{campaign.promoIdPrefix}</code>
    </span>
  );
}

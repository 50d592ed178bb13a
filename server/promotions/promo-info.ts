/**
 * Reading `paymentPromoInfo` (pay request, userInitiatedPay answer) and `refundPromoInfo` (refund
 * request) as far as they can be read, never failing the call that carries them.
 *
 * The official child fields of PaymentPromoInfo and RefundPromoInfo are not published where we
 * could read them; the names read here come from a demo wallet built against the Alipay+ sandbox
 * and a related Ant wallet API (docs/promotions.md). Alipay+ may shape them otherwise, and a
 * payment must not fail or lose its savings for that
 * (docs.alipayplus.com/alipayplus/alipayplus/best_practice_mpp/support_marketing_activities): so
 * every entry is kept with its raw JSON and a reading — read, partly read (and why), not understood
 * (and why) — and an info whose shape is not understood at all is kept whole as one "not
 * understood" line. Any promotion information, understood or not, makes a payment "promoted".
 *
 * Pure: no database, no clock. Wallet-currency values and the check of the top-level total against
 * the entries come after, in ./promotion-record.ts, where the payment's currency and quote are known.
 */
import type { JsonValue } from "../alipayplus/strict-json";
import { redactJson } from "../alipayplus/redact";
import { parseMinorUnits, type Money } from "../money/amount";
import { isIsoCurrency } from "../money/currencies";

/** Worst last: the reading of a payment is the worst of its lines'. */
export const PROMOTION_READINGS = ["READ", "PARTLY_READ", "NOT_UNDERSTOOD"] as const;
export type PromotionReading = (typeof PROMOTION_READINGS)[number];

/** A payment carries a handful of promotions; entries beyond this many are not stored. */
export const MAX_PROMO_LINES = 100;

/** One stored line: an entry of the list, or the whole info when it has no readable list. */
export interface PromoLine {
  promoId: string | undefined;
  promoName: string | undefined;
  promoType: string | undefined;
  /** As received; null when there was none or it could not be read. */
  amount: Money | null;
  reading: PromotionReading;
  /** Why the line is not READ, for staff (English). Empty when READ. */
  problems: string[];
  /** The entry (or the whole info) as received, secrets redacted like every stored request. */
  raw: JsonValue;
}

export interface PromoInfo {
  /** In the order received. Empty exactly when the call carried no promotion information. */
  lines: PromoLine[];
  /** The info's own top-level `savingsAmount` (the docs: the total saved), when readable. */
  total: Money | null;
  /** Problems of the info itself (its total, entries beyond the limit), for staff. */
  problems: string[];
}

/** Where an info keeps its entries and their amounts: the first name present wins. */
interface InfoShape {
  /** The info's own name, for messages. */
  name: string;
  listKeys: readonly string[];
  amountKeys: readonly string[];
}

const PAYMENT_INFO: InfoShape = {
  name: "paymentPromoInfo",
  listKeys: ["paymentPromoDetails"],
  amountKeys: ["savingsAmount"],
};

/**
 * refundPromoInfo: a demo wallet built against the Alipay+ sandbox types it like paymentPromoInfo;
 * a related Ant wallet API names the per-promotion refund amount `refundAmount`. Either list name,
 * any of these amount names (the first present wins).
 */
const REFUND_INFO: InfoShape = {
  name: "refundPromoInfo",
  listKeys: ["paymentPromoDetails", "refundPromoDetails"],
  amountKeys: ["savingsAmount", "refundSavingsAmount", "refundAmount"],
};

const NO_INFO: PromoInfo = { lines: [], total: null, problems: [] };

export function readPaymentPromoInfo(value: unknown): PromoInfo {
  return readPromoInfo(value as JsonValue | undefined, PAYMENT_INFO);
}

export function readRefundPromoInfo(value: unknown): PromoInfo {
  return readPromoInfo(value as JsonValue | undefined, REFUND_INFO);
}

/** The worst of some readings (READ for none). */
export function worstReading(readings: Iterable<PromotionReading>): PromotionReading {
  let worst = 0;
  for (const reading of readings) worst = Math.max(worst, PROMOTION_READINGS.indexOf(reading));
  return PROMOTION_READINGS[worst]!;
}

function readPromoInfo(info: JsonValue | undefined, shape: InfoShape): PromoInfo {
  if (info === undefined || info === null) return NO_INFO;
  if (!isObject(info)) {
    return wholeInfo(info, [`${shape.name} is ${describe(info)}, not an object`]);
  }
  const keys = Object.keys(info);
  if (keys.length === 0) return NO_INFO;

  const { key: totalKey, value: totalValue } = firstPresent(info, shape.amountKeys);
  const totalRead = totalKey === undefined ? null : readAmount(totalValue, totalKey);
  const total = totalRead && "amount" in totalRead ? totalRead.amount : null;
  const totalProblems = totalRead && "problem" in totalRead ? [totalRead.problem] : [];

  const { key: listKey, value: list } = firstList(info, shape.listKeys);
  if (list === undefined || list === null) {
    const others = keys.filter((k) => k !== totalKey && info[k] !== null);
    // Only a total: the documented total saved, without a breakdown — one line for it.
    if (others.length === 0 && total) {
      return { lines: [line({}, total, [], info)], total, problems: [] };
    }
    if (others.length === 0 && totalKey === undefined) return NO_INFO;
    const listNames = shape.listKeys.join(" or ");
    return {
      ...wholeInfo(info, [
        others.length === 0
          ? `no ${listNames} list, and ${totalProblems[0] ?? "no total"}`
          : `no ${listNames} list (its keys: ${others.slice(0, 10).join(", ")})`,
      ]),
      total,
    };
  }
  if (!Array.isArray(list)) {
    return { ...wholeInfo(info, [`${listKey} is ${describe(list)}, not a list`]), total };
  }
  if (list.length === 0 && !total) {
    return totalKey === undefined
      ? NO_INFO
      : wholeInfo(info, [`an empty ${listKey} list, and ${totalProblems[0]}`]);
  }
  if (list.length === 0) return { lines: [line({}, total, [], info)], total, problems: [] };

  const problems = [...totalProblems.map((p) => `the total: ${p}`)];
  if (list.length > MAX_PROMO_LINES) {
    problems.push(
      `${list.length} entries in ${listKey}: only the first ${MAX_PROMO_LINES} are stored`,
    );
  }
  const lines = list.slice(0, MAX_PROMO_LINES).map((entry) => readEntry(entry, shape));
  return { lines, total, problems };
}

function readEntry(entry: JsonValue, shape: InfoShape): PromoLine {
  if (!isObject(entry)) return notUnderstood(entry, `the entry is ${describe(entry)}`);
  const problems: string[] = [];
  const text = (key: "promoId" | "promoName" | "promoType") => {
    const value = entry[key];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "string") return value;
    problems.push(`${key} is ${describe(value)}, not a string`);
    return undefined;
  };
  const fields = {
    promoId: text("promoId"),
    promoName: text("promoName"),
    promoType: text("promoType"),
  };
  const { key: amountKey, value: amountValue } = firstPresent(entry, shape.amountKeys);
  const known = Object.values(fields).some((v) => v !== undefined) || amountKey !== undefined;
  if (!known && problems.length === 0) {
    return notUnderstood(
      entry,
      `none of promoId, promoName, promoType, ${shape.amountKeys.join(", ")}`,
    );
  }
  let amount: Money | null = null;
  if (amountKey === undefined) problems.push(`no ${shape.amountKeys.join(" or ")}`);
  else {
    const read = readAmount(amountValue, amountKey);
    if ("amount" in read) amount = read.amount;
    else problems.push(read.problem);
  }
  if (fields.promoId === undefined && !problems.some((p) => p.startsWith("promoId"))) {
    problems.push("no promoId");
  }
  return line(fields, amount, problems, entry);
}

/** An Amount as the wire carries it; anything else is a problem naming the field. */
function readAmount(
  value: JsonValue | undefined,
  key: string,
): { amount: Money } | { problem: string } {
  if (!isObject(value)) return { problem: `${key} is ${describe(value)}, not an Amount` };
  const { currency, value: minor } = value;
  if (typeof currency !== "string" || !isIsoCurrency(currency)) {
    return { problem: `${key}.currency is not an ISO 4217 code (${describe(currency)})` };
  }
  const amountMinor = typeof minor === "string" ? parseMinorUnits(minor) : null;
  if (amountMinor === null) {
    return { problem: `${key}.value is not a whole number of minor units (${describe(minor)})` };
  }
  return { amount: { amountMinor, currency } };
}

function line(
  fields: Partial<Pick<PromoLine, "promoId" | "promoName" | "promoType">>,
  amount: Money | null,
  problems: string[],
  raw: JsonValue,
): PromoLine {
  return {
    promoId: fields.promoId,
    promoName: fields.promoName,
    promoType: fields.promoType,
    amount,
    reading: problems.length === 0 ? "READ" : "PARTLY_READ",
    problems,
    raw: redactJson(raw),
  };
}

function notUnderstood(raw: JsonValue, why: string): PromoLine {
  return {
    promoId: undefined,
    promoName: undefined,
    promoType: undefined,
    amount: null,
    reading: "NOT_UNDERSTOOD",
    problems: [why],
    raw: redactJson(raw),
  };
}

/** An info of an unknown shape: kept whole, as one line nobody could read. */
function wholeInfo(info: JsonValue, why: string[]): PromoInfo {
  return { lines: [{ ...notUnderstood(info, why.join("; ")) }], total: null, problems: [] };
}

function firstPresent(
  object: { [key: string]: JsonValue },
  keys: readonly string[],
): { key: string | undefined; value: JsonValue | undefined } {
  const key = keys.find((k) => object[k] !== undefined && object[k] !== null);
  return { key, value: key === undefined ? undefined : object[key] };
}

/** The first list key holding a non-empty list; else the first present (to say what it holds). */
function firstList(
  object: { [key: string]: JsonValue },
  keys: readonly string[],
): { key: string | undefined; value: JsonValue | undefined } {
  const filled = keys.find((k) => {
    const value = object[k];
    return Array.isArray(value) && value.length > 0;
  });
  return filled === undefined ? firstPresent(object, keys) : { key: filled, value: object[filled] };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** "a string", "a number (12.5)", "a list", … for messages: never more than a short sample. */
function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") {
    return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === "object") return "an object";
  return `a ${typeof value} (${String(value)})`;
}

/**
 * What a risk case is made of when it comes in (README "Risk cases from Alipay+"), by
 * hand, by CSV import or through the signed API: the same checks and the same digest for all
 * three, so a case sent again through any of them is recognised as the same one.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** A case names at most this many flagged items (one request's inserts stay bounded). */
export const MAX_CASE_ITEMS = 1000;
export const MAX_REASON_LENGTH = 2000;
/** How far ahead of the server clock `raisedAt` may be (clock skew, as for device events). */
export const RAISED_AT_TOLERANCE_MS = 5 * 60_000;

export interface CaseItemInput {
  paymentRequestId: string | null;
  customerId: string | null;
  deviceId: string | null;
}

export interface CaseContent {
  caseId: string;
  raisedAt: Date;
  deadline: Date | null;
  reason: string;
  items: CaseItemInput[];
}

/** Printable ASCII, no surrounding spaces: Alipay+'s ids, `MANUAL-…` and CSV cells alike. */
const PRINTABLE_ID = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export const ZCaseId = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(PRINTABLE_ID, "must be printable ASCII without surrounding spaces");

/** An item's paymentRequestId, customerId or deviceId (≤ 64 characters, as on the wire). */
export const ZItemRef = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\x00-\x1f\x7f]+$/, "must not contain control characters")
  .refine((value) => value.trim() === value, "must not have surrounding spaces");

export const ZReason = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_REASON_LENGTH, `must be at most ${MAX_REASON_LENGTH} characters`);

const ISO_WITH_OFFSET = z.iso.datetime({ offset: true });

/** ISO 8601 with an explicit offset (`Z` or `±hh:mm`) → Date. */
export const ZCaseTime = z
  .string()
  .refine((value) => ISO_WITH_OFFSET.safeParse(value).success, {
    message: "must be an ISO 8601 date-time with an offset (Z or ±hh:mm)",
    abort: true,
  })
  .transform((value) => new Date(value));

/**
 * The checks across fields, reported on the field at fault: an item must name something, the
 * deadline cannot come before the case was raised, and a case cannot be raised in the future.
 */
export function caseContentProblems(content: {
  raisedAt: Date;
  deadline?: Date | null;
  items: readonly Partial<CaseItemInput>[];
}): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (content.raisedAt.getTime() - Date.now() > RAISED_AT_TOLERANCE_MS) {
    problems.push({ path: ["raisedAt"], message: "is more than 5 minutes in the future" });
  }
  if (content.deadline && content.deadline.getTime() < content.raisedAt.getTime()) {
    problems.push({ path: ["deadline"], message: "must not be before raisedAt" });
  }
  content.items.forEach((item, index) => {
    if (!item.paymentRequestId && !item.customerId && !item.deviceId) {
      problems.push({
        path: ["items", index],
        message: "must name a paymentRequestId, customerId or deviceId",
      });
    }
  });
  return problems;
}

/** One refinement for every zod schema of a case (API wire, tRPC input). */
export function refineCaseContent(
  content: {
    raisedAt: Date;
    deadline?: Date | null;
    items: readonly Partial<CaseItemInput>[];
  },
  ctx: z.RefinementCtx,
): void {
  for (const problem of caseContentProblems(content)) {
    ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  }
}

function itemKey(item: CaseItemInput): string {
  return JSON.stringify([item.paymentRequestId, item.customerId, item.deviceId]);
}

/** The items as stored: as listed, each identical item once, empty ids as null. */
export function distinctItems(items: readonly CaseItemInput[]): CaseItemInput[] {
  const unique = new Map<string, CaseItemInput>();
  for (const item of items) {
    const normalised = {
      paymentRequestId: item.paymentRequestId || null,
      customerId: item.customerId || null,
      deviceId: item.deviceId || null,
    };
    if (!unique.has(itemKey(normalised))) unique.set(itemKey(normalised), normalised);
  }
  return [...unique.values()];
}

/**
 * SHA-256 of the case's content (times as instants; items as a set: the order a case's items are
 * listed in carries no meaning, and a CSV file and an API call may list them differently), stored
 * as the case's `requestDigest`: the same case sent again by any route matches it; other content
 * does not.
 */
export function caseDigest(content: CaseContent): string {
  const canonical = JSON.stringify({
    caseId: content.caseId,
    raisedAt: content.raisedAt.toISOString(),
    deadline: content.deadline?.toISOString() ?? null,
    reason: content.reason,
    items: distinctItems(content.items).map(itemKey).sort(),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `MANUAL-20261126-7F3K9Q2A`: the UTC day for people, 40 random bits for uniqueness. */
export function newManualCaseId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const random = [...randomBytes(8)].map((byte) => CROCKFORD[byte % 32]).join("");
  return `MANUAL-${day}-${random}`;
}

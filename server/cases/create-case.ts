/**
 * Creating a risk case, idempotent on `caseId` (README "Risk cases from Alipay+"): the case row is
 * its own idempotency record (primary key `case_id`, `request_digest` of the content). The same
 * case again → the existing one, unchanged; other content under a used id → a conflict. Concurrent
 * copies are serialised by the primary key: `INSERT … ON CONFLICT DO NOTHING` waits for the first
 * one's commit, then reads the committed row.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { riskCaseItems, riskCases } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { distinctItems, caseDigest, type CaseContent } from "./case-content";

/** Who brought the case in: a staff member (by hand, CSV; audited) or Alipay+ (the API). */
export type CaseOrigin =
  { source: "MANUAL" | "CSV"; actor: StaffActor } | { source: "API"; by: string };

export type CreateCaseOutcome = "created" | "existing";

export class CaseConflictError extends DomainError {
  constructor(readonly caseId: string) {
    super("conflict", `case ${caseId} already exists with other content`);
    this.name = "CaseConflictError";
  }
}

export async function createCase(
  db: DbOrTx,
  content: CaseContent,
  origin: CaseOrigin,
): Promise<{ caseId: string; outcome: CreateCaseOutcome }> {
  const digest = caseDigest(content);
  const items = distinctItems(content.items);
  const by = origin.source === "API" ? origin.by : origin.actor.email;
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(riskCases)
      .values({
        caseId: content.caseId,
        source: origin.source,
        raisedAt: content.raisedAt,
        deadline: content.deadline,
        reason: content.reason,
        requestDigest: digest,
        createdBy: by,
      })
      .onConflictDoNothing({ target: riskCases.caseId })
      .returning({ caseId: riskCases.caseId });
    if (!inserted) {
      const [existing] = await tx
        .select({ requestDigest: riskCases.requestDigest })
        .from(riskCases)
        .where(eq(riskCases.caseId, content.caseId));
      if (existing?.requestDigest === digest) {
        return { caseId: content.caseId, outcome: "existing" as const };
      }
      throw new CaseConflictError(content.caseId);
    }
    await tx
      .insert(riskCaseItems)
      .values(items.map((item) => ({ caseId: content.caseId, ...item })));
    if (origin.source !== "API") {
      await recordStaffAction(tx, origin.actor, {
        action: "case.create",
        subjectType: "risk-case",
        subjectId: content.caseId,
        after: {
          source: origin.source,
          raisedAt: content.raisedAt,
          deadline: content.deadline,
          reason: content.reason,
          items: items.length,
        },
      });
    }
    return { caseId: content.caseId, outcome: "created" as const };
  });
}

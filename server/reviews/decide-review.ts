/**
 * A staff verdict on a reviewed payment (README "Staff console", docs/protocol.md#risk-rules):
 * approve, or reject with the payment marked as abuse. The money already moved and stays moved:
 * nothing here touches the ledger. A reject may block the customer and/or the device in the same
 * transaction, so the verdict, its blocks and their audit rows commit together or not at all.
 *
 * One verdict per decision: `payment_reviews` is keyed by the decision id, and the insert does
 * nothing on a conflict. A second analyst's concurrent insert waits for the first transaction and
 * then finds the row, so exactly one verdict wins and the other gets a conflict naming it.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { paymentReviews, payments, riskDecisions } from "@/db/schema";
import { recordStaffAction, type StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { putListEntry } from "../risk/lists";

export type ReviewDecision = "APPROVE" | "REJECT";

export const REVIEW_REASON_MAX = 2000;

export interface DecideReviewInput {
  paymentId: string;
  decision: ReviewDecision;
  reason: string;
  /** Reject only: put the payment's customer on the block list. */
  blockCustomer?: boolean;
  /** Reject only: put the decision's device on the block list. */
  blockDevice?: boolean;
}

export interface DecidedReview {
  decisionId: bigint;
  paymentId: string;
  paymentRequestId: string;
  customerId: string | null;
  deviceId: string | null;
  verdict: "APPROVED" | "REJECTED";
  reason: string;
  reviewedAt: Date;
  reviewedBy: string;
  blocked: ("CUSTOMER" | "DEVICE")[];
}

export async function decideReview(
  db: DbOrTx,
  actor: StaffActor,
  input: DecideReviewInput,
): Promise<DecidedReview> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("invalid", "a reason is required");
  if (reason.length > REVIEW_REASON_MAX) {
    throw new DomainError("invalid", `the reason is longer than ${REVIEW_REASON_MAX} characters`);
  }
  const rejecting = input.decision === "REJECT";
  if (!rejecting && (input.blockCustomer || input.blockDevice)) {
    throw new DomainError("invalid", "only a reject can block the customer or the device");
  }
  return db.transaction(async (tx) => {
    const [decision] = await tx
      .select({
        id: riskDecisions.id,
        customerId: riskDecisions.customerId,
        deviceId: riskDecisions.deviceId,
        paymentRequestId: riskDecisions.paymentRequestId,
        payer: payments.customerId,
      })
      .from(riskDecisions)
      .innerJoin(payments, eq(payments.paymentId, riskDecisions.paymentId))
      .where(
        and(eq(riskDecisions.paymentId, input.paymentId), sql`${riskDecisions.outcome} = 'REVIEW'`),
      )
      .orderBy(desc(riskDecisions.id))
      .limit(1);
    if (!decision) {
      throw new DomainError(
        "not_found",
        `payment ${input.paymentId} has no risk decision awaiting review`,
      );
    }
    const verdict = rejecting ? "REJECTED" : "APPROVED";
    const [review] = await tx
      .insert(paymentReviews)
      .values({
        decisionId: decision.id,
        paymentId: input.paymentId,
        verdict,
        reason,
        reviewedBy: actor.email,
      })
      .onConflictDoNothing()
      .returning();
    if (!review) {
      const [existing] = await tx
        .select()
        .from(paymentReviews)
        .where(eq(paymentReviews.decisionId, decision.id));
      throw new DomainError(
        "conflict",
        existing
          ? `payment ${input.paymentId} was already ${existing.verdict.toLowerCase()} by ${existing.reviewedBy} at ${existing.reviewedAt.toISOString()}`
          : `payment ${input.paymentId} was already decided`,
      );
    }

    const customerId = decision.customerId ?? decision.payer;
    const blocked: DecidedReview["blocked"] = [];
    const listReason = `${reason} (review of payment ${input.paymentId})`;
    if (rejecting && input.blockCustomer) {
      if (!customerId) throw new DomainError("invalid", "the payment has no customer to block");
      await putListEntry(tx, actor, {
        list: "BLOCK",
        subjectType: "CUSTOMER",
        subjectId: customerId,
        reason: listReason,
        expiresAt: null,
      });
      blocked.push("CUSTOMER");
    }
    if (rejecting && input.blockDevice) {
      if (!decision.deviceId) {
        throw new DomainError("invalid", "the payment came from no known device to block");
      }
      await putListEntry(tx, actor, {
        list: "BLOCK",
        subjectType: "DEVICE",
        subjectId: decision.deviceId,
        reason: listReason,
        expiresAt: null,
      });
      blocked.push("DEVICE");
    }

    await recordStaffAction(tx, actor, {
      action: rejecting ? "review.reject" : "review.approve",
      subjectType: "payment",
      subjectId: input.paymentId,
      before: { decisionId: decision.id, outcome: "REVIEW", verdict: null },
      after: {
        decisionId: decision.id,
        outcome: "REVIEW",
        verdict,
        reason,
        abuse: rejecting,
        blocked,
      },
    });
    return {
      decisionId: decision.id,
      paymentId: input.paymentId,
      paymentRequestId: decision.paymentRequestId,
      customerId,
      deviceId: decision.deviceId,
      verdict,
      reason,
      reviewedAt: review.reviewedAt,
      reviewedBy: review.reviewedBy,
      blocked,
    };
  });
}

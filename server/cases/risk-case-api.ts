/**
 * `POST /api/alipayplus/v1/risk-cases` (docs/protocol.md#risk-cases): Alipay+ raises a risk case.
 * The call goes through the inbound dispatcher like every Alipay+ call (signature over the raw
 * bytes, strict JSON, this schema → PARAM_ILLEGAL naming the field, signed answer, call log).
 * Idempotent on `caseId`: a new case or the same one again → `S` with the caseId; other content
 * under a used caseId → `F`/`REPEAT_REQ_INCONSISTENT`.
 */
import { z } from "zod";
import type { Db } from "@/db";
import { resultOnlyBody } from "../alipayplus/answers";
import type { InboundCall } from "../alipayplus/inbound-call";
import { result } from "../alipayplus/result-codes";
import {
  MAX_CASE_ITEMS,
  refineCaseContent,
  ZCaseId,
  ZCaseTime,
  ZItemRef,
  ZReason,
} from "./case-content";
import { CaseConflictError, createCase } from "./create-case";

/** Who the API's cases are created by (`createdBy`). */
export const ALIPAYPLUS_CREATOR = "alipayplus";

/**
 * Optional fields are omitted or null (docs/protocol.md#envelope); present ones must hold a value.
 */
const ZOptionalRef = ZItemRef.nullish().transform((v) => v ?? null);

export const ZRiskCaseRequest = z
  .looseObject({
    caseId: ZCaseId,
    raisedAt: ZCaseTime,
    deadline: ZCaseTime.nullish().transform((v) => v ?? null),
    reason: ZReason,
    items: z
      .array(
        z.looseObject({
          paymentRequestId: ZOptionalRef,
          customerId: ZOptionalRef,
          deviceId: ZOptionalRef,
        }),
      )
      .min(1, "must hold at least one item")
      .max(MAX_CASE_ITEMS, `must hold at most ${MAX_CASE_ITEMS} items`),
  })
  .superRefine(refineCaseContent);
export type RiskCaseRequest = z.infer<typeof ZRiskCaseRequest>;

export async function receiveRiskCase(db: Db, call: InboundCall<RiskCaseRequest>): Promise<string> {
  const { request } = call;
  try {
    const { caseId } = await createCase(
      db,
      {
        caseId: request.caseId,
        raisedAt: request.raisedAt,
        deadline: request.deadline,
        reason: request.reason,
        items: request.items.map((item) => ({
          paymentRequestId: item.paymentRequestId,
          customerId: item.customerId,
          deviceId: item.deviceId,
        })),
      },
      { source: "API", by: ALIPAYPLUS_CREATOR },
    );
    return JSON.stringify({ result: result("SUCCESS"), caseId });
  } catch (error) {
    if (error instanceof CaseConflictError) {
      return resultOnlyBody(
        "REPEAT_REQ_INCONSISTENT",
        `case ${request.caseId} was already received with other content`,
      );
    }
    throw error;
  }
}

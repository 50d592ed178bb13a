"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { safeRedirectPath } from "@/server/auth/safe-next";
import { formText } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

/**
 * Where to go once a verdict is recorded: back to the page the form was on (the queue keeps its
 * filters, the investigation page stays), saying what was decided. Only console paths, checked
 * as the launch's `next` is.
 */
function afterDecision(form: FormData, paymentId: string): string {
  const back = safeRedirectPath(formText(form, "returnTo"), ["/staff"], "/staff/reviews");
  const url = new URL(back, "http://console.invalid");
  url.searchParams.delete("decided");
  url.searchParams.set("decided", paymentId);
  return `${url.pathname}${url.search}`;
}

async function decide(form: FormData, decision: "APPROVE" | "REJECT"): Promise<ActionState> {
  const paymentId = formText(form, "paymentId");
  const state = await runStaffAction(async (api) => {
    const review = await api.reviews.decide({
      paymentId,
      decision,
      reason: formText(form, "reason"),
      blockCustomer: formText(form, "blockCustomer") === "on",
      blockDevice: formText(form, "blockDevice") === "on",
    });
    revalidatePath("/staff/reviews");
    revalidatePath(`/staff/payments/${paymentId}`);
    return `Payment ${review.paymentId} ${review.verdict.toLowerCase()}.`;
  });
  if (state.ok) redirect(afterDecision(form, paymentId));
  return state;
}

export async function approveReviewAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return decide(form, "APPROVE");
}

export async function rejectReviewAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return decide(form, "REJECT");
}

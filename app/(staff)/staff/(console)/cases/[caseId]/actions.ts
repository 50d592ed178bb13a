"use server";

import { revalidatePath } from "next/cache";
import type { CaseFinding, StatusStep } from "@/server/cases/case-workflow";
import { formText, formUtcTime } from "../../../form-text";
import { runStaffAction, type ActionState } from "../../../staff-api";

/** Every case change shows on the case page and may change the list (status, deadline order). */
function revalidateCase() {
  revalidatePath("/staff/cases/[caseId]", "page");
  revalidatePath("/staff/cases");
}

export async function setCaseStatusAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const status = formText(form, "status") as StatusStep;
    await api.cases.setStatus({ caseId: formText(form, "caseId"), status });
    revalidateCase();
    return status === "INVESTIGATING"
      ? "The investigation has started."
      : "Marked as communicated to Alipay+.";
  });
}

export async function concludeCaseAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const finding = formText(form, "finding");
  if (!finding) return { ok: false, message: "Choose a finding." };
  return runStaffAction(async (api) => {
    await api.cases.conclude({
      caseId: formText(form, "caseId"),
      finding: finding as CaseFinding,
      summary: formText(form, "summary"),
    });
    revalidateCase();
    return "Concluded.";
  });
}

export async function addCaseNoteAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    await api.cases.addNote({ caseId: formText(form, "caseId"), text: formText(form, "text") });
    revalidateCase();
    return "Note added.";
  });
}

export async function addClawbackNoteAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    await api.cases.addClawbackNote({
      caseId: formText(form, "caseId"),
      text: formText(form, "text"),
    });
    revalidateCase();
    return "Claw-back note added.";
  });
}

export async function blockCaseSubjectAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const subjectType = formText(form, "subjectType") === "DEVICE" ? "DEVICE" : "CUSTOMER";
    const subjectId = formText(form, "subjectId");
    await api.cases.block({
      caseId: formText(form, "caseId"),
      subjectType,
      subjectId,
      reason: formText(form, "reason"),
      expiresAt: formUtcTime(form, "expiresAt"),
    });
    revalidateCase();
    return `${subjectType === "CUSTOMER" ? "Customer" : "Device"} ${subjectId} is blocked.`;
  });
}

export async function exportCaseAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const made = await api.cases.export({
      caseId: formText(form, "caseId"),
      format: formText(form, "format") === "CSV" ? "CSV" : "JSON",
    });
    revalidateCase();
    return `Exported ${made.format} as export #${made.exportId}: download it under “Past exports”.`;
  });
}

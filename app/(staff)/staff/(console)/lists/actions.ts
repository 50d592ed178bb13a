"use server";

import { revalidatePath } from "next/cache";
import type { ListKind, ListSubjectType } from "@/server/risk/lists";
import { formText } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

/**
 * A `datetime-local` value is read as UTC (the console's clock), e.g. "2027-01-31T18:00" →
 * "2027-01-31T18:00:00Z"; blank = never expires; anything else goes on as typed for the
 * procedure to refuse.
 */
function expiryOf(form: FormData): string | null {
  const text = formText(form, "expiresAt").trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return `${text}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)) return `${text}Z`;
  return text;
}

/** Adds an entry, or changes the reason and expiry of the same subject on the same list. */
export async function putListEntryAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const entry = await api.lists.put({
      list: formText(form, "list") as ListKind,
      subjectType: formText(form, "subjectType") as ListSubjectType,
      subjectId: formText(form, "subjectId"),
      reason: formText(form, "reason"),
      expiresAt: expiryOf(form),
    });
    revalidatePath("/staff/lists");
    const subject = `${entry.subjectType.charAt(0)}${entry.subjectType.slice(1).toLowerCase()}`;
    return `${subject} ${entry.subjectId} is on the ${entry.list.toLowerCase()} list${
      entry.expiresAt ? ` until ${entry.expiresAt.slice(0, 16).replace("T", " ")} UTC` : ""
    }.`;
  });
}

export async function removeListEntryAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  if (formText(form, "confirm") !== "yes")
    return { ok: false, message: "Tick the confirmation first." };
  return runStaffAction(async (api) => {
    await api.lists.remove({ id: formText(form, "id") });
    revalidatePath("/staff/lists");
    return "Entry removed.";
  });
}

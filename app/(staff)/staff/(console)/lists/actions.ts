"use server";

import { revalidatePath } from "next/cache";
import type { ListKind, ListSubjectType } from "@/server/risk/lists";
import { formText, formUtcTime } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

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
      // Blank: never expires.
      expiresAt: formUtcTime(form, "expiresAt"),
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

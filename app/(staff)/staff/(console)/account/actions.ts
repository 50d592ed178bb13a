"use server";

import { redirect } from "next/navigation";
import { formText } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

/**
 * A password change ends every other session of the account; this browser's goes on
 * (server/staff/staff-members.ts). Then a redirect, so the page shows the change once.
 */
export async function changeOwnPasswordAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const state = await runStaffAction(async (api) => {
    await api.staff.changeOwnPassword({
      currentPassword: formText(form, "currentPassword"),
      newPassword: formText(form, "newPassword"),
    });
    return "Password changed.";
  });
  if (!state.ok) return state;
  redirect("/staff/account?changed=1");
}

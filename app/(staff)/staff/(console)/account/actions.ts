"use server";

import { formText } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

export async function changeOwnPasswordAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    await api.staff.changeOwnPassword({
      currentPassword: formText(form, "currentPassword"),
      newPassword: formText(form, "newPassword"),
    });
    return "Password changed.";
  });
}

"use server";

import { redirect } from "next/navigation";
import { signIn, StaffSignInRefused } from "@/server/auth/config";
import { formText } from "../../form-text";
import { runStaffAction, STAFF_SIGN_IN_PATH, type ActionState } from "../../staff-api";

/**
 * A password change ends every session of the account (server/staff/staff-members.ts), this
 * browser's too; the person who just proved the old password and chose the new one is signed in
 * again with it, so only the other sessions end. Then a redirect: the page is rendered afresh
 * with the new session's cookie (this request still carries the ended one).
 */
export async function changeOwnPasswordAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const newPassword = formText(form, "newPassword");
  let email = "";
  const state = await runStaffAction(async (api) => {
    ({ email } = await api.staff.me());
    await api.staff.changeOwnPassword({
      currentPassword: formText(form, "currentPassword"),
      newPassword,
    });
    return "Password changed.";
  });
  if (!state.ok) return state;
  try {
    await signIn("staff", { email, password: newPassword, redirect: false });
  } catch (error) {
    if (!(error instanceof StaffSignInRefused)) throw error;
    redirect(`${STAFF_SIGN_IN_PATH}?error=${error.code}`);
  }
  redirect("/staff/account?changed=1");
}

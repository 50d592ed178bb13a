"use server";

import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { formText } from "../form-text";
import { getStaffApi, STAFF_SIGN_IN_PATH } from "../staff-api";
import { signIn, signOut, StaffSignInRefused } from "@/server/auth/config";

export async function signInStaffAction(form: FormData): Promise<void> {
  try {
    await signIn("staff", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
  } catch (error) {
    if (!(error instanceof StaffSignInRefused)) throw error;
    redirect(`/staff/sign-in?error=${error.code}`);
  }
  redirect("/staff");
}

/**
 * Ends the account's sessions in the database first: deleting the cookie alone would leave any
 * copy of it good, and a console request still in flight could set it again.
 */
export async function signOutStaffAction(): Promise<void> {
  try {
    await (await getStaffApi()).staff.signOut();
  } catch (error) {
    // Already signed out, or the account was disabled: nothing left to end.
    if (!(error instanceof TRPCError && error.code === "UNAUTHORIZED")) throw error;
  }
  await signOut({ redirect: false });
  redirect(STAFF_SIGN_IN_PATH);
}

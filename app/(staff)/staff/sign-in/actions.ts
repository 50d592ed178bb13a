"use server";

import { redirect } from "next/navigation";
import { formText } from "../form-text";
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

export async function signOutStaffAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/staff/sign-in");
}

"use server";

import { revalidatePath } from "next/cache";
import type { StaffRole } from "@/server/auth/staff-permissions";
import { formText } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

export async function inviteStaffAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const { staff, password } = await api.staff.invite({
      email: formText(form, "email"),
      role: formText(form, "role") as StaffRole,
    });
    revalidatePath("/staff/team");
    return `Invited ${staff.email}. Their password, shown this once: ${password}`;
  });
}

export async function changeRoleAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const staff = await api.staff.changeRole({
      staffId: formText(form, "staffId"),
      role: formText(form, "role") as StaffRole,
    });
    revalidatePath("/staff/team");
    return `${staff.email} is now ${staff.role.toLowerCase()}.`;
  });
}

export async function setDisabledAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const staff = await api.staff.setDisabled({
      staffId: formText(form, "staffId"),
      disabled: formText(form, "disabled") === "true",
    });
    revalidatePath("/staff/team");
    return `${staff.email} is ${staff.disabledAt ? "disabled" : "enabled"}.`;
  });
}

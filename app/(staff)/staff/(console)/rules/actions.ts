"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formText } from "../../form-text";
import { runStaffAction, type ActionState } from "../../staff-api";

const CONFIRM_FIRST: ActionState = { ok: false, message: "Tick the confirmation first." };

/** What the rules page says after a publish or roll back moved it there. */
function notice(kind: string, version: number, previous: number): URLSearchParams {
  return new URLSearchParams({
    notice: kind,
    version: String(version),
    previous: String(previous),
  });
}

/** A whole number the form posted (a version, or the draft's revision). */
function version(form: FormData, name = "version"): number {
  return Number(formText(form, name));
}

export async function createDraftAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  return runStaffAction(async (api) => {
    const from = formText(form, "from");
    const draft = await api.rules.createDraft({ from: from ? Number(from) : undefined });
    revalidatePath("/staff/rules", "layout");
    redirect(`/staff/rules/draft?started=${draft.from}`);
  });
}

export async function discardDraftAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  if (formText(form, "confirm") !== "yes") return CONFIRM_FIRST;
  return runStaffAction(async (api) => {
    const { discarded } = await api.rules.discardDraft({ version: version(form) });
    revalidatePath("/staff/rules", "layout");
    redirect(
      `/staff/rules?${new URLSearchParams({ notice: "discarded", version: String(discarded) })}`,
    );
  });
}

export async function publishDraftAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  if (formText(form, "confirm") !== "yes") return CONFIRM_FIRST;
  return runStaffAction(async (api) => {
    // The revision the admin checked: a draft saved since is refused, not published unseen.
    const { previous, live } = await api.rules.publish({
      version: version(form),
      revision: version(form, "revision"),
    });
    revalidatePath("/staff/rules", "layout");
    redirect(`/staff/rules?${notice("published", live, previous)}`);
  });
}

export async function rollBackAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  if (formText(form, "confirm") !== "yes") return CONFIRM_FIRST;
  return runStaffAction(async (api) => {
    const { previous, live } = await api.rules.rollBack({ version: version(form) });
    revalidatePath("/staff/rules", "layout");
    redirect(`/staff/rules?${notice("rolled-back", live, previous)}`);
  });
}

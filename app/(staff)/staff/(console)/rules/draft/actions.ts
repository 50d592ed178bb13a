"use server";

import { TRPCError } from "@trpc/server";
import { revalidatePath } from "next/cache";
import type { BacktestState } from "@/components/staff/rules-backtest";
import type { RulesFormState } from "@/components/staff/rules-edit-form";
import { campaignKey, type Campaign } from "@/server/risk/rule-config";
import {
  campaignFieldForIssue,
  formValues,
  readCampaignForm,
  readRulesForm,
  rulesFieldForIssue,
  type FormValues,
} from "@/server/rule-admin/rule-form";
import type { BacktestReportDto } from "@/server/trpc/routers/rules";
import { formText } from "../../../form-text";
import {
  inputIssues,
  refusalText,
  runStaffAction,
  type ActionState,
  type StaffApi,
} from "../../../staff-api";

/**
 * Runs one draft edit. A config the schema refuses comes back as each field's message (the
 * procedure's ZRuleSetConfig input names the path; `fieldFor` finds the form's field for it), with
 * what was posted so the form shows it again.
 */
function runDraftEdit(
  values: FormValues,
  fieldFor: () => (path: readonly PropertyKey[]) => string | null,
  act: (api: StaffApi) => Promise<string>,
): Promise<RulesFormState> {
  return runStaffAction<RulesFormState>(act, (error) => {
    const issues = inputIssues(error);
    if (!issues) return { ok: false, message: refusalText(error), values };
    const fieldErrors: Record<string, string> = {};
    const elsewhere: string[] = [];
    const find = fieldFor();
    for (const issue of issues) {
      const [top, ...rest] = issue.path;
      const field = top === "config" ? find(rest) : null;
      if (field) fieldErrors[field] ??= issue.message;
      else elsewhere.push(`${issue.path.join(".") || "input"}: ${issue.message}`);
    }
    return {
      ok: false,
      message: ["Not saved: the rule set refused these values.", ...elsewhere].join(" "),
      fieldErrors,
      values,
    };
  });
}

/**
 * The draft the form was showing (its version and revision, posted with every form): refused when
 * `version` is no longer the draft or someone saved it since. The save names the same revision,
 * so an edit made meanwhile is refused there too instead of being overwritten.
 */
async function currentDraft(api: StaffApi, { version, revision }: DraftRef) {
  const { summary, config } = await api.rules.version({ version });
  if (summary.status !== "DRAFT")
    throw new TRPCError({ code: "CONFLICT", message: `version ${version} is no longer the draft` });
  if (summary.revision !== revision)
    throw new TRPCError({
      code: "CONFLICT",
      message:
        "Not saved: someone saved this draft after you opened it. Reload the page to see their changes, then make yours again.",
    });
  return config;
}

type DraftRef = { version: number; revision: number };

function draftOf(form: FormData): DraftRef {
  return {
    version: Number(formText(form, "version")),
    revision: Number(formText(form, "revision")),
  };
}

function saved(message: string): string {
  revalidatePath("/staff/rules", "layout");
  return message;
}

/** The defaults: every rule's on/off, action, scope and thresholds. */
export async function saveRulesAction(
  _state: RulesFormState | null,
  form: FormData,
): Promise<RulesFormState> {
  const values = formValues(form);
  const draft = draftOf(form);
  return runDraftEdit(
    values,
    () => rulesFieldForIssue,
    async (api) => {
      const config = await currentDraft(api, draft);
      await api.rules.updateDraft({
        ...draft,
        config: { ...config, rules: readRulesForm(values) },
      });
      return saved(`Saved the rules of draft version ${draft.version}.`);
    },
  );
}

export async function saveNoteAction(
  _state: RulesFormState | null,
  form: FormData,
): Promise<RulesFormState> {
  const values = formValues(form);
  const draft = draftOf(form);
  return runDraftEdit(
    values,
    () => () => null,
    async (api) => {
      const config = await currentDraft(api, draft);
      await api.rules.updateDraft({ ...draft, config, note: formText(form, "note") });
      return saved("Saved the note.");
    },
  );
}

/**
 * Adds a campaign (no `campaignKey` posted) or replaces the one the form was showing (found by
 * what it matched, so a campaign another edit moved is not overwritten by position).
 */
export async function saveCampaignAction(
  _state: RulesFormState | null,
  form: FormData,
): Promise<RulesFormState> {
  const values = formValues(form);
  const draft = draftOf(form);
  const original = formText(form, "campaignKey");
  const { campaign, errors } = readCampaignForm(values);
  if (Object.keys(errors).length > 0) {
    return { ok: false, message: "Not saved: check the budget.", fieldErrors: errors, values };
  }
  let index = -1;
  return runDraftEdit(
    values,
    () => (path) => campaignFieldForIssue(path, index),
    async (api) => {
      const config = await currentDraft(api, draft);
      const campaigns: Campaign[] = [...config.campaigns];
      if (original) {
        index = campaigns.findIndex((c) => campaignKey(c) === original);
        if (index < 0)
          throw new TRPCError({
            code: "CONFLICT",
            message:
              "That campaign is no longer in the draft (changed meanwhile): reload the page.",
          });
        campaigns[index] = campaign;
      } else {
        index = campaigns.length;
        campaigns.push(campaign);
      }
      await api.rules.updateDraft({ ...draft, config: { ...config, campaigns } });
      return saved(`Saved campaign “${campaign.name}”.`);
    },
  );
}

export async function removeCampaignAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  if (formText(form, "confirm") !== "yes")
    return { ok: false, message: "Tick the confirmation first." };
  const draft = draftOf(form);
  const key = formText(form, "campaignKey");
  return runStaffAction(async (api) => {
    const config = await currentDraft(api, draft);
    const campaigns = config.campaigns.filter((c) => campaignKey(c) !== key);
    if (campaigns.length === config.campaigns.length)
      return "That campaign is no longer in the draft.";
    await api.rules.updateDraft({ ...draft, config: { ...config, campaigns } });
    return saved("Campaign removed from the draft.");
  });
}

/** Re-runs the chosen UTC days (inclusive) under the draft; can take tens of seconds. */
export async function backtestAction(
  _state: BacktestState | null,
  form: FormData,
): Promise<BacktestState> {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const [fromDay, toDay] = [formText(form, "from"), formText(form, "to")];
  if (!day.test(fromDay) || !day.test(toDay))
    return { ok: false, message: "Choose the first and the last day of the window." };
  const against = formText(form, "against");
  let report: BacktestReportDto | undefined;
  const state = await runStaffAction(async (api) => {
    report = await api.rules.backtest({
      version: draftOf(form).version,
      against: against ? Number(against) : undefined,
      from: `${fromDay}T00:00:00.000Z`,
      to: `${toDay}T23:59:59.999Z`,
    });
    return `Backtested ${report.payments} payments in ${(report.durationMs / 1000).toFixed(1)} s.`;
  });
  return { ...state, report };
}

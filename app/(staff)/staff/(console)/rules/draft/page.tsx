import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/staff/action-form";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { RulesConfigView } from "@/components/staff/rules-config-view";
import { ConfirmCheckbox } from "@/components/staff/rules-confirm";
import { RulesDiffTable } from "@/components/staff/rules-diff-table";
import { CampaignFields, RuleDefaultsFields } from "@/components/staff/rules-draft-fields";
import { RulesEditForm, RulesTextInput } from "@/components/staff/rules-edit-form";
import { CampaignMatch } from "@/components/staff/rules-values";
import { StaffTime } from "@/components/staff/staff-time";
import { roleCan } from "@/server/auth/staff-permissions";
import { campaignKey } from "@/server/risk/rule-config";
import { requireStaff, staffRead } from "../../../staff-api";
import { discardDraftAction, publishDraftAction } from "../actions";
import { versionParam } from "../rules-read";
import {
  removeCampaignAction,
  saveCampaignAction,
  saveNoteAction,
  saveRulesAction,
} from "./actions";

export const metadata: Metadata = { title: "Rules draft" };

/** Every draft form posts the draft it was showing: an edit saved since then refuses it. */
function DraftRefFields({ version, revision }: { version: number; revision: number }) {
  return (
    <>
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="revision" value={revision} />
    </>
  );
}

const LINK = "font-medium text-sky-800 underline hover:text-sky-950";
const CARD = "rounded-lg border border-slate-200 bg-white p-5";

/** The one draft: what it changes, its forms (analysts and admins), publish (admins), discard. */
export default async function RulesDraftPage({
  searchParams,
}: {
  searchParams: Promise<{ started?: string }>;
}) {
  const started = versionParam((await searchParams).started);
  const me = await requireStaff();
  const loaded = await staffRead(async (api) => {
    const overview = await api.rules.overview();
    if (!overview.draft) return { overview, draft: null, diff: null };
    const draft = await api.rules.version({ version: overview.draft.version });
    const diff = await api.rules.diff({ from: overview.live.version, to: draft.summary.version });
    return { overview, draft, diff };
  });
  if (!loaded.allowed) return <NotAllowed message={loaded.message} />;
  const { overview, draft, diff } = loaded.data;
  if (!draft || !diff) {
    return (
      <>
        <PageHeader title="Rules draft" />
        <p className="text-sm text-slate-700">
          There is no draft.{" "}
          <Link href="/staff/rules" className={LINK}>
            Start one from the rules page
          </Link>
          .
        </p>
      </>
    );
  }
  const { version } = draft.summary;
  const { config } = draft;
  const canDraft = roleCan(me.role, "rules.draft");
  const canPublish = roleCan(me.role, "rules.publish");

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/staff/rules" className={LINK}>
          ← All versions
        </Link>
      </p>
      <PageHeader
        title={`Draft: version ${version}`}
        description={
          <>
            Started <StaffTime value={draft.summary.createdAt} /> by {draft.summary.createdBy}
            {draft.summary.note && <> · {draft.summary.note}</>}. Live: version{" "}
            {overview.live.version}.
          </>
        }
        actions={
          canDraft && (
            <Link
              href="/staff/rules/draft/backtest"
              className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900"
            >
              Backtest this draft
            </Link>
          )
        }
      />

      {started !== null && (
        <p
          role="status"
          className="mb-6 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900"
        >
          Draft version {version} started as a copy of version {started}.
        </p>
      )}

      <section aria-labelledby="changes-heading" className="mb-8">
        <h2 id="changes-heading" className="mb-3 text-lg font-semibold">
          Changes from the live version ({diff.changes.length})
        </h2>
        <RulesDiffTable
          changes={diff.changes}
          caption={`Changes from live version ${overview.live.version} to draft version ${version}`}
        />
      </section>

      {!canDraft ? (
        <>
          <p className="mb-6 rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
            Your role reads the draft; analysts and admins edit it.
          </p>
          <RulesConfigView config={config} />
        </>
      ) : (
        <div className="space-y-8">
          {canPublish ? (
            <section aria-labelledby="publish-heading" className={`${CARD} border-emerald-300`}>
              <h2 id="publish-heading" className="mb-2 text-lg font-semibold">
                Publish
              </h2>
              <ActionForm
                action={publishDraftAction}
                submitLabel={`Publish version ${version}`}
                className="space-y-3"
              >
                <DraftRefFields version={version} revision={draft.summary.revision} />
                <ConfirmCheckbox>
                  I have checked the changes above and the backtest: the next payment on every app
                  instance is judged by version {version}.
                </ConfirmCheckbox>
              </ActionForm>
            </section>
          ) : (
            <p className="text-sm text-slate-600">An admin publishes the draft once it is ready.</p>
          )}

          <section aria-labelledby="note-heading" className={CARD}>
            <h2 id="note-heading" className="mb-3 text-lg font-semibold">
              Note
            </h2>
            <RulesEditForm action={saveNoteAction} submitLabel="Save note" className="space-y-3">
              <DraftRefFields version={version} revision={draft.summary.revision} />
              <RulesTextInput
                name="note"
                label="What this version changes and why"
                defaultValue={draft.summary.note ?? ""}
              />
            </RulesEditForm>
          </section>

          <section aria-labelledby="defaults-heading" className={CARD}>
            <h2 id="defaults-heading" className="mb-1 text-lg font-semibold">
              Rules (the defaults)
            </h2>
            <p className="mb-3 text-sm text-slate-600">
              Thresholds are inclusive (“3 or more”). “Record only” notes a hit without stopping the
              payment.
            </p>
            <RulesEditForm action={saveRulesAction} submitLabel="Save rules">
              <DraftRefFields version={version} revision={draft.summary.revision} />
              <RuleDefaultsFields rules={config.rules} />
            </RulesEditForm>
          </section>

          <section aria-labelledby="campaigns-heading" className={CARD}>
            <h2 id="campaigns-heading" className="mb-1 text-lg font-semibold">
              Campaigns ({config.campaigns.length})
            </h2>
            <p className="mb-3 text-sm text-slate-600">
              A campaign overrides settings for an exact promo id or a prefix (exact beats prefix,
              longer prefix beats shorter); a payment under several campaigns is judged under each
              and the strictest outcome wins.
            </p>
            <ul className="space-y-3">
              {config.campaigns.map((campaign) => {
                const key = campaignKey(campaign);
                return (
                  <li key={key} className="rounded border border-slate-200">
                    <details>
                      <summary className="cursor-pointer p-3 font-medium">
                        {campaign.name}{" "}
                        <span className="text-sm font-normal text-slate-600">
                          — <CampaignMatch campaign={campaign} />
                          {campaign.killSwitch && (
                            <span className="ml-2 font-semibold text-red-800">KILL SWITCH ON</span>
                          )}
                        </span>
                      </summary>
                      <div className="space-y-4 border-t border-slate-200 p-3">
                        <RulesEditForm
                          action={saveCampaignAction}
                          submitLabel="Save campaign"
                          className="space-y-4"
                        >
                          <DraftRefFields version={version} revision={draft.summary.revision} />
                          <input type="hidden" name="campaignKey" value={key} />
                          <CampaignFields campaign={campaign} defaults={config.rules} />
                        </RulesEditForm>
                        <ActionForm
                          action={removeCampaignAction}
                          submitLabel="Remove campaign"
                          danger
                          className="space-y-2 border-t border-slate-200 pt-3"
                        >
                          <DraftRefFields version={version} revision={draft.summary.revision} />
                          <input type="hidden" name="campaignKey" value={key} />
                          <ConfirmCheckbox>Remove “{campaign.name}” from the draft</ConfirmCheckbox>
                        </ActionForm>
                      </div>
                    </details>
                  </li>
                );
              })}
            </ul>
            <div className="mt-6 border-t border-slate-200 pt-4">
              <h3 className="mb-3 font-semibold">Add a campaign</h3>
              <RulesEditForm
                action={saveCampaignAction}
                submitLabel="Add campaign"
                className="space-y-4"
              >
                <DraftRefFields version={version} revision={draft.summary.revision} />
                <CampaignFields defaults={config.rules} />
              </RulesEditForm>
            </div>
          </section>

          <section aria-labelledby="discard-heading" className={`${CARD} border-red-200`}>
            <h2 id="discard-heading" className="mb-2 text-lg font-semibold">
              Discard
            </h2>
            <ActionForm
              action={discardDraftAction}
              submitLabel="Discard the draft"
              danger
              className="space-y-3"
            >
              <DraftRefFields version={version} revision={draft.summary.revision} />
              <ConfirmCheckbox>Throw away draft version {version} and its changes.</ConfirmCheckbox>
            </ActionForm>
          </section>
        </div>
      )}
    </>
  );
}

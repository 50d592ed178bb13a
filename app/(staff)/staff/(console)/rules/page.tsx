import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/staff/action-form";
import { SelectField } from "@/components/staff/field";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { CompareVersionsForm } from "@/components/staff/rules-compare-form";
import { ConfirmCheckbox } from "@/components/staff/rules-confirm";
import { StaffTime } from "@/components/staff/staff-time";
import { roleCan } from "@/server/auth/staff-permissions";
import { requireStaff, staffRead } from "../../staff-api";
import { createDraftAction, rollBackAction } from "./actions";
import { versionOptions, versionParam } from "./rules-read";
import { ConsoleTable } from "@/components/staff/console-table";

export const metadata: Metadata = { title: "Rules" };

const LINK = "font-medium text-sky-800 underline hover:text-sky-950";

type Search = { notice?: string; version?: string; previous?: string };

/** What a publish, roll back or discard that led here did (their forms are gone with the change). */
function noticeText({ notice, version, previous }: Search): string | null {
  const [v, p] = [versionParam(version), versionParam(previous)];
  if (v === null) return null;
  if (notice === "published")
    return `Version ${v} is published and live (it replaced version ${p}): the next payment is judged by it.`;
  if (notice === "rolled-back") return `Version ${v} is live again (it replaced version ${p}).`;
  if (notice === "discarded") return `Draft version ${v} was discarded.`;
  return null;
}

/** Rule-set versions: the live one, the draft, every published one; start a draft, compare, roll back. */
export default async function RulesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const notice = noticeText(await searchParams);
  const me = await requireStaff();
  const overview = await staffRead((api) => api.rules.overview());
  if (!overview.allowed) return <NotAllowed message={overview.message} />;
  const { live, versions, draft } = overview.data;
  const liveSummary = versions.find((v) => v.version === live.version);
  const published = versions.filter((v) => v.status === "PUBLISHED");
  const canDraft = roleCan(me.role, "rules.draft");
  const canPublish = roleCan(me.role, "rules.publish");
  const options = versionOptions(versions);
  const compareTo =
    draft?.version ?? published.find((v) => v.version !== live.version)?.version ?? live.version;

  return (
    <>
      <PageHeader
        title="Rules"
        description="The risk rules every promoted payment is judged by. Published versions never change; exactly one is live. Change them through the one draft: edit, backtest, then publish (admins)."
      />

      {notice && (
        <p
          role="status"
          className="mb-6 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900"
        >
          {notice}
        </p>
      )}

      <div className="mb-8 grid gap-4 md:grid-cols-2">
        <section
          aria-labelledby="live-heading"
          className="rounded-lg border border-emerald-300 bg-white p-5"
        >
          <h2 id="live-heading" className="text-lg font-semibold">
            Live: version {live.version}
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Published</dt>
            <dd>
              <StaffTime value={liveSummary?.publishedAt ?? null} /> by{" "}
              {liveSummary?.publishedBy ?? "—"}
            </dd>
            <dt className="text-slate-600">Live since</dt>
            <dd>
              <StaffTime value={live.since} /> by {live.by}
            </dd>
            {liveSummary?.note && (
              <>
                <dt className="text-slate-600">Note</dt>
                <dd>{liveSummary.note}</dd>
              </>
            )}
          </dl>
          <p className="mt-3 text-sm">
            <Link href={`/staff/rules/${live.version}`} className={LINK}>
              View version {live.version}
            </Link>
          </p>
        </section>

        <section
          aria-labelledby="draft-heading"
          className="rounded-lg border border-amber-300 bg-white p-5"
        >
          <h2 id="draft-heading" className="text-lg font-semibold">
            {draft ? `Draft: version ${draft.version}` : "No draft"}
          </h2>
          {draft ? (
            <>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">Started</dt>
                <dd>
                  <StaffTime value={draft.createdAt} /> by {draft.createdBy}
                </dd>
                <dt className="text-slate-600">Note</dt>
                <dd>{draft.note || "—"}</dd>
              </dl>
              <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                <Link href="/staff/rules/draft" className={LINK}>
                  {canDraft ? "Edit the draft" : "View the draft"}
                </Link>
                {canDraft && (
                  <Link href="/staff/rules/draft/backtest" className={LINK}>
                    Backtest it
                  </Link>
                )}
                <Link
                  href={`/staff/rules/diff?from=${live.version}&to=${draft.version}`}
                  className={LINK}
                >
                  Changes from the live version
                </Link>
              </p>
            </>
          ) : canDraft ? (
            <ActionForm
              action={createDraftAction}
              submitLabel="Start a draft"
              className="mt-3 space-y-3"
            >
              <SelectField
                label="Copy of"
                name="from"
                defaultValue={String(live.version)}
                options={published.map((v) => ({
                  value: String(v.version),
                  label: `version ${v.version}${v.live ? " (live)" : ""}`,
                }))}
              />
            </ActionForm>
          ) : (
            <p className="mt-2 text-sm text-slate-600">
              Analysts and admins start drafts; your role reads the rules.
            </p>
          )}
        </section>
      </div>

      <section aria-labelledby="compare-heading" className="mb-8">
        <h2 id="compare-heading" className="mb-3 text-lg font-semibold">
          Compare two versions
        </h2>
        <CompareVersionsForm
          options={options}
          from={live.version}
          to={compareTo}
          className="rounded-lg border border-slate-200 bg-white p-4"
        />
      </section>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="mb-3 text-lg font-semibold">
          All versions
        </h2>
        <ConsoleTable
          caption="Rule-set versions, newest first"
          columns={["Version", "Status", "Note", "Created", "Published", "Actions"]}
        >
          <tbody className="divide-y divide-slate-100 align-top">
            {versions.map((v) => (
              <tr key={v.version}>
                <th scope="row" className="px-4 py-2 font-medium">
                  <Link href={`/staff/rules/${v.version}`} className={LINK}>
                    {v.version}
                  </Link>
                </th>
                <td className="px-4 py-2">
                  {v.live ? (
                    <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900">
                      LIVE
                    </span>
                  ) : v.status === "DRAFT" ? (
                    <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                      DRAFT
                    </span>
                  ) : (
                    <span className="text-slate-600">published</span>
                  )}
                </td>
                <td className="max-w-xs px-4 py-2">{v.note || "—"}</td>
                <td className="px-4 py-2">
                  <StaffTime value={v.createdAt} />
                  <span className="block text-xs text-slate-500">{v.createdBy}</span>
                </td>
                <td className="px-4 py-2">
                  <StaffTime value={v.publishedAt} />
                  {v.publishedBy && (
                    <span className="block text-xs text-slate-500">{v.publishedBy}</span>
                  )}
                </td>
                <td className="space-y-1 px-4 py-2">
                  {!v.live && (
                    <Link
                      href={`/staff/rules/diff?from=${live.version}&to=${v.version}`}
                      className={`${LINK} block`}
                    >
                      Diff with live
                    </Link>
                  )}
                  {canPublish && v.status === "PUBLISHED" && !v.live && (
                    <details>
                      <summary className="cursor-pointer text-sky-800 underline">
                        {v.version < live.version ? "Roll back to" : "Make live"} version{" "}
                        {v.version}…
                      </summary>
                      <ActionForm
                        action={rollBackAction}
                        submitLabel={`Make version ${v.version} live`}
                        danger
                        className="mt-2 space-y-2"
                      >
                        <input type="hidden" name="version" value={v.version} />
                        <ConfirmCheckbox>
                          The next payment on every app instance is judged by version {v.version}.
                        </ConfirmCheckbox>
                      </ActionForm>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ConsoleTable>
      </section>
    </>
  );
}

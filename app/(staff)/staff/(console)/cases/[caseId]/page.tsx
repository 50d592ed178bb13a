import { TRPCError, type inferRouterOutputs } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ActionForm } from "@/components/staff/action-form";
import { CaseItemsTable } from "@/components/staff/case-items-table";
import { CASE_FINDING_LABELS, CaseStatusBadge, OverdueBadge } from "@/components/staff/case-status";
import { TextArea } from "@/components/staff/text-area";
import { SelectField, TextField } from "@/components/staff/field";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { roleCan } from "@/server/auth/staff-permissions";
import { CASE_EXPORT_CSV_COLUMNS } from "@/server/cases/case-export";
import {
  ITEM_WINDOW_DAYS_AFTER,
  ITEM_WINDOW_DAYS_BEFORE,
  ITEM_WINDOW_LIMIT,
} from "@/server/cases/case-payments";
import type { AppRouter } from "@/server/trpc/root";
import { requireStaff, staffRead } from "../../../staff-api";
import {
  addCaseNoteAction,
  addClawbackNoteAction,
  blockCaseSubjectAction,
  concludeCaseAction,
  exportCaseAction,
  setCaseStatusAction,
} from "./actions";
import { ConsoleTable } from "@/components/staff/console-table";
import { routeParam } from "../../../route-param";

type CaseDetail = inferRouterOutputs<AppRouter>["cases"]["get"];
type Params = { caseId: string };

const ENTRY_LABELS: Record<string, string> = {
  NOTE: "Note",
  BLOCK_CUSTOMER: "Blocked customer",
  BLOCK_DEVICE: "Blocked device",
  CLAWBACK_NOTE: "Claw-back note",
};

const FINDING_OPTIONS = [
  { value: "", label: "Choose a finding…" },
  ...Object.entries(CASE_FINDING_LABELS).map(([value, label]) => ({ value, label })),
];

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Case ${routeParam((await params).caseId)}` };
}

/** One Alipay+ risk case: what was flagged, the investigation, the actions and the exports. */
export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<{ itemsAfter?: string }>;
}) {
  const caseId = routeParam((await params).caseId);
  const { itemsAfter } = await searchParams;
  if (caseId.length > 64) notFound();
  const staff = await requireStaff();
  const found = await staffRead((api) =>
    api.cases
      .get({
        caseId,
        itemsAfter: /^[1-9][0-9]{0,18}$/.test(itemsAfter ?? "") ? itemsAfter : undefined,
      })
      .catch((error: unknown) => {
        if (error instanceof TRPCError && ["NOT_FOUND", "BAD_REQUEST"].includes(error.code)) {
          return null;
        }
        throw error;
      }),
  );
  if (!found.allowed) return <NotAllowed message={found.message} />;
  if (!found.data) notFound();
  const data = found.data;
  const canWrite = roleCan(staff.role, "cases.write");
  const concluded = data.status === "CONCLUDED" || data.status === "COMMUNICATED";
  const exportHref = (exportId: string) =>
    `/staff/cases/${encodeURIComponent(data.caseId)}/exports/${exportId}`;

  return (
    <>
      <PageHeader
        title={
          <>
            Case <span className="break-all font-mono">{data.caseId}</span>
          </>
        }
        description={data.reason}
        actions={
          <Link href="/staff/cases" className="text-sm font-medium text-sky-800 underline">
            All cases
          </Link>
        }
      />

      <dl className="mb-8 grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-2 lg:grid-cols-3">
        <Fact label="Status">
          <CaseStatusBadge status={data.status} />
        </Fact>
        <Fact label="Deadline">
          <StaffTime value={data.deadline} />
          {data.overdue && <OverdueBadge />}
        </Fact>
        <Fact label="Raised">
          <StaffTime value={data.raisedAt} />
        </Fact>
        <Fact label="Came in">
          {data.source === "API" ? "Alipay+ API" : data.source === "CSV" ? "CSV import" : "by hand"}{" "}
          by {data.createdBy}, <StaffTime value={data.createdAt} />
        </Fact>
        <Fact label="Finding">
          {data.finding ? (
            CASE_FINDING_LABELS[data.finding]
          ) : (
            <span className="text-slate-500">—</span>
          )}
        </Fact>
        <Fact label="Concluded">
          {data.concludedAt ? (
            <>
              <StaffTime value={data.concludedAt} /> by {data.concludedBy}
            </>
          ) : (
            <span className="text-slate-500">—</span>
          )}
        </Fact>
        {data.summary && (
          <div className="sm:col-span-2 lg:col-span-3">
            <dt className="text-xs font-semibold uppercase text-slate-500">Summary</dt>
            <dd className="mt-1 whitespace-pre-wrap">{data.summary}</dd>
          </div>
        )}
      </dl>

      {canWrite && <Investigation data={data} />}

      <Section id="items-heading" title={`Flagged items (${data.itemCount})`}>
        <p className="mb-3 text-sm text-slate-600">
          A payment named by its request id links to its investigation page; for a customer or a
          device, its payments from {ITEM_WINDOW_DAYS_BEFORE} days before the case was raised to{" "}
          {ITEM_WINDOW_DAYS_AFTER} days after are shown (the newest few here, up to{" "}
          {ITEM_WINDOW_LIMIT} in an export).
        </p>
        <CaseItemsTable items={data.items} />
        {data.nextItemsAfter && (
          <Link
            href={`/staff/cases/${encodeURIComponent(data.caseId)}?itemsAfter=${data.nextItemsAfter}`}
            className="mt-3 inline-block text-sm font-medium text-sky-800 underline"
          >
            Next items
          </Link>
        )}
      </Section>

      <Section id="subjects-heading" title="Customers and devices">
        {data.customers.length === 0 && data.devices.length === 0 ? (
          <p className="text-sm text-slate-600">
            No customer or device is known for this case yet.
          </p>
        ) : (
          <div className="grid gap-6 lg:grid-cols-2">
            <SubjectList
              title="Customers"
              subjectType="CUSTOMER"
              caseId={data.caseId}
              subjects={data.customers}
              canWrite={canWrite}
            />
            <SubjectList
              title="Devices"
              subjectType="DEVICE"
              caseId={data.caseId}
              subjects={data.devices}
              canWrite={canWrite}
            />
          </div>
        )}
      </Section>

      <Section id="timeline-heading" title="Timeline">
        {data.timeline.length === 0 ? (
          <p className="text-sm text-slate-600">No notes or actions yet.</p>
        ) : (
          <ol className="space-y-3">
            {data.timeline.map((entry) => (
              <li
                key={entry.entryId}
                className="rounded border border-slate-200 bg-white p-3 text-sm"
              >
                <p className="text-xs text-slate-600">
                  <span className="font-semibold text-slate-900">{ENTRY_LABELS[entry.kind]}</span>
                  {entry.subjectId && (
                    <>
                      {" "}
                      <span className="break-all font-mono">{entry.subjectId}</span>
                    </>
                  )}{" "}
                  · <StaffTime value={entry.at} /> · {entry.by}
                </p>
                <p className="mt-1 whitespace-pre-wrap">{entry.text}</p>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section id="export-heading" title="Export">
        <p className="mb-3 text-sm text-slate-600">
          The conclusion to send back to Alipay+: JSON{" "}
          <code>
            {"{caseId, status, finding, summary, actions[], items[], concludedAt, concludedBy}"}
          </code>{" "}
          or CSV, one row per item and payment. Every export is kept byte for byte.
        </p>
        {canWrite &&
          (concluded ? (
            <div className="mb-4 flex flex-wrap gap-4">
              {(["JSON", "CSV"] as const).map((format) => (
                <ActionForm key={format} action={exportCaseAction} submitLabel={`Export ${format}`}>
                  <input type="hidden" name="caseId" value={data.caseId} />
                  <input type="hidden" name="format" value={format} />
                </ActionForm>
              ))}
            </div>
          ) : (
            <p className="mb-4 text-sm text-slate-600">
              A case can be exported once it is concluded.
            </p>
          ))}
        <details className="mb-4 text-sm">
          <summary className="cursor-pointer font-medium text-sky-800">CSV columns</summary>
          <p className="mt-2 break-words font-mono text-xs">{CASE_EXPORT_CSV_COLUMNS.join(",")}</p>
          <p className="mt-1 text-xs text-slate-600">
            Case fields repeat on every row; promotions are “promoId currency value” joined by “; ”;
            the decision is the payment’s latest; actions are in the JSON export. Text that a
            spreadsheet would run as a formula starts with an apostrophe; amounts are numbers.
          </p>
        </details>
        <h3 className="mb-2 text-base font-semibold">Past exports</h3>
        {data.exports.length === 0 ? (
          <p className="text-sm text-slate-600">None yet.</p>
        ) : (
          <ConsoleTable
            caption="Past exports of this case"
            columns={[
              "Export",
              "Format",
              "When",
              "By",
              { label: "Bytes", className: "text-right" },
              "File",
            ]}
          >
            <tbody className="divide-y divide-slate-100">
              {data.exports.map((entry) => (
                <tr key={entry.exportId}>
                  <th scope="row" className="px-4 py-2 font-medium tabular-nums">
                    #{entry.exportId}
                  </th>
                  <td className="px-4 py-2">{entry.format}</td>
                  <td className="px-4 py-2">
                    <StaffTime value={entry.exportedAt} />
                  </td>
                  <td className="px-4 py-2">{entry.exportedBy}</td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    {entry.bytes.toLocaleString("en")}
                  </td>
                  <td className="px-4 py-2">
                    <a
                      href={exportHref(entry.exportId)}
                      download
                      className="font-medium text-sky-800 underline"
                    >
                      Download {entry.format} #{entry.exportId}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </ConsoleTable>
        )}
      </Section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase text-slate-500">{label}</dt>
      <dd className="mt-1">{children}</dd>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

const STEP_LABELS: Record<NonNullable<CaseDetail["statusStep"]>, string> = {
  INVESTIGATING: "Start investigation",
  COMMUNICATED: "Mark as communicated to Alipay+",
};

/** The analyst's controls: the next status step, the conclusion, notes and claw-back notes. */
function Investigation({ data }: { data: CaseDetail }) {
  return (
    <Section id="investigation-heading" title="Investigation">
      <div className="grid gap-6 lg:grid-cols-2">
        {data.statusStep && (
          <ControlCard title="Status">
            <ActionForm action={setCaseStatusAction} submitLabel={STEP_LABELS[data.statusStep]}>
              <input type="hidden" name="caseId" value={data.caseId} />
              <input type="hidden" name="status" value={data.statusStep} />
            </ActionForm>
          </ControlCard>
        )}
        {data.status === "INVESTIGATING" && (
          <ControlCard title="Conclude">
            <ActionForm action={concludeCaseAction} submitLabel="Conclude">
              <input type="hidden" name="caseId" value={data.caseId} />
              <SelectField label="Finding" name="finding" required options={FINDING_OPTIONS} />
              <TextArea label="Summary" name="summary" required maxLength={4000} rows={4} />
            </ActionForm>
          </ControlCard>
        )}
        <ControlCard title="Note">
          <ActionForm action={addCaseNoteAction} submitLabel="Add note">
            <input type="hidden" name="caseId" value={data.caseId} />
            <TextArea label="Note (internal, not exported)" name="text" required maxLength={4000} />
          </ActionForm>
        </ControlCard>
        <ControlCard title="Claw back">
          <ActionForm action={addClawbackNoteAction} submitLabel="Add claw-back note">
            <input type="hidden" name="caseId" value={data.caseId} />
            <TextArea
              label="Claw-back note (exported as an action; moves no money)"
              name="text"
              required
              maxLength={4000}
            />
          </ActionForm>
        </ControlCard>
      </div>
    </Section>
  );
}

function ControlCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-5">
      <h3 className="mb-2 text-base font-semibold">{title}</h3>
      {children}
    </div>
  );
}

function SubjectList({
  title,
  subjectType,
  caseId,
  subjects,
  canWrite,
}: {
  title: string;
  subjectType: "CUSTOMER" | "DEVICE";
  caseId: string;
  subjects: CaseDetail["customers"];
  canWrite: boolean;
}) {
  const noun = subjectType === "CUSTOMER" ? "customer" : "device";
  return (
    <div>
      <h3 className="mb-2 text-base font-semibold">{title}</h3>
      {subjects.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <ul className="space-y-3">
          {subjects.map((subject) => (
            <li key={subject.subjectId} className="rounded border border-slate-200 bg-white p-3">
              <p className="text-sm">
                <span className="break-all font-mono">{subject.subjectId}</span>
                {subject.blocked && (
                  <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs font-semibold uppercase text-red-900">
                    Blocked
                  </span>
                )}
              </p>
              {canWrite && (
                <ActionForm
                  action={blockCaseSubjectAction}
                  submitLabel={`Block ${noun} ${subject.subjectId}`}
                  danger
                  className="mt-2 space-y-2"
                >
                  <input type="hidden" name="caseId" value={caseId} />
                  <input type="hidden" name="subjectType" value={subjectType} />
                  <input type="hidden" name="subjectId" value={subject.subjectId} />
                  <div className="grid gap-2 sm:grid-cols-2">
                    <TextField
                      label={`Reason to block ${subject.subjectId}`}
                      name="reason"
                      required
                      maxLength={4000}
                    />
                    <TextField
                      label="Expires (UTC, optional)"
                      name="expiresAt"
                      type="datetime-local"
                    />
                  </div>
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

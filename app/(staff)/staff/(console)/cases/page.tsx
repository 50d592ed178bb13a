import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { CaseImportForm } from "@/components/staff/case-import-form";
import {
  CASE_FINDING_LABELS,
  CASE_STATUS_LABELS,
  CaseStatusBadge,
  OverdueBadge,
} from "@/components/staff/case-status";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { roleCan } from "@/server/auth/staff-permissions";
import { CASE_STATUSES, type CaseStatus } from "@/server/cases/case-workflow";
import { requireStaff, staffRead } from "../../staff-api";
import { importCasesAction } from "./actions";
import { ConsoleTable } from "@/components/staff/console-table";

export const metadata: Metadata = { title: "Risk cases" };

type Search = { status?: string; cursor?: string };

const SOURCE_LABELS = { MANUAL: "by hand", CSV: "CSV import", API: "Alipay+ API" } as const;

function isStatus(value: string | undefined): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value ?? "");
}

/** Alipay+ risk cases: those being worked first, by deadline (overdue marked), then the rest. */
export default async function CasesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const status = isStatus(search.status) ? search.status : undefined;
  const staff = await requireStaff();
  const canWrite = roleCan(staff.role, "cases.write");
  const page = await staffRead((api) =>
    api.cases.list({ status, cursor: search.cursor || undefined }),
  ).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") return null;
    throw error;
  });
  if (page && !page.allowed) return <NotAllowed message={page.message} />;

  const filterHref = (value: CaseStatus | undefined) =>
    value ? `/staff/cases?${new URLSearchParams({ status: value })}` : "/staff/cases";
  return (
    <>
      <PageHeader
        title="Risk cases"
        description="Payments, customers and devices Alipay+ flagged. Cases still open or under investigation come first, nearest deadline first; concluded and communicated ones follow, newest first."
        actions={
          canWrite && (
            <Link
              href="/staff/cases/new"
              className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
            >
              New case
            </Link>
          )
        }
      />
      <nav aria-label="Filter by status" className="mb-4">
        <ul className="flex flex-wrap gap-2 text-sm">
          {[undefined, ...CASE_STATUSES].map((value) => (
            <li key={value ?? "all"}>
              <Link
                href={filterHref(value)}
                aria-current={value === status ? "page" : undefined}
                className={`block rounded border px-3 py-1 focus-visible:outline-2 focus-visible:outline-sky-700 ${
                  value === status
                    ? "border-sky-800 bg-sky-800 text-white"
                    : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"
                }`}
              >
                {value ? CASE_STATUS_LABELS[value] : "all"}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!page ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-4 text-sm">
          That page link is not valid any more. <Link href={filterHref(status)}>Start over</Link>.
        </p>
      ) : (
        <>
          <ConsoleTable
            caption={<>Risk cases{status ? `, ${CASE_STATUS_LABELS[status]} only` : ""}</>}
            columns={["Case", "Status", "Deadline", "Raised", "Items", "Reason"]}

            empty={
              page.data.rows.length === 0 && (
                <>No cases{status ? ` are ${CASE_STATUS_LABELS[status]}` : " yet"}.</>
              )
            }
          >
            <tbody className="divide-y divide-slate-100 align-top">
              {page.data.rows.map((row) => (
                <tr key={row.caseId} className={row.overdue ? "bg-red-50" : undefined}>
                  <th scope="row" className="px-4 py-2 font-medium">
                    <Link
                      href={`/staff/cases/${encodeURIComponent(row.caseId)}`}
                      className="break-all font-mono text-sky-800 underline hover:text-sky-950"
                    >
                      {row.caseId}
                    </Link>
                    <span className="block text-xs font-normal text-slate-600">
                      {SOURCE_LABELS[row.source]}
                    </span>
                  </th>
                  <td className="px-4 py-2">
                    <CaseStatusBadge status={row.status} />
                    {row.finding && (
                      <span className="block text-xs text-slate-600">
                        {CASE_FINDING_LABELS[row.finding]}
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-2">
                    <StaffTime value={row.deadline} />
                    {row.overdue && <OverdueBadge />}
                  </td>
                  <td className="px-4 py-2">
                    <StaffTime value={row.raisedAt} />
                  </td>
                  <td className="px-4 py-2 tabular-nums">{row.items}</td>
                  <td className="max-w-md px-4 py-2">
                    <span className="line-clamp-2">{row.reason}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </ConsoleTable>
          {page.data.nextCursor && (
            <Link
              href={`/staff/cases?${new URLSearchParams({
                ...(status ? { status } : {}),
                cursor: page.data.nextCursor,
              })}`}
              className="mt-4 inline-block text-sm font-medium text-sky-800 underline"
            >
              Next cases
            </Link>
          )}
        </>
      )}
      {canWrite && (
        <section
          aria-labelledby="import-heading"
          className="mt-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="import-heading" className="mb-3 text-lg font-semibold">
            Import cases from CSV
          </h2>
          <CaseImportForm action={importCasesAction} />
        </section>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { TextField } from "@/components/staff/field";
import { staffRead } from "../../staff-api";
import { ConsoleTable } from "@/components/staff/console-table";

export const metadata: Metadata = { title: "Audit log" };

type Search = { q?: string; before?: string };

/** Every staff change, newest first, searchable by actor, action or subject; keyset pages. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { q, before } = await searchParams;
  const page = await staffRead((api) =>
    api.audit.list({ search: q || undefined, beforeId: before || undefined }),
  );
  if (!page.allowed) return <NotAllowed message={page.message} />;
  const { rows, nextBeforeId } = page.data;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every staff action that changed something: who, when, what, before and after. Append-only."
      />
      <form role="search" className="mb-4 flex max-w-xl items-end gap-2">
        <div className="flex-1">
          <TextField label="Search actor, action or subject" name="q" defaultValue={q} />
        </div>
        <button
          type="submit"
          className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white"
        >
          Search
        </button>
      </form>
      <ConsoleTable
        caption="Audit log entries"
        columns={["When", "Who", "Action", "Subject", "Before → after"]}

        empty={rows.length === 0 && <>No entries{q ? ` match “${q}”` : ""}.</>}
      >
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="px-4 py-2">
                <StaffTime value={row.at} />
              </td>
              <td className="px-4 py-2">{row.actorEmail}</td>
              <td className="px-4 py-2 font-mono text-xs">{row.action}</td>
              <td className="px-4 py-2">
                <span className="text-slate-500">{row.subjectType}</span>{" "}
                <span className="break-all font-mono text-xs">{row.subjectId}</span>
              </td>
              <td className="px-4 py-2">
                <JsonDiff before={row.before} after={row.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
      {nextBeforeId && (
        <Link
          href={`/staff/audit?${new URLSearchParams({ ...(q ? { q } : {}), before: nextBeforeId })}`}
          className="mt-4 inline-block text-sm font-medium text-sky-800 underline"
        >
          Older entries
        </Link>
      )}
    </>
  );
}

function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  return (
    <div className="grid max-w-xl gap-1 font-mono text-xs">
      {before != null && (
        <pre className="whitespace-pre-wrap break-all text-red-800">− {JSON.stringify(before)}</pre>
      )}
      {after != null && (
        <pre className="whitespace-pre-wrap break-all text-emerald-800">
          + {JSON.stringify(after)}
        </pre>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/staff/action-form";
import { SelectField, TextField } from "@/components/staff/field";
import { ListsEntryFields } from "@/components/staff/lists-entry-fields";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { ConfirmCheckbox } from "@/components/staff/rules-confirm";
import { StaffTime } from "@/components/staff/staff-time";
import { roleCan } from "@/server/auth/staff-permissions";
import {
  LIST_KINDS,
  LIST_SUBJECT_TYPES,
  type ListKind,
  type ListSubjectType,
} from "@/server/risk/lists";
import { requireStaff, staffRead } from "../../staff-api";
import { putListEntryAction, removeListEntryAction } from "./actions";
import { ConsoleTable } from "@/components/staff/console-table";
import { oneOf, utcLocalValue } from "../../form-text";

export const metadata: Metadata = { title: "Lists" };

type Search = {
  list?: string;
  type?: string;
  subject?: string;
  expired?: string;
  before?: string;
};

const ANY = { value: "", label: "any" };
const KIND_OPTIONS = LIST_KINDS.map((kind) => ({ value: kind, label: kind.toLowerCase() }));
const TYPE_OPTIONS = LIST_SUBJECT_TYPES.map((type) => ({ value: type, label: type.toLowerCase() }));
const TH = "px-4 py-2";

/**
 * Block and allow lists (docs/protocol.md#risk-rules): customers, devices and merchants, each with
 * a reason and an optional expiry. Newest first, keyset pages; expired entries only on request.
 */
export default async function ListsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const me = await requireStaff();
  const filter = {
    list: oneOf<ListKind>(LIST_KINDS, search.list),
    subjectType: oneOf<ListSubjectType>(LIST_SUBJECT_TYPES, search.type),
    subjectId: search.subject?.trim() || undefined,
    includeExpired: search.expired === "1",
  };
  const page = await staffRead((api) =>
    api.lists.list({
      ...filter,
      beforeId: /^[1-9][0-9]{0,18}$/.test(search.before ?? "") ? search.before : undefined,
    }),
  );
  if (!page.allowed) return <NotAllowed message={page.message} />;
  const { rows, nextBeforeId } = page.data;
  const canWrite = roleCan(me.role, "lists.write");
  const olderQuery = new URLSearchParams({
    ...(filter.list ? { list: filter.list } : {}),
    ...(filter.subjectType ? { type: filter.subjectType } : {}),
    ...(filter.subjectId ? { subject: filter.subjectId } : {}),
    ...(filter.includeExpired ? { expired: "1" } : {}),
    ...(nextBeforeId ? { before: nextBeforeId } : {}),
  });

  return (
    <>
      <PageHeader
        title="Lists"
        description="Block and allow lists for customers, devices and merchants. A blocked customer or device is rejected by the block-list rule, a blocked merchant by the gambling rule; an allow-listed customer or device skips every rule but the block list, gambling and kill switches. An expired entry stops matching."
      />

      {canWrite && (
        <section
          aria-labelledby="add-heading"
          className="mb-8 rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="add-heading" className="mb-3 text-lg font-semibold">
            Add an entry
          </h2>
          <ActionForm
            action={putListEntryAction}
            submitLabel="Add to list"
            className="grid gap-3 md:grid-cols-3 md:items-end"
          >
            <SelectField label="Subject type" name="subjectType" options={TYPE_OPTIONS} />
            <TextField label="Subject id" name="subjectId" required maxLength={200} />
            <SelectField label="List" name="list" options={KIND_OPTIONS} />
            <ListsEntryFields reason="" expiresAt="" />
          </ActionForm>
        </section>
      )}

      <form
        role="search"
        aria-label="Filter entries"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[10rem_10rem_1fr_auto_auto] lg:items-end"
      >
        <SelectField
          label="List"
          name="list"
          defaultValue={filter.list ?? ""}
          options={[ANY, ...KIND_OPTIONS]}
        />
        <SelectField
          label="Subject type"
          name="type"
          defaultValue={filter.subjectType ?? ""}
          options={[ANY, ...TYPE_OPTIONS]}
        />
        <TextField label="Subject id (exact)" name="subject" defaultValue={filter.subjectId} />
        <label className="flex items-center gap-2 pb-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            name="expired"
            value="1"
            defaultChecked={filter.includeExpired}
            className="size-4 accent-sky-800"
          />
          Show expired
        </label>
        <button
          type="submit"
          className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900"
        >
          Filter
        </button>
      </form>

      <ConsoleTable
        caption="List entries, newest first"
        columns={["Subject", "List", "Reason", "Expires", "Added", canWrite && "Actions"]}

        empty={rows.length === 0 && <>No entries match.</>}
      >
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((entry) => (
            <tr key={entry.id} className={entry.expired ? "bg-slate-50 text-slate-500" : ""}>
              <th scope="row" className={`${TH} font-normal`}>
                <span className="block text-xs uppercase text-slate-500">
                  {entry.subjectType.toLowerCase()}
                </span>
                <span className="break-all font-mono text-xs">{entry.subjectId}</span>
              </th>
              <td className={TH}>
                <span
                  className={`rounded px-2 py-0.5 text-xs font-semibold ${
                    entry.list === "BLOCK"
                      ? "bg-red-100 text-red-900"
                      : "bg-emerald-100 text-emerald-900"
                  }`}
                >
                  {entry.list.toLowerCase()}
                </span>
              </td>
              <td className={`${TH} max-w-xs`}>{entry.reason}</td>
              <td className={TH}>
                {entry.expiresAt ? <StaffTime value={entry.expiresAt} /> : "never"}
                {entry.expired && <span className="block text-xs font-semibold">expired</span>}
              </td>
              <td className={TH}>
                <StaffTime value={entry.createdAt} />
                <span className="block text-xs text-slate-500">{entry.createdBy}</span>
              </td>
              {canWrite && (
                <td className={`${TH} space-y-2`}>
                  <details>
                    <summary className="cursor-pointer text-sky-800 underline">
                      Edit<span className="sr-only"> {entry.subjectId}</span>
                    </summary>
                    <ActionForm
                      action={putListEntryAction}
                      submitLabel="Save"
                      className="mt-2 w-64 space-y-2"
                    >
                      <input type="hidden" name="list" value={entry.list} />
                      <input type="hidden" name="subjectType" value={entry.subjectType} />
                      <input type="hidden" name="subjectId" value={entry.subjectId} />
                      <ListsEntryFields
                        reason={entry.reason}
                        expiresAt={entry.expired ? "" : utcLocalValue(entry.expiresAt)}
                      />
                    </ActionForm>
                  </details>
                  <details>
                    <summary className="cursor-pointer text-red-800 underline">
                      Remove<span className="sr-only"> {entry.subjectId}</span>
                    </summary>
                    <ActionForm
                      action={removeListEntryAction}
                      submitLabel="Remove"
                      danger
                      className="mt-2 w-64 space-y-2"
                    >
                      <input type="hidden" name="id" value={entry.id} />
                      <ConfirmCheckbox>
                        Remove {entry.subjectType.toLowerCase()} {entry.subjectId} from the{" "}
                        {entry.list.toLowerCase()} list
                      </ConfirmCheckbox>
                    </ActionForm>
                  </details>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
      {nextBeforeId && (
        <Link
          href={`/staff/lists?${olderQuery}`}
          className="mt-4 inline-block text-sm font-medium text-sky-800 underline"
        >
          Older entries
        </Link>
      )}
    </>
  );
}

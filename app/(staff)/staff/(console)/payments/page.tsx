import type { Metadata } from "next";
import Link from "next/link";
import { SelectField, TextField } from "@/components/staff/field";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { PaymentListTable } from "@/components/staff/payment-list-table";
import { staffRead } from "../../staff-api";
import { oneOf, queryOf } from "../../form-text";

export const metadata: Metadata = { title: "Payments" };

type Search = { status?: string; customer?: string; from?: string; to?: string; after?: string };

const STATUSES = ["SUCCESS", "FAILED", "CLOSED"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Payments whose promotion information Plusdesk could not fully read (an entry without an amount,
 * a list under another name, a total that is not the entries' sum…), newest first: each one's
 * investigation page shows every line's raw JSON and why it was not read.
 */
export default async function PaymentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const filters = {
    status: oneOf(STATUSES, search.status),
    customer: search.customer?.trim().slice(0, 200) || undefined,
    from: search.from && DAY.test(search.from) ? search.from : undefined,
    to: search.to && DAY.test(search.to) ? search.to : undefined,
  };
  const page = await staffRead((api) =>
    api.payments.list({
      status: filters.status,
      customerId: filters.customer,
      fromDay: filters.from,
      toDay: filters.to,
      after: search.after?.slice(0, 200) || undefined,
    }),
  );
  if (!page.allowed) return <NotAllowed message={page.message} />;
  const { rows, nextAfter } = page.data;
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Payments with promotions not fully read"
        description="Payments whose promotion information Alipay+ sent in a shape Plusdesk could not fully read: partly read (e.g. an entry without an amount, a total that is not the sum of the entries) or not understood (e.g. a list under another name). They were paid or refused as usual and are promoted for risk control; open one to see each line's raw JSON and why. Newest first, times in UTC."
      />
      <form
        role="search"
        aria-label="Filter payments"
        className="mb-4 grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-5"
      >
        <SelectField
          label="Status"
          name="status"
          defaultValue={filters.status ?? ""}
          options={[
            { value: "", label: "Any status" },
            ...STATUSES.map((status) => ({ value: status, label: status })),
          ]}
        />
        <TextField label="Customer id" name="customer" defaultValue={filters.customer} />
        <TextField
          label="Received from (UTC)"
          name="from"
          type="date"
          defaultValue={filters.from}
        />
        <TextField label="Received to (UTC)" name="to" type="date" defaultValue={filters.to} />
        <div className="flex items-center gap-3 sm:pt-6">
          <button
            type="submit"
            className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
          >
            Filter
          </button>
          {filtered && (
            <Link href="/staff/payments" className="text-sm text-sky-800 underline">
              Clear
            </Link>
          )}
        </div>
      </form>
      <PaymentListTable
        rows={rows}
        caption="Payments with promotions not fully read, newest first"
        empty={`No payments${filtered ? " match these filters" : " with promotions not fully read"}.`}
      />
      <div className="mt-3 flex gap-4 text-sm font-medium">
        {search.after && (
          <Link href={`/staff/payments${queryOf(filters)}`} className="text-sky-800 underline">
            Newest payments
          </Link>
        )}
        {nextAfter && (
          <Link
            href={`/staff/payments${queryOf({ ...filters, after: nextAfter })}`}
            className="text-sky-800 underline"
          >
            Older payments
          </Link>
        )}
      </div>
    </>
  );
}

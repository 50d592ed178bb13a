import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/staff/action-form";
import { TextArea } from "@/components/staff/text-area";
import { TextField } from "@/components/staff/field";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { roleCan } from "@/server/auth/staff-permissions";
import { requireStaff } from "../../../staff-api";
import { utcLocalValue } from "../../../form-text";
import { createCaseAction } from "./actions";

export const metadata: Metadata = { title: "New risk case" };

type Search = { paymentRequestId?: string; customerId?: string; deviceId?: string };

/**
 * A case by hand (an analyst's; the review queue links here with the flagged payment's ids
 * pre-filled). The caseId is Alipay+'s when they gave one, else generated (`MANUAL-…`).
 */
export default async function NewCasePage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const staff = await requireStaff();
  if (!roleCan(staff.role, "cases.write")) {
    return <NotAllowed message="needs the cases.write permission" />;
  }
  const first = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value[0] : value)?.slice(0, 64) ?? "";
  return (
    <>
      <PageHeader
        title="New risk case"
        description="Times are UTC. Name at least one flagged payment (by its paymentRequestId), customer or device."
        actions={
          <Link href="/staff/cases" className="text-sm font-medium text-sky-800 underline">
            Back to cases
          </Link>
        }
      />
      <section className="max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
        <ActionForm action={createCaseAction} submitLabel="Create case" className="space-y-4">
          <TextField
            label="Case id (optional)"
            name="caseId"
            maxLength={64}
            hint="Alipay+'s case id; left empty, one is generated (MANUAL-<date>-<random>)."
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Raised at (UTC)"
              name="raisedAt"
              type="datetime-local"
              required
              defaultValue={utcLocalValue(new Date())}
            />
            <TextField label="Deadline (UTC, optional)" name="deadline" type="datetime-local" />
          </div>
          <TextArea label="Reason" name="reason" required maxLength={2000} />
          <fieldset className="space-y-3 rounded border border-slate-200 p-4">
            <legend className="px-1 text-sm font-semibold">Flagged item</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <TextField
                label="Payment request id"
                name="paymentRequestId"
                maxLength={64}
                defaultValue={first(search.paymentRequestId)}
              />
              <TextField
                label="Customer id"
                name="customerId"
                maxLength={64}
                defaultValue={first(search.customerId)}
              />
              <TextField
                label="Device id"
                name="deviceId"
                maxLength={64}
                defaultValue={first(search.deviceId)}
              />
            </div>
            <TextArea
              label="More items (optional)"
              name="moreItems"
              hint="One per line: paymentRequestId,customerId,deviceId (leave a cell empty when unknown)."
            />
          </fieldset>
        </ActionForm>
      </section>
    </>
  );
}

import type { Metadata } from "next";
import { ActionForm } from "@/components/staff/action-form";
import { TextField } from "@/components/staff/field";
import { PageHeader } from "@/components/staff/page-header";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/passwords";
import { requireStaff } from "../../staff-api";
import { changeOwnPasswordAction } from "./actions";

export const metadata: Metadata = { title: "My account" };

/** `?changed=1`: where a password change lands (account/actions.ts). */
export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ changed?: string }>;
}) {
  const staff = await requireStaff();
  const { changed } = await searchParams;
  return (
    <>
      <PageHeader title="My account" description={`${staff.email} · ${staff.role.toLowerCase()}`} />
      {changed === "1" && (
        <p
          role="status"
          className="mb-4 max-w-md rounded border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950"
        >
          Password changed. Every other session of this account has ended.
        </p>
      )}
      <section
        aria-labelledby="password-heading"
        className="max-w-md rounded-lg border border-slate-200 bg-white p-5"
      >
        <h2 id="password-heading" className="mb-3 text-lg font-semibold">
          Change password
        </h2>
        <ActionForm action={changeOwnPasswordAction} submitLabel="Change password">
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            required
            autoComplete="current-password"
          />
          <TextField
            label="New password"
            name="newPassword"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          />
        </ActionForm>
      </section>
    </>
  );
}

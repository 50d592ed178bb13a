import type { Metadata } from "next";
import { ActionForm } from "@/components/staff/action-form";
import { TextField } from "@/components/staff/field";
import { PageHeader } from "@/components/staff/page-header";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/passwords";
import { requireStaff } from "../../staff-api";
import { changeOwnPasswordAction } from "./actions";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const staff = await requireStaff();
  return (
    <>
      <PageHeader title="My account" description={`${staff.email} · ${staff.role.toLowerCase()}`} />
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

import type { Metadata } from "next";
import { ActionForm } from "@/components/staff/action-form";
import { SelectField, TextField } from "@/components/staff/field";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { STAFF_ROLES } from "@/server/auth/staff-permissions";
import { requireStaff, staffRead } from "../../staff-api";
import { changeRoleAction, inviteStaffAction, setDisabledAction } from "./actions";
import { ConsoleTable } from "@/components/staff/console-table";

export const metadata: Metadata = { title: "Staff" };

const ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ value: role, label: role.toLowerCase() }));

/** Admins only (the procedures say `staff.manage`; the layout hides the link from others). */
export default async function TeamPage() {
  const me = await requireStaff();
  const staff = await staffRead((api) => api.staff.list());
  if (!staff.allowed) return <NotAllowed message={staff.message} />;
  return (
    <>
      <PageHeader
        title="Staff"
        description="Invite colleagues (the generated password is shown once), change roles, disable accounts. The last admin cannot be demoted or disabled."
      />
      <section
        aria-labelledby="invite-heading"
        className="mb-8 max-w-xl rounded-lg border border-slate-200 bg-white p-5"
      >
        <h2 id="invite-heading" className="mb-3 text-lg font-semibold">
          Invite
        </h2>
        <ActionForm
          action={inviteStaffAction}
          submitLabel="Invite"
          className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
        >
          <TextField label="Email" name="email" type="email" required />
          <SelectField label="Role" name="role" defaultValue="ANALYST" options={ROLE_OPTIONS} />
        </ActionForm>
      </section>
      <ConsoleTable
        caption="Staff accounts"
        columns={["Email", "Role", "Status", "Created", "Actions"]}
      >
        <tbody className="divide-y divide-slate-100">
          {staff.data.map((member) => (
            <tr key={member.staffId}>
              <th scope="row" className="px-4 py-2 font-medium">
                {member.email}
              </th>
              <td className="px-4 py-2">{member.role.toLowerCase()}</td>
              <td className="px-4 py-2">{member.disabledAt ? "disabled" : "active"}</td>
              <td className="px-4 py-2">
                <StaffTime value={member.createdAt} /> by {member.createdBy}
              </td>
              <td className="space-y-2 px-4 py-2">
                <ActionForm
                  action={changeRoleAction}
                  submitLabel="Change role"
                  className="flex flex-wrap items-end gap-2"
                >
                  <input type="hidden" name="staffId" value={member.staffId} />
                  <SelectField
                    label={<span className="sr-only">Role of {member.email}</span>}
                    name="role"
                    defaultValue={member.role}
                    options={ROLE_OPTIONS}
                  />
                </ActionForm>
                {member.staffId !== me.staffId && (
                  <ActionForm
                    action={setDisabledAction}
                    submitLabel={member.disabledAt ? "Enable" : "Disable"}
                    danger={!member.disabledAt}
                  >
                    <input type="hidden" name="staffId" value={member.staffId} />
                    <input
                      type="hidden"
                      name="disabled"
                      value={member.disabledAt ? "false" : "true"}
                    />
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ConsoleTable>
    </>
  );
}

import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConsoleNav, type ConsoleNavItem } from "@/components/staff/console-nav";
import { roleCan } from "@/server/auth/staff-permissions";
import { signOutStaffAction } from "../sign-in/actions";
import { requireStaff } from "../staff-api";

export const metadata: Metadata = {
  title: { template: "%s · Plusdesk console", default: "Plusdesk console" },
};

/**
 * Every console page sits in here: no staff session (or a disabled account) goes to the sign-in
 * page. Each page's data still comes through permission-checked tRPC procedures.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  const items: ConsoleNavItem[] = [
    { href: "/staff", label: "Overview" },
    { href: "/staff/reviews", label: "Reviews" },
    { href: "/staff/payments", label: "Payments" },
    { href: "/staff/cases", label: "Risk cases" },
    { href: "/staff/rules", label: "Rules" },
    { href: "/staff/lists", label: "Lists" },
    { href: "/staff/audit", label: "Audit log" },
    { href: "/staff/inbound", label: "Inbound calls" },
    ...(roleCan(staff.role, "staff.manage") ? [{ href: "/staff/team", label: "Staff" }] : []),
    { href: "/staff/account", label: "My account" },
  ];
  return (
    <div className="min-h-dvh lg:flex">
      <a
        href="#console-main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white p-4 lg:sticky lg:top-0 lg:h-dvh lg:w-56 lg:shrink-0 lg:border-b-0 lg:border-r">
        <p className="mb-3 text-lg font-semibold text-sky-900">Plusdesk console</p>
        <ConsoleNav items={items} />
        <div className="mt-4 border-t border-slate-200 pt-3 text-sm text-slate-600">
          <p className="truncate" title={staff.email}>
            {staff.email}
          </p>
          <p className="text-xs uppercase tracking-wide">{staff.role.toLowerCase()}</p>
          <form action={signOutStaffAction} className="mt-2">
            <button type="submit" className="text-sky-800 underline hover:text-sky-950">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main id="console-main" className="min-w-0 flex-1 p-4 lg:p-8">
        {children}
      </main>
    </div>
  );
}

import type { Metadata } from "next";
import { PageHeader } from "@/components/staff/page-header";
import { requireStaff } from "../staff-api";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const staff = await requireStaff();
  return <PageHeader title="Overview" description={`Signed in as ${staff.email}.`} />;
}

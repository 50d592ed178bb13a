import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { CompareVersionsForm } from "@/components/staff/rules-compare-form";
import { RulesDiffTable } from "@/components/staff/rules-diff-table";
import { orNull, staffRead } from "../../../staff-api";
import { versionOptions, versionParam } from "../rules-read";

export const metadata: Metadata = { title: "Rules diff" };

type Search = { from?: string; to?: string };

/** Field by field, what changed from one version to another (default: live → the draft). */
export default async function RulesDiffPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const overview = await staffRead((api) => api.rules.overview());
  if (!overview.allowed) return <NotAllowed message={overview.message} />;
  const { live, versions, draft } = overview.data;
  const from = versionParam(search.from) ?? live.version;
  const to = versionParam(search.to) ?? draft?.version ?? live.version;
  const diff = await staffRead((api) => orNull(api.rules.diff({ from, to })));
  if (!diff.allowed) return <NotAllowed message={diff.message} />;
  const options = versionOptions(versions);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/staff/rules" className="text-sky-800 underline">
          ← All versions
        </Link>
      </p>
      <PageHeader
        title={`Version ${from} → version ${to}`}
        description="Every setting that differs: each rule's, then each campaign's (a campaign is identified by the promo id or prefix it matches). “default” means the campaign leaves that setting to the rule's default."
      />
      <CompareVersionsForm options={options} from={from} to={to} className="mb-6" />
      {diff.data ? (
        <RulesDiffTable
          changes={diff.data.changes}
          caption={`Changes from version ${from} to version ${to}`}
        />
      ) : (
        <p role="alert" className="text-sm text-red-800">
          One of these versions does not exist.
        </p>
      )}
    </>
  );
}

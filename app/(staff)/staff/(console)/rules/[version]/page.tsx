import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { RulesConfigView } from "@/components/staff/rules-config-view";
import { StaffTime } from "@/components/staff/staff-time";
import { staffRead } from "../../../staff-api";
import { orNull } from "../../../staff-api";
import { versionParam } from "../rules-read";

type Params = { version: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Rules version ${(await params).version}` };
}

/** Any version's config, as people read it. */
export default async function RuleSetVersionPage({ params }: { params: Promise<Params> }) {
  const version = versionParam((await params).version);
  if (version === null) notFound();
  const detail = await staffRead((api) => orNull(api.rules.version({ version })));
  if (!detail.allowed) return <NotAllowed message={detail.message} />;
  if (!detail.data) notFound();
  const { summary, config } = detail.data;
  const status = summary.live ? "live" : summary.status === "DRAFT" ? "draft" : "published";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/staff/rules" className="text-sky-800 underline">
          ← All versions
        </Link>
      </p>
      <PageHeader
        title={`Rules version ${version} (${status})`}
        description={
          <>
            Created <StaffTime value={summary.createdAt} /> by {summary.createdBy}
            {summary.publishedAt && (
              <>
                {" "}
                · published <StaffTime value={summary.publishedAt} /> by {summary.publishedBy}
              </>
            )}
            {summary.note && <> · {summary.note}</>}
          </>
        }
        actions={
          <div className="flex flex-wrap gap-3 text-sm">
            {summary.status === "DRAFT" && (
              <Link href="/staff/rules/draft" className="text-sky-800 underline">
                Open the draft
              </Link>
            )}
            <Link
              href={`/staff/rules/diff?to=${version}${version > 1 ? `&from=${version - 1}` : ""}`}
              className="text-sky-800 underline"
            >
              Compare with another version
            </Link>
          </div>
        }
      />
      <RulesConfigView config={config} />
    </>
  );
}

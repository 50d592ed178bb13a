import { TRPCError, type inferRouterInputs } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { SelectField, TextField } from "@/components/staff/field";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { caseLinkFor } from "@/components/staff/review-decision-forms";
import { ReviewQueueTable, type ReviewQueueRowDto } from "@/components/staff/review-queue-table";
import { roleCan } from "@/server/auth/staff-permissions";
import { RULE_LABELS } from "@/server/rule-admin/rule-catalogue";
import type { AppRouter } from "@/server/trpc/root";
import { refusalText, requireStaff, staffRead } from "../../staff-api";
import { queryOf } from "../../form-text";
import { approveReviewAction, rejectReviewAction } from "./actions";

export const metadata: Metadata = { title: "Review queue" };

type ReviewListInput = inferRouterInputs<AppRouter>["reviews"]["list"];

const FILTER_KEYS = [
  "rule",
  "campaign",
  "merchant",
  "currency",
  "min",
  "max",
  "from",
  "to",
  "promotions",
  "verdict",
] as const;
type Search = Partial<Record<(typeof FILTER_KEYS)[number] | "tab" | "after" | "decided", string>>;

const RULE_OPTIONS = [
  { value: "", label: "Any rule" },
  ...Object.entries(RULE_LABELS).map(([value, label]) => ({ value, label })),
];
const PROMOTION_OPTIONS = [
  { value: "", label: "Any" },
  { value: "unclear", label: "Not fully read" },
];
const VERDICT_OPTIONS = [
  { value: "", label: "Any verdict" },
  { value: "REJECTED", label: "Rejected" },
  { value: "APPROVED", label: "Approved" },
];

/** Payments the risk engine sent to review: pending oldest first, decided newest first. */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const tab = search.tab === "decided" ? "decided" : "pending";
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, search[key] || undefined]));
  const staff = await requireStaff();
  const canDecide = roleCan(staff.role, "reviews.decide");

  const input = {
    tab,
    rule: filters.rule,
    campaign: filters.campaign,
    merchantId: filters.merchant,
    currency: filters.currency,
    amountMin: filters.min,
    amountMax: filters.max,
    fromDay: filters.from,
    toDay: filters.to,
    promotions: filters.promotions === "unclear" ? "unclear" : undefined,
    verdict: tab === "decided" ? filters.verdict : undefined,
    after: search.after || undefined,
  } as ReviewListInput;
  const page = await staffRead((api) => api.reviews.list(input)).catch((error: unknown) => ({
    allowed: "invalid" as const,
    message: refusal(error),
  }));
  if (page.allowed === false) return <NotAllowed message={page.message} />;

  const decided = search.decided
    ? await staffRead((api) =>
        api.reviews.list({ tab: "decided", paymentId: search.decided?.slice(0, 200) }),
      )
    : null;
  const justDecided = decided?.allowed ? decided.data.rows[0] : undefined;

  const base = { tab: tab === "decided" ? "decided" : undefined, ...filters };
  const here = `/staff/reviews${queryOf({ ...base, after: search.after })}`;

  return (
    <>
      <PageHeader
        title="Review queue"
        description="Payments the risk engine let through for review. The money already moved: approving closes the review, rejecting marks the payment as abuse and can block the customer or the device. Neither moves money."
      />
      {justDecided?.review && <DecidedNotice row={justDecided} />}
      <nav aria-label="Review tabs" className="mb-4 flex gap-2">
        {(["pending", "decided"] as const).map((name) => (
          <Link
            key={name}
            href={`/staff/reviews${queryOf({ ...filters, tab: name === "decided" ? "decided" : undefined })}`}
            aria-current={tab === name ? "page" : undefined}
            className={`rounded px-3 py-1.5 text-sm font-medium ${
              tab === name
                ? "bg-sky-800 text-white"
                : "bg-slate-100 text-slate-800 hover:bg-slate-200"
            }`}
          >
            {name === "pending" ? "Pending" : "Decided"}
          </Link>
        ))}
      </nav>
      <form
        role="search"
        aria-label="Filter reviews"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        {tab === "decided" && <input type="hidden" name="tab" value="decided" />}
        <SelectField
          label="Rule hit"
          name="rule"
          defaultValue={filters.rule ?? ""}
          options={RULE_OPTIONS}
        />
        <TextField label="Campaign" name="campaign" defaultValue={filters.campaign} />
        <TextField label="Merchant id" name="merchant" defaultValue={filters.merchant} />
        <TextField
          label="Amount currency"
          name="currency"
          defaultValue={filters.currency}
          maxLength={3}
          hint="The payment amount's, e.g. JPY"
        />
        <TextField label="Amount from" name="min" inputMode="decimal" defaultValue={filters.min} />
        <TextField label="Amount to" name="max" inputMode="decimal" defaultValue={filters.max} />
        <TextField label="Decided from (UTC)" name="from" type="date" defaultValue={filters.from} />
        <TextField label="Decided to (UTC)" name="to" type="date" defaultValue={filters.to} />
        <SelectField
          label="Promotions"
          name="promotions"
          defaultValue={filters.promotions ?? ""}
          options={PROMOTION_OPTIONS}
        />
        {tab === "decided" && (
          <SelectField
            label="Verdict"
            name="verdict"
            defaultValue={filters.verdict ?? ""}
            options={VERDICT_OPTIONS}
          />
        )}
        <div className="flex items-end gap-3">
          <button
            type="submit"
            className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white"
          >
            Apply filters
          </button>
          <Link
            href={`/staff/reviews${tab === "decided" ? "?tab=decided" : ""}`}
            className="py-2 text-sm text-sky-800 underline"
          >
            Clear
          </Link>
        </div>
      </form>
      {page.allowed === "invalid" ? (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900"
        >
          These filters cannot be applied: {page.message}
        </p>
      ) : (
        <>
          <ReviewQueueTable
            rows={page.data.rows}
            tab={tab}
            decide={
              canDecide
                ? {
                    returnTo: here,
                    approveAction: approveReviewAction,
                    rejectAction: rejectReviewAction,
                  }
                : undefined
            }
          />
          <div className="mt-4 flex gap-4 text-sm font-medium">
            {search.after && (
              <Link href={`/staff/reviews${queryOf(base)}`} className="text-sky-800 underline">
                First page
              </Link>
            )}
            {page.data.nextAfter && (
              <Link
                href={`/staff/reviews${queryOf({ ...base, after: page.data.nextAfter })}`}
                className="text-sky-800 underline"
              >
                Next page
              </Link>
            )}
          </div>
        </>
      )}
    </>
  );
}

/** A filter the procedure refused (bad date, amount without currency…): said, not a crash. */
function refusal(error: unknown): string {
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") throw error;
  return refusalText(error);
}

function DecidedNotice({ row }: { row: ReviewQueueRowDto }) {
  const review = row.review!;
  const rejected = review.verdict === "REJECTED";
  return (
    <div
      role="status"
      className={`mb-4 rounded border p-4 text-sm ${
        rejected
          ? "border-red-300 bg-red-50 text-red-950"
          : "border-emerald-300 bg-emerald-50 text-emerald-950"
      }`}
    >
      <p>
        Payment <span className="font-mono">{row.paymentId}</span>{" "}
        {rejected ? "rejected as abuse" : "approved"} by {review.reviewedBy}: “{review.reason}”
      </p>
      <p className="mt-1 flex flex-wrap gap-4">
        <Link
          href={`/staff/payments/${encodeURIComponent(row.paymentId)}`}
          className="font-medium underline"
        >
          Investigation
        </Link>
        {rejected && (
          <Link href={caseLinkFor(row)} className="font-medium underline">
            Open a case for clawback with Alipay+
          </Link>
        )}
      </p>
    </div>
  );
}

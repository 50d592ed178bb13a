/** A case's status and whether it is overdue, in words (never colour alone). */
const STATUS_STYLE: Record<string, string> = {
  OPEN: "bg-amber-100 text-amber-900",
  INVESTIGATING: "bg-sky-100 text-sky-900",
  CONCLUDED: "bg-emerald-100 text-emerald-900",
  COMMUNICATED: "bg-slate-200 text-slate-800",
};

export const CASE_STATUS_LABELS: Record<string, string> = {
  OPEN: "open",
  INVESTIGATING: "investigating",
  CONCLUDED: "concluded",
  COMMUNICATED: "communicated",
};

export const CASE_FINDING_LABELS: Record<string, string> = {
  CONFIRMED_ABUSE: "confirmed abuse",
  FALSE_POSITIVE: "false positive",
  INCONCLUSIVE: "inconclusive",
};

export function CaseStatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${
        STATUS_STYLE[status] ?? "bg-slate-100 text-slate-800"
      }`}
    >
      {CASE_STATUS_LABELS[status] ?? status}
    </span>
  );
}

export function OverdueBadge() {
  return (
    <span className="ml-2 inline-block rounded bg-red-700 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-white">
      Overdue
    </span>
  );
}

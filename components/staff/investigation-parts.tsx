import { Fragment, type ReactNode } from "react";
import { ConsoleTable } from "./console-table";

/** One titled part of an investigation page: an h2 the page's outline and skip links can use. */
export function InvestigationSection({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      id={id}
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4 lg:p-5"
    >
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** Label / value pairs; an empty value reads "—". */
export function Facts({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 xl:grid-cols-3">
      {items.map(([label, value]) => (
        <div key={label} className="min-w-0">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
          <dd className="break-words">
            {value === null || value === undefined || value === "" ? "—" : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const TONES = {
  neutral: "bg-slate-100 text-slate-800",
  good: "bg-emerald-100 text-emerald-900",
  warn: "bg-amber-100 text-amber-900",
  bad: "bg-red-100 text-red-900",
} as const;

export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: keyof typeof TONES;
  children: ReactNode;
}) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${TONES[tone]}`}>{children}</span>
  );
}

/** A table of rows inside an investigation section (./console-table.tsx, without its frame). */
export function DataTable({
  caption,
  columns,
  empty,
  children,
  rowCount,
}: {
  caption: string;
  columns: { label: string; numeric?: boolean }[];
  empty: string;
  rowCount: number;
  children: ReactNode;
}) {
  return (
    <ConsoleTable
      caption={caption}
      framed={false}
      columns={columns.map((c) =>
        c.numeric ? { label: c.label, className: "text-right" } : c.label,
      )}
      empty={rowCount === 0 && empty}
    >
      <tbody className="divide-y divide-slate-100 align-top">{children}</tbody>
    </ConsoleTable>
  );
}

export const TD = "px-3 py-2";
export const TD_NUM = "px-3 py-2 text-right tabular-nums";

/** A JSON value as compact, wrapped monospace text. */
export function JsonText({ value }: { value: unknown }) {
  return (
    <code className="whitespace-pre-wrap break-all font-mono text-xs text-slate-800">
      {JSON.stringify(value)}
    </code>
  );
}

/** A JSON object's fields as name / value lines (nested values as compact JSON). */
export function ValueList({ values }: { values: unknown }) {
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    return <JsonText value={values} />;
  }
  const entries = Object.entries(values);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
      {entries.map(([name, value]) => (
        <Fragment key={name}>
          <dt className="text-slate-500">{name}</dt>
          <dd className="break-all text-slate-900">
            {value !== null && typeof value === "object" ? JSON.stringify(value) : String(value)}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

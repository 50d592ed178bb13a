import type { ReactNode } from "react";

/** Label–value pairs (a description list: terms and definitions for assistive technology). */
export function DetailList({ children }: { children: ReactNode }) {
  return <dl className="divide-y divide-slate-100">{children}</dl>;
}

export function Detail({
  term,
  children,
  emphasis = false,
}: {
  term: string;
  children: ReactNode;
  /** The figure the section is about (e.g. the amount paid): larger and bolder. */
  emphasis?: boolean;
}) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2">
      <dt className={emphasis ? "font-medium text-slate-900" : "text-sm text-slate-600"}>{term}</dt>
      <dd
        className={`min-w-0 text-right break-words ${emphasis ? "text-lg font-semibold text-slate-900" : "text-slate-900"}`}
      >
        {children}
      </dd>
    </div>
  );
}

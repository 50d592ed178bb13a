import type { ReactNode, TextareaHTMLAttributes } from "react";

/** A labelled multi-line field (notes, summaries, reasons) in the console's control style. */
export function TextArea({
  label,
  hint,
  ...textarea
}: { label: ReactNode; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <label className="block text-sm font-medium text-slate-800">
      {label}
      <textarea
        rows={3}
        {...textarea}
        className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-sky-700"
      />
      {hint && <span className="mt-1 block text-xs font-normal text-slate-500">{hint}</span>}
    </label>
  );
}

"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "./action-form";
import { MAX_CASES_CSV_BYTES } from "@/server/cases/csv-limit";

export interface CaseImportState extends ActionState {
  /** Rows left out, by the line they start on. */
  problems: { line: number; reason: string }[];
  created: string[];
  unchanged: string[];
  conflicts: { caseId: string; line: number }[];
}

/**
 * The CSV import: a file upload posted to a server action (works before hydration too), then
 * what happened — cases created, already there, in conflict — and every refused row by line.
 */
export function CaseImportForm({
  action,
}: {
  action: (state: CaseImportState | null, form: FormData) => Promise<CaseImportState>;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <label className="block text-sm font-medium text-slate-800">
        CSV file
        <input
          type="file"
          name="file"
          accept=".csv,text/csv"
          required
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.setCustomValidity(
              file && file.size > MAX_CASES_CSV_BYTES
                ? `The file is larger than ${MAX_CASES_CSV_BYTES.toLocaleString("en")} bytes: split it.`
                : "",
            );
          }}
          className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 focus-visible:outline-2 focus-visible:outline-sky-700"
        />
        <span className="mt-1 block text-xs font-normal text-slate-500">
          UTF-8, header exactly{" "}
          <code>caseId,raisedAt,deadline,reason,paymentRequestId,customerId,deviceId</code>, one row
          per flagged item; rows with the same caseId form one case. Times in ISO 8601 with an
          offset. At most 1 MB.
        </span>
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <ImportButton />
        <p role="status" className={`text-sm ${state?.ok ? "text-emerald-800" : "text-red-800"}`}>
          {state?.message}
        </p>
      </div>
      {state && state.problems.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-red-900">Rows left out</h3>
          <ul className="mt-1 max-h-64 list-inside list-disc overflow-y-auto text-sm text-red-900">
            {state.problems.map((problem, index) => (
              <li key={`${problem.line}-${index}`}>
                Line {problem.line}: {problem.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {state && state.conflicts.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-red-900">Already there with other content</h3>
          <ul className="mt-1 list-inside list-disc text-sm text-red-900">
            {state.conflicts.map((conflict) => (
              <li key={conflict.caseId}>
                Line {conflict.line}: case {conflict.caseId} was left unchanged
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

function ImportButton() {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
    >
      {pending ? "Importing…" : "Import"}
    </button>
  );
}

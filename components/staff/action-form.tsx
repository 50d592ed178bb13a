"use client";

import { useActionState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";

export interface ActionState {
  ok: boolean;
  message: string;
}

/**
 * A console form bound to a server action: the action's answer (done, or why it was refused) is
 * announced next to the form, and the submit button is disabled while the action runs (no double
 * submit). Works before hydration too: React posts the form and renders the answer.
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  className,
  danger = false,
}: {
  action: (state: ActionState | null, form: FormData) => Promise<ActionState>;
  children?: ReactNode;
  submitLabel: string;
  className?: string;
  danger?: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className ?? "space-y-3"}>
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton label={submitLabel} danger={danger} />
        <p role="status" className={`text-sm ${state?.ok ? "text-emerald-800" : "text-red-800"}`}>
          {state?.message}
        </p>
      </div>
    </form>
  );
}

/** The console's submit button: disabled, saying so, while its form's action runs. */
export function SubmitButton({ label, danger }: { label: string; danger: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className={`rounded px-4 py-2 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60 ${
        danger ? "bg-red-700 hover:bg-red-800" : "bg-sky-800 hover:bg-sky-900"
      }`}
    >
      {pending ? "Working…" : label}
    </button>
  );
}

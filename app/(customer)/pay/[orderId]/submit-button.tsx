"use client";

import { useFormStatus } from "react-dom";

/**
 * A cashier button that turns inert while its form is being sent, so a double tap sends once (the
 * server would still pay only once: this spares the customer a second wait).
 */
export function SubmitButton({
  label,
  pendingLabel,
  primary = false,
}: {
  label: string;
  pendingLabel: string;
  primary?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`min-h-12 w-full rounded-lg px-4 text-base font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60 ${
        primary
          ? "bg-sky-700 text-white hover:bg-sky-800"
          : "border border-slate-300 bg-white text-slate-900 hover:bg-slate-50"
      }`}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}

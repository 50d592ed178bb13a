import type { ReactNode } from "react";

/**
 * The second step of a consequential action (publish, roll back, discard, remove): a required
 * checkbox in the action's form, so it works without JavaScript and from the keyboard; the server
 * action checks it too (`confirm=yes`).
 */
export function ConfirmCheckbox({ children }: { children: ReactNode }) {
  return (
    <label className="flex items-start gap-2 text-sm text-slate-800">
      <input
        type="checkbox"
        name="confirm"
        value="yes"
        required
        className="mt-0.5 size-4 shrink-0 accent-sky-800"
      />
      <span>{children}</span>
    </label>
  );
}

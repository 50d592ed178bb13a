"use client";

import { createContext, useActionState, useContext, useId, type ReactNode } from "react";
import { SubmitButton } from "./action-form";

/**
 * The draft editor's forms: a server action answers with a message and, when the rule-set schema
 * refused values, the message of each field it refused, shown next to that field. What was typed
 * comes back too, so a refused form keeps it (React resets a form after its action).
 */
export interface RulesFormState {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string>;
  /** The posted values (name → values), to show again after a refusal. */
  values?: Record<string, string[]>;
}

const FormContext = createContext<RulesFormState | null>(null);

export function RulesEditForm({
  action,
  submitLabel,
  children,
  className,
  danger = false,
}: {
  action: (state: RulesFormState | null, form: FormData) => Promise<RulesFormState>;
  submitLabel: string;
  children: ReactNode;
  className?: string;
  danger?: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  const errors = Object.keys(state?.fieldErrors ?? {}).length;
  return (
    <form action={formAction} className={className ?? "space-y-4"} noValidate>
      <FormContext.Provider value={state && !state.ok ? state : null}>
        {children}
      </FormContext.Provider>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton label={submitLabel} danger={danger} />
        <p
          role="status"
          className={`text-sm ${state?.ok ? "text-emerald-800" : "font-medium text-red-800"}`}
        >
          {state?.message}
          {errors > 0 && ` (${errors} field${errors === 1 ? "" : "s"} to fix)`}
        </p>
      </div>
    </form>
  );
}

/** The field's error and its posted value after a refusal. */
function useField(name: string) {
  const state = useContext(FormContext);
  const errorId = useId();
  const error = state?.fieldErrors?.[name];
  return {
    posted: state?.values?.[name],
    refused: state !== null,
    error,
    errorId,
    aria: error
      ? { "aria-invalid": true as const, "aria-describedby": errorId }
      : ({} as Record<string, never>),
  };
}

function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <span id={id} className="mt-1 block text-xs font-medium text-red-800">
      {error}
    </span>
  );
}

const CONTROL =
  "mt-1 block w-full rounded border bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-700";

function controlClass(error?: string) {
  return `${CONTROL} ${error ? "border-red-700" : "border-slate-300"}`;
}

export function RulesTextInput({
  name,
  label,
  defaultValue,
  hint,
  inputMode,
  placeholder,
  type = "text",
}: {
  name: string;
  label: ReactNode;
  defaultValue: string;
  hint?: ReactNode;
  inputMode?: "numeric" | "decimal" | "text";
  placeholder?: string;
  type?: "text" | "date";
}) {
  const field = useField(name);
  return (
    <label className="block text-sm font-medium text-slate-800">
      {label}
      <input
        name={name}
        type={type}
        inputMode={inputMode}
        placeholder={placeholder}
        defaultValue={field.posted ? (field.posted[0] ?? "") : defaultValue}
        className={controlClass(field.error)}
        {...field.aria}
      />
      {hint && <span className="mt-1 block text-xs font-normal text-slate-500">{hint}</span>}
      <FieldError id={field.errorId} error={field.error} />
    </label>
  );
}

export function RulesSelect({
  name,
  label,
  defaultValue,
  options,
}: {
  name: string;
  label: ReactNode;
  defaultValue: string;
  options: readonly { value: string; label: string }[];
}) {
  const field = useField(name);
  return (
    <label className="block text-sm font-medium text-slate-800">
      {label}
      <select
        name={name}
        defaultValue={field.posted ? (field.posted[0] ?? "") : defaultValue}
        className={controlClass(field.error)}
        {...field.aria}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={field.errorId} error={field.error} />
    </label>
  );
}

/** A checkbox (`value` "on"); in a group, several share a name with their own values. */
export function RulesCheckbox({
  name,
  label,
  defaultChecked,
  value = "on",
  showError = true,
}: {
  name: string;
  label: ReactNode;
  defaultChecked: boolean;
  value?: string;
  /** False in a group: RulesGroupError shows the group's error once. */
  showError?: boolean;
}) {
  const field = useField(name);
  const checked = field.refused ? (field.posted ?? []).includes(value) : defaultChecked;
  return (
    <span className="block">
      <label className="inline-flex items-center gap-2 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={checked}
          className="size-4 accent-sky-800"
          {...(showError ? field.aria : {})}
        />
        {label}
      </label>
      {showError && <FieldError id={field.errorId} error={field.error} />}
    </span>
  );
}

/** A field's error shown where a group of controls (checkboxes) is, not by one of them. */
export function RulesGroupError({ name }: { name: string }) {
  const field = useField(name);
  return <FieldError id={field.errorId} error={field.error} />;
}

/** A collapsible part of a form that opens by itself when it holds a refused field. */
export function RulesDisclosure({
  summary,
  children,
  defaultOpen,
  fieldPrefix,
}: {
  summary: ReactNode;
  children: ReactNode;
  defaultOpen: boolean;
  /** The names of the fields inside start with this. */
  fieldPrefix: string;
}) {
  const state = useContext(FormContext);
  const refused = Object.keys(state?.fieldErrors ?? {}).some((name) =>
    name.startsWith(fieldPrefix),
  );
  return (
    <details open={defaultOpen || refused}>
      <summary className="cursor-pointer text-sm font-medium text-sky-800">{summary}</summary>
      {children}
    </details>
  );
}

import { SelectField } from "./field";

/** Picks two versions to compare; a plain GET to the diff page (works before JavaScript loads). */
export function CompareVersionsForm({
  options,
  from,
  to,
  className,
}: {
  options: { value: string; label: string }[];
  from: number;
  to: number;
  className: string;
}) {
  return (
    <form action="/staff/rules/diff" className={`flex flex-wrap items-end gap-3 ${className}`}>
      <div className="w-48">
        <SelectField label="From" name="from" defaultValue={String(from)} options={options} />
      </div>
      <div className="w-48">
        <SelectField label="To" name="to" defaultValue={String(to)} options={options} />
      </div>
      <button
        type="submit"
        className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900"
      >
        Compare
      </button>
    </form>
  );
}

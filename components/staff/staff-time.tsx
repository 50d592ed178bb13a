/** A moment in UTC (the console's clock: staff across time zones read the same times). */
export function StaffTime({ value }: { value: string | Date | null }) {
  if (!value) return <span className="text-slate-500">—</span>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {date.toISOString().slice(0, 19).replace("T", " ")} UTC
    </time>
  );
}

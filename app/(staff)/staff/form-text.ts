/** A form field's text; a missing field or a file upload reads as "" (the procedure then refuses). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * A `datetime-local` field read as UTC (the console's clock): "2027-01-31T18:00" →
 * "2027-01-31T18:00:00Z"; blank → null; anything else goes on as typed, for the procedure to refuse.
 */
export function formUtcTime(form: FormData, name: string): string | null {
  const text = formText(form, name).trim();
  if (!text) return null;
  const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(text);
  return local ? `${text}${local[1] ? "" : ":00"}Z` : text;
}

/** The other way: an instant as a `datetime-local` value in UTC, to the minute ("" for none). */
export function utcLocalValue(at: string | Date | null): string {
  if (at === null) return "";
  return (typeof at === "string" ? at : at.toISOString()).slice(0, 16);
}

/** A search parameter taken only when it is one of `options` (a filter the page offers). */
export function oneOf<T extends string>(
  options: readonly T[],
  value: string | undefined,
): T | undefined {
  return options.find((option) => option === value);
}

/** `?a=1&b=2` of the values that are set ("" when none): a console list's filter links. */
export function queryOf(values: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** A form field's text; a missing field or a file upload reads as "" (the procedure then refuses). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

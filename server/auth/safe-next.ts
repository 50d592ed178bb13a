/**
 * Where /launch may send the customer: a path on this site only (no `//host`, no scheme, no
 * backslash tricks), else the transaction history.
 */
export const DEFAULT_AFTER_LAUNCH = "/transactions";

export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\"))
    return DEFAULT_AFTER_LAUNCH;
  const base = "http://plusdesk.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return DEFAULT_AFTER_LAUNCH;
  }
  if (url.origin !== base) return DEFAULT_AFTER_LAUNCH;
  return `${url.pathname}${url.search}${url.hash}`;
}

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

/** The longest address a customer page links to: every web view handles far longer. */
export const MAX_LINK_LENGTH = 2048;

/**
 * An absolute address a customer page may link to, parsed, or null: at most MAX_LINK_LENGTH
 * characters, no whitespace or control characters (the URL parser would drop tabs and newlines
 * silently), no user name or password. Which schemes are acceptable is the caller's decision.
 */
export function parseLinkableUrl(value: unknown): URL | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LINK_LENGTH) {
    return null;
  }
  if (/[\s\p{Cc}]/u.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username !== "" || url.password !== "" || url.href.length > MAX_LINK_LENGTH) return null;
  return url;
}

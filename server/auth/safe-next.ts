import { customerPathPrefixes } from "@/components/customer-paths";

/** Where /launch sends the customer when `next` is missing or not a customer page. */
export const DEFAULT_AFTER_LAUNCH = "/transactions";

/**
 * A path to redirect to after a sign-in or a form, taken only when it is on this site and, once
 * normalised as the browser will (dot segments, `%2e`, backslashes, tabs), lies under one of
 * `prefixes` (`/pay` takes `/pay` and `/pay/…`, not `/payments`); else `fallback`. Checking the
 * normalised path is what stops `/.//evil.example` or `/transactions/..//evil.example`: each
 * normalises to `//evil.example`, which a browser reads as another host.
 */
export function safeRedirectPath(
  path: string | null | undefined,
  prefixes: readonly string[],
  fallback: string,
): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.includes("\\"))
    return fallback;
  const base = "http://plusdesk.invalid";
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const allowed = prefixes.some(
    (prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`),
  );
  return allowed ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

/** Where /launch may send the customer (`next`): a customer page, else the transaction history. */
export function safeNextPath(next: string | null | undefined): string {
  return safeRedirectPath(next, customerPathPrefixes, DEFAULT_AFTER_LAUNCH);
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

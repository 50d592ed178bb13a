/**
 * The headers every page is sent with (proxy.ts adds them, a fresh nonce per request).
 *
 * The Content-Security-Policy lets only this site's scripts run, and of the inline ones only those
 * carrying the request's nonce: Next.js reads the nonce from the policy on the request and puts it
 * on every script it writes (its inline bootstrap and flight data, its bundles), and
 * 'strict-dynamic' lets those load the chunks they need. Style elements need the nonce too; style
 * attributes are allowed (React writes them for recharts' charts, and an attribute cannot run
 * code). No page may be framed (clickjacking), nor post a form or set a <base> elsewhere.
 */
export interface PageSecurityOptions {
  nonce: string;
  /** Production: HSTS is sent (the app is served over https there). */
  production: boolean;
  /** `next dev`: React's development build needs eval and unnonced styles. */
  development: boolean;
}

export function contentSecurityPolicy({ nonce, development }: PageSecurityOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

export function pageSecurityHeaders(options: PageSecurityOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    // Nothing of a page's address (payment and refund ids) goes to another site with a link.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    ...(options.production
      ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }
      : {}),
  };
}

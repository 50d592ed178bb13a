/**
 * Next 16's proxy (formerly middleware), run for the customer pages and the staff console: Auth.js
 * re-issues the session cookie on each visit (and each console call), which makes the 30-minute
 * session sliding.
 */
export { auth as proxy } from "@/server/auth/config";

export const config = {
  matcher: [
    "/transactions/:path*",
    "/payments/:path*",
    "/refunds/:path*",
    "/pay/:path*",
    "/staff/:path*",
    "/api/trpc/:path*",
  ],
};

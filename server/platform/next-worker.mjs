/**
 * One production worker (cluster-primary.ts forks one per core): Next.js's request handler
 * behind a Node HTTP server of the project's own, which stamps every request with the address of
 * the socket it came in on. Next.js does not expose that address to route handlers or server
 * actions, and the X-Forwarded-For it passes on is the client's own when the client sends one;
 * the sign-in throttle needs an address the client cannot choose (server/auth/client-address.ts,
 * README "Staff console"). Plain JavaScript, so the worker needs no TypeScript loader.
 *
 * Usage (by cluster-primary.ts): node server/platform/next-worker.mjs --port 3000 --hostname 0.0.0.0
 */
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { AggregatorRegistry } from "prom-client";

// Answers the primary's requests for this worker's metrics (prom-client's cluster listener, which
// the constructor adds) from the start, before Next.js is ready: a scrape never waits on a worker
// still starting. The app's own metrics (server/metrics) land in the same prom-client registry.
new AggregatorRegistry();

/** server/auth/client-address.ts reads it under this name. */
const SOCKET_ADDRESS_HEADER = "x-plusdesk-socket-address";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    hostname: { type: "string", default: "0.0.0.0" },
  },
});
const port = Number(values.port);
const app = next({
  dev: false,
  dir: path.resolve(import.meta.dirname, "../.."),
  hostname: values.hostname,
  port,
});
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((request, response) => {
  // Node keeps one entry per header name (repeats joined): this replaces whatever the client sent.
  request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  handle(request, response).catch((error) => {
    console.error(error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
});
server.listen(port, values.hostname);

// Stop taking connections, let requests in flight finish, then let Next.js close.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
  });
}

/**
 * Who is signing in, as an address the sign-in throttle can count (server/staff/sign-in.ts).
 *
 * Next.js does not expose the socket's address to route handlers or server actions: it only
 * fills `X-Forwarded-For` with it when the request carries none, so a client that sends its own
 * `X-Forwarded-For` chooses what the app sees. The app's own server (server/platform/
 * next-worker.mjs, what `npm start` runs) therefore overwrites SOCKET_ADDRESS_HEADER with the
 * socket's address on every request, whatever the client sent under that name.
 */
export const SOCKET_ADDRESS_HEADER = "x-plusdesk-socket-address";

/** Longer is not an address: nothing beyond this is stored. */
const MAX_ADDRESS_LENGTH = 100;

/**
 * The client's address: with no trusted proxy (`hops` 0), the socket's; behind `hops` reverse
 * proxies that each append the address they received from to `X-Forwarded-For`, the entry the
 * outermost one appended (the `hops`-th from the right of the chain the socket ends), never what
 * the client itself wrote further left. A chain shorter than that (a request that bypassed a
 * proxy) gives its leftmost entry. Without the socket header (`next dev`, or `next start` run
 * by hand) every client is "unknown", one address for the throttle.
 */
export function clientAddress(headers: Headers, hops: number): string {
  const socket = headers.get(SOCKET_ADDRESS_HEADER)?.trim() || "unknown";
  const forwarded =
    hops === 0
      ? []
      : (headers.get("x-forwarded-for") ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== "");
  const chain = [...forwarded, socket];
  const address = chain[Math.max(0, chain.length - 1 - hops)] ?? socket;
  return address.slice(0, MAX_ADDRESS_LENGTH);
}

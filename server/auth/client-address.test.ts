import { describe, expect, it } from "vitest";
import { clientAddress, SOCKET_ADDRESS_HEADER } from "./client-address";

function headers(socket: string | null, forwardedFor?: string): Headers {
  const h = new Headers();
  if (socket !== null) h.set(SOCKET_ADDRESS_HEADER, socket);
  if (forwardedFor !== undefined) h.set("x-forwarded-for", forwardedFor);
  return h;
}

describe("clientAddress", () => {
  it.each<[string, Headers, number, string]>([
    [
      "no proxy: the socket, whatever X-Forwarded-For says",
      headers("192.0.2.1", "6.6.6.6"),
      0,
      "192.0.2.1",
    ],
    [
      "one proxy: the entry it appended",
      headers("10.0.0.2", "6.6.6.6, 203.0.113.5"),
      1,
      "203.0.113.5",
    ],
    [
      "two proxies: the outer one's entry",
      headers("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9"),
      2,
      "203.0.113.5",
    ],
    [
      "one proxy, spaces and empty entries ignored",
      headers("10.0.0.2", " 6.6.6.6 ,, 203.0.113.5 "),
      1,
      "203.0.113.5",
    ],
    [
      "a chain shorter than the hops: its leftmost entry",
      headers("10.0.0.2", "203.0.113.5"),
      3,
      "203.0.113.5",
    ],
    ["one proxy, none came through it: the socket", headers("192.0.2.1"), 1, "192.0.2.1"],
    ["no socket header (next dev)", headers(null, "6.6.6.6"), 0, "unknown"],
  ])("%s", (_name, given, hops, expected) => {
    expect(clientAddress(given, hops)).toBe(expected);
  });

  it("keeps at most 100 characters", () => {
    expect(clientAddress(headers("10.0.0.2", `${"a".repeat(300)}, x`), 2)).toHaveLength(100);
  });
});

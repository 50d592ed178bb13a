/**
 * Staff sessions through the real routes (README "Staff console"): the sign-in throttle under
 * concurrent guesses and with forged forwarding headers, the client address behind a trusted
 * proxy, Secure cookies whatever the proxy says, Auth.js's own sign-out route, and tRPC's
 * internal errors without their text. Each test signs in from a loopback address of its own.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffMembers, staffSignInFailures } from "@/db/schema";
import type { AppServer } from "@/server/platform/app-server";
import { FAILURES_PER_CLIENT, FAILURES_PER_EMAIL } from "@/server/staff/sign-in";
import { database, uniqueId } from "../fixtures/gateway";
import { startOwnServer } from "../fixtures/own-server";
import {
  freshLoopbackAddress,
  requestFrom,
  SESSION_COOKIE,
  staffSignInOverHttp,
  staffSignOutOverHttp,
} from "../fixtures/sessions";
import { createStaffAccount } from "../fixtures/staff";

const { db } = database;

function failuresRecorded(where: { email?: string; clientAddress?: string }) {
  return db
    .select({ email: staffSignInFailures.email, clientAddress: staffSignInFailures.clientAddress })
    .from(staffSignInFailures)
    .where(
      and(
        where.email ? eq(staffSignInFailures.email, where.email) : undefined,
        where.clientAddress
          ? eq(staffSignInFailures.clientAddress, where.clientAddress)
          : undefined,
      ),
    );
}

/** tRPC's `staff.me` over HTTP with a session cookie: the console's own check of a session. */
function me(from: string, session: string) {
  return requestFrom(from, "/api/trpc/staff.me", { headers: { cookie: session } });
}

describe("the sign-in throttle", () => {
  it(`checks at most ${FAILURES_PER_EMAIL} of 20 concurrent wrong passwords for one email address`, async () => {
    const account = await createStaffAccount("VIEWER", "concurrent-guesses");
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        staffSignInOverHttp(account.email, `wrong password ${i}`, { from: freshLoopbackAddress() }),
      ),
    );
    const refusals = attempts.map((attempt) => attempt.refused);
    expect(refusals.filter((r) => r === "invalid")).toHaveLength(FAILURES_PER_EMAIL);
    expect(refusals.filter((r) => r === "rate_limited")).toHaveLength(20 - FAILURES_PER_EMAIL);
    // One recorded failure per password checked: the refused ones never reached the check.
    expect(await failuresRecorded({ email: account.email })).toHaveLength(FAILURES_PER_EMAIL);
  });

  it(`checks at most ${FAILURES_PER_CLIENT} concurrent guesses from one client address`, async () => {
    const from = freshLoopbackAddress();
    const attempts = await Promise.all(
      Array.from({ length: FAILURES_PER_CLIENT + 10 }, () =>
        staffSignInOverHttp(`${uniqueId("nobody")}@plusdesk.test`, "wrong password", { from }),
      ),
    );
    expect(attempts.filter((a) => a.refused === "rate_limited")).toHaveLength(10);
    expect(await failuresRecorded({ clientAddress: from })).toHaveLength(FAILURES_PER_CLIENT);
  });

  it("counts the socket's address, whatever X-Forwarded-For or the app's own header say", async () => {
    const account = await createStaffAccount("VIEWER", "forged-forwarding");
    const from = freshLoopbackAddress();
    const refused = await staffSignInOverHttp(account.email, "wrong password", {
      from,
      headers: {
        "x-forwarded-for": "198.51.100.7, 198.51.100.8",
        "x-plusdesk-socket-address": "198.51.100.9",
      },
    });
    expect(refused.refused).toBe("invalid");
    expect(await failuresRecorded({ email: account.email })).toEqual([
      { email: account.email, clientAddress: from },
    ]);
  });
});

describe("behind one trusted proxy (TRUSTED_PROXY_HOPS=1)", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startOwnServer({ TRUSTED_PROXY_HOPS: "1" });
  }, 120_000);
  afterAll(() => server?.stop());

  it("counts the address the proxy appended to X-Forwarded-For, not what the client wrote", async () => {
    const account = await createStaffAccount("VIEWER", "trusted-proxy");
    const proxy = freshLoopbackAddress();
    await staffSignInOverHttp(account.email, "wrong password", {
      from: proxy,
      server: server.url,
      // The client wrote the first entry; the proxy appended the address it was reached from.
      headers: { "x-forwarded-for": "198.51.100.7, 203.0.113.25" },
    });
    // A request that came around the proxy, without the header: its own socket.
    const direct = freshLoopbackAddress();
    await staffSignInOverHttp(account.email, "wrong password", {
      from: direct,
      server: server.url,
    });
    const recorded = await failuresRecorded({ email: account.email });
    expect(recorded.map((r) => r.clientAddress).sort()).toEqual(["203.0.113.25", direct].sort());
  });
});

describe("staff sessions", () => {
  it("sets Secure, __Secure- cookies in production even when a proxy says http", async () => {
    const account = await createStaffAccount("VIEWER", "secure-cookie");
    const signedIn = await staffSignInOverHttp(account.email, account.password, {
      from: freshLoopbackAddress(),
      headers: { "x-forwarded-proto": "http" },
    });
    const cookie = signedIn.answer.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it("records a sign-out through Auth.js's own route: the cookie, copied or not, is refused", async () => {
    const account = await createStaffAccount("VIEWER", "auth-js-sign-out");
    const from = freshLoopbackAddress();
    const { session } = await staffSignInOverHttp(account.email, account.password, { from });
    expect((await me(from, session!)).status).toBe(200);

    const signedOut = await staffSignOutOverHttp(from, session!);
    expect(signedOut.status).toBe(302);
    const [row] = await db
      .select({ signedOutAt: staffMembers.signedOutAt })
      .from(staffMembers)
      .where(eq(staffMembers.staffId, account.staffId));
    expect(row?.signedOutAt).toBeInstanceOf(Date);
    expect((await me(from, session!)).status).toBe(401);
  });

  it("lets a signed-out copy of a cookie sign out nothing newer", async () => {
    const account = await createStaffAccount("VIEWER", "stale-sign-out");
    const from = freshLoopbackAddress();
    const stale = (await staffSignInOverHttp(account.email, account.password, { from })).session!;
    await staffSignOutOverHttp(from, stale);
    const current = (await staffSignInOverHttp(account.email, account.password, { from })).session!;
    await staffSignOutOverHttp(from, stale);
    expect((await me(from, current)).status).toBe(200);
  });
});

describe("tRPC over HTTP", () => {
  it("answers an internal error without its text", async () => {
    const account = await createStaffAccount("VIEWER", "internal-error");
    const from = freshLoopbackAddress();
    const { session } = await staffSignInOverHttp(account.email, account.password, { from });
    // Nineteen digits pass the id's pattern but not Postgres's bigint: the database refuses it,
    // in words that name the type and the value.
    const input = encodeURIComponent(JSON.stringify({ id: "9999999999999999999" }));
    const answer = await requestFrom(from, `/api/trpc/inbound.get?input=${input}`, {
      headers: { cookie: session! },
    });
    expect(answer.status).toBe(500);
    const { error } = JSON.parse(answer.text) as {
      error: { message: string; data: Record<string, unknown> };
    };
    expect(error.message).toBe("Internal server error");
    expect(error.data.stack).toBeUndefined();
    expect(answer.text).not.toMatch(/bigint|9999999999999999999|range/i);
  });
});

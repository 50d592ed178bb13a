import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createLaunchToken, LAUNCH_TOKEN_AUDIENCE } from "@/server/auth/launch-token";
import { baseUrl, secrets } from "../fixtures/gateway";
import { SESSION_COOKIE } from "../fixtures/sessions";

/** GET /launch without following the redirect; returns where it points and the cookies set. */
async function launch(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(`/launch?${query}`, baseUrl), {
    redirect: "manual",
    headers,
  });
  const cookies = response.headers.getSetCookie();
  return {
    status: response.status,
    location: new URL(response.headers.get("location") ?? "", baseUrl),
    sessionCookie: cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`)),
  };
}

async function sessionOf(cookie: string) {
  const response = await fetch(new URL("/api/auth/session", baseUrl), {
    headers: { cookie: cookie.split(";")[0] ?? "" },
  });
  return (await response.json()) as {
    customer?: { customerId: string; locale?: string; timeZone?: string };
  } | null;
}

const token = (claims: Parameters<typeof createLaunchToken>[1]) =>
  createLaunchToken(secrets.walletLaunchSecret, claims);

/** A token signed with the suite's launch secret, its claims as given (not createLaunchToken's). */
function tokenSignedHere(options: { audience?: string | null; lifeS?: [number, number] }) {
  const now = Math.floor(Date.now() / 1000);
  const [from, to] = options.lifeS ?? [0, 60];
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("C-1")
    .setIssuedAt(now + from)
    .setExpirationTime(now + to)
    .setJti(randomUUID());
  if (options.audience !== null) jwt.setAudience(options.audience ?? LAUNCH_TOKEN_AUDIENCE);
  return jwt.sign(new TextEncoder().encode(secrets.walletLaunchSecret));
}

describe("GET /launch", () => {
  it("starts a customer session from a valid token and goes to next", async () => {
    const t = await token({ customerId: "C-LAUNCH-1", locale: "th-TH", timeZone: "Asia/Bangkok" });
    const result = await launch(`token=${t}&next=${encodeURIComponent("/refunds/R1")}`);
    expect(result.status).toBe(303);
    expect(result.location.pathname).toBe("/refunds/R1");
    expect(result.sessionCookie).toMatch(/HttpOnly/i);
    expect(result.sessionCookie).toMatch(/SameSite=Lax/i);
    expect(result.sessionCookie).toMatch(/;\s*Secure/i);
    expect((await sessionOf(result.sessionCookie!))?.customer).toEqual({
      customerId: "C-LAUNCH-1",
      locale: "th-TH",
      timeZone: "Asia/Bangkok",
    });
  });

  it.each([
    ["no next", "", "/transactions"],
    ["another origin", "https://evil.example/x", "/transactions"],
    ["a protocol-relative URL", "//evil.example/x", "/transactions"],
    ["a dot segment before //", "/.//evil.example/x", "/transactions"],
    ["a dot-dot segment before //", "/..//evil.example", "/transactions"],
    ["an encoded dot-dot segment before //", "/%2e%2e//evil.example", "/transactions"],
    ["a customer path climbing out to //", "/transactions/..//evil.example", "/transactions"],
    ["a path outside the customer pages", "/staff/audit", "/transactions"],
    ["a same-origin path with a query", "/transactions/P1?from=app", "/transactions/P1?from=app"],
  ])("with %s goes to a same-origin path only", async (_name, next, expected) => {
    const t = await token({ customerId: "C-LAUNCH-2" });
    const result = await launch(`token=${t}${next ? `&next=${encodeURIComponent(next)}` : ""}`);
    expect(result.location.origin).toBe(new URL(baseUrl).origin);
    expect(`${result.location.pathname}${result.location.search}`).toBe(expected);
  });

  it("refuses a token used twice, in the token's language, without a session", async () => {
    const t = await token({ customerId: "C-LAUNCH-3", locale: "ko-KR" });
    expect((await launch(`token=${t}`)).sessionCookie).toBeDefined();
    const second = await launch(`token=${t}`);
    expect(second.sessionCookie).toBeUndefined();
    expect(second.location.pathname).toBe("/launch/failed");
    expect(Object.fromEntries(second.location.searchParams)).toEqual({
      reason: "reused",
      lang: "ko",
    });
  });

  it.each([
    ["expired", () => tokenSignedHere({ lifeS: [-400, -100] }), "expired"],
    // Signed with the right secret for something else: no `aud`, or another one.
    ["audience-less", () => tokenSignedHere({ audience: null }), "invalid"],
    ["other-audience", () => tokenSignedHere({ audience: "plusdesk-api" }), "invalid"],
    [
      "forged",
      () => createLaunchToken("another-secret-0123456789abcdef0123456789", { customerId: "C-1" }),
      "invalid",
    ],
    ["malformed", () => Promise.resolve("garbage"), "invalid"],
    ["missing", () => Promise.resolve(""), "invalid"],
  ] as const)("refuses a %s token without a session", async (_name, make, reason) => {
    const result = await launch(`token=${await make()}`, { "accept-language": "id-ID,id;q=0.9" });
    expect(result.sessionCookie).toBeUndefined();
    expect(result.location.pathname).toBe("/launch/failed");
    expect(Object.fromEntries(result.location.searchParams)).toEqual({ reason, lang: "id" });
  });

  it.each([
    ["en", "This link was already used"],
    ["zh-Hans", "此链接已被使用"],
    ["zh-Hant", "此連結已被使用"],
    ["ko", "이미 사용된 링크입니다"],
    ["th", "ลิงก์นี้ถูกใช้ไปแล้ว"],
    ["id", "Tautan ini sudah digunakan"],
  ])("explains a refusal in %s", async (lang, title) => {
    const response = await fetch(new URL(`/launch/failed?reason=reused&lang=${lang}`, baseUrl));
    const html = await response.text();
    expect(html).toContain(title);
    expect(html).toContain(`lang="${lang}"`);
  });
});

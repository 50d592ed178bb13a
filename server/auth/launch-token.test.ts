import { randomUUID } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import { createLaunchToken, LAUNCH_TOKEN_AUDIENCE, verifyLaunchToken } from "./launch-token";

// A real Postgres (started by `npm test`): single use is enforced by its primary key.
const { db, close } = createDb(process.env.DATABASE_URL ?? "", { max: 4 });
afterAll(() => close());

const SECRET = "launch-secret-for-tests-0123456789abcdef";
const NOW = new Date("2026-11-26T12:00:00Z");
const nowS = NOW.getTime() / 1000;

function sign(claims: JWTPayload, options: { secret?: string; alg?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? "HS256" })
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const valid = () => ({
  sub: "C-000042",
  aud: LAUNCH_TOKEN_AUDIENCE,
  iat: nowS - 10,
  exp: nowS + 200,
  jti: randomUUID(),
});

describe("verifyLaunchToken", () => {
  it("accepts a valid token once and returns its claims", async () => {
    const token = await sign({ ...valid(), locale: "zh-TW", tz: "Asia/Taipei" });
    expect(await verifyLaunchToken(db, token, SECRET, NOW)).toEqual({
      ok: true,
      claims: { customerId: "C-000042", locale: "zh-TW", timeZone: "Asia/Taipei" },
    });
    expect(await verifyLaunchToken(db, token, SECRET, NOW)).toEqual({
      ok: false,
      reason: "reused",
    });
  });

  it.each<[string, () => Promise<string>, "expired" | "invalid" | true]>([
    [
      "expired beyond the 30 s skew",
      () => sign({ ...valid(), iat: nowS - 400, exp: nowS - 31 }),
      "expired",
    ],
    ["expired within the skew", () => sign({ ...valid(), iat: nowS - 300, exp: nowS - 29 }), true],
    [
      "living longer than 5 minutes",
      () => sign({ ...valid(), iat: nowS, exp: nowS + 301 }),
      "invalid",
    ],
    ["living exactly 5 minutes", () => sign({ ...valid(), iat: nowS, exp: nowS + 300 }), true],
    [
      "issued in the future beyond the skew",
      () => sign({ ...valid(), iat: nowS + 31, exp: nowS + 100 }),
      "invalid",
    ],
    [
      "issued in the future within the skew",
      () => sign({ ...valid(), iat: nowS + 29, exp: nowS + 100 }),
      true,
    ],
    ["exp before iat", () => sign({ ...valid(), iat: nowS, exp: nowS - 1 }), "invalid"],
    ["without sub", () => sign({ ...valid(), sub: undefined }), "invalid"],
    ["without jti", () => sign({ ...valid(), jti: undefined }), "invalid"],
    ["without iat", () => sign({ ...valid(), iat: undefined }), "invalid"],
    ["without exp", () => sign({ ...valid(), exp: undefined }), "invalid"],
    ["without aud", () => sign({ ...valid(), aud: undefined }), "invalid"],
    ["for another audience", () => sign({ ...valid(), aud: "plusdesk-api" }), "invalid"],
    [
      "for several audiences, ours among them",
      () => sign({ ...valid(), aud: ["wallet-app", LAUNCH_TOKEN_AUDIENCE] }),
      true,
    ],
    ["with a 65-character sub", () => sign({ ...valid(), sub: "C".repeat(65) }), "invalid"],
    [
      "signed with another secret",
      () => sign(valid(), { secret: "another-secret-0123456789abcdef0123" }),
      "invalid",
    ],
    ["signed with HS512", () => sign(valid(), { alg: "HS512" }), "invalid"],
    ["not a JWT", () => Promise.resolve("not.a.jwt"), "invalid"],
    ["empty", () => Promise.resolve(""), "invalid"],
  ])("a token %s", async (_name, make, expected) => {
    const verdict = await verifyLaunchToken(db, await make(), SECRET, NOW);
    if (expected === true) expect(verdict.ok).toBe(true);
    else expect(verdict).toEqual({ ok: false, reason: expected });
  });

  it("refuses an unsigned token (alg none)", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    const body = Buffer.from(JSON.stringify(valid())).toString("base64url");
    expect(await verifyLaunchToken(db, `${header}.${body}.`, SECRET, NOW)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("drops a time zone that is not an IANA name", async () => {
    const verdict = await verifyLaunchToken(
      db,
      await sign({ ...valid(), tz: "Mars/Olympus" }),
      SECRET,
      NOW,
    );
    expect(verdict).toEqual({
      ok: true,
      claims: { customerId: "C-000042", locale: undefined, timeZone: undefined },
    });
  });

  it("lets exactly one of ten concurrent uses of one token through", async () => {
    const token = await sign(valid());
    const verdicts = await Promise.all(
      Array.from({ length: 10 }, () => verifyLaunchToken(db, token, SECRET, NOW)),
    );
    expect(verdicts.filter((v) => v.ok)).toHaveLength(1);
    expect(verdicts.filter((v) => !v.ok && v.reason === "reused")).toHaveLength(9);
  });

  it("accepts what createLaunchToken makes (the CLI's and the tests' tokens)", async () => {
    const token = await createLaunchToken(SECRET, {
      customerId: "C-1",
      locale: "th",
      timeZone: "Asia/Bangkok",
    });
    expect(await verifyLaunchToken(db, token, SECRET)).toEqual({
      ok: true,
      claims: { customerId: "C-1", locale: "th", timeZone: "Asia/Bangkok" },
    });
  });
});

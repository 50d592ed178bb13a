import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateRsaKeyPair, parsePrivateKey, parsePublicKey } from "./keys";
import { contentToSign, sign, verify } from "./signature";
import { signatureVectors as vectors } from "./signature-vectors.fixture";

const PRIV_B64 = vectors.testOnlyPrivateKeyPkcs8Base64;
const PUB_B64 = vectors.testOnlyPublicKeyX509Base64;

function pem(label: string, base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
const privDer = (k: crypto.KeyObject) =>
  k.export({ type: "pkcs8", format: "der" }).toString("base64");
const pubDer = (k: crypto.KeyObject) =>
  k.export({ type: "spki", format: "der" }).toString("base64");

/** The loaded keys must reproduce the SDK's first known-answer signature. */
function expectKnownAnswer(priv: crypto.KeyObject, pub: crypto.KeyObject) {
  const c = vectors.cases[0]!;
  const content = contentToSign({ ...c, requestUri: c.path });
  expect(sign(content, priv)).toBe(c.signature);
  expect(verify(content, c.signature, pub)).toBe(true);
}

describe("parsePrivateKey / parsePublicKey", () => {
  it("reads the bare Base64 DER the Developer Center hands out", () => {
    const priv = parsePrivateKey(PRIV_B64);
    const pub = parsePublicKey(PUB_B64);
    expect(priv.type).toBe("private");
    expect(priv.asymmetricKeyType).toBe("rsa");
    expect(pub.type).toBe("public");
    expect(privDer(priv)).toBe(PRIV_B64);
    expect(pubDer(pub)).toBe(PUB_B64);
    expectKnownAnswer(priv, pub);
  });

  it("reads PEM (PRIVATE KEY / PUBLIC KEY) made from the Base64", () => {
    const priv = parsePrivateKey(pem("PRIVATE KEY", PRIV_B64));
    const pub = parsePublicKey(pem("PUBLIC KEY", PUB_B64));
    expect(privDer(priv)).toBe(PRIV_B64);
    expect(pubDer(pub)).toBe(PUB_B64);
    expectKnownAnswer(priv, pub);
  });

  it("PEM exported from a parsed key reads back to the same bare Base64", () => {
    const privPem = parsePrivateKey(PRIV_B64).export({ type: "pkcs8", format: "pem" }).toString();
    const pubPem = parsePublicKey(PUB_B64).export({ type: "spki", format: "pem" }).toString();
    expect(privDer(parsePrivateKey(privPem))).toBe(PRIV_B64);
    expect(pubDer(parsePublicKey(pubPem))).toBe(PUB_B64);
  });

  it("reads PKCS#1 PEM (RSA PRIVATE KEY / RSA PUBLIC KEY)", () => {
    const pkcs1Priv = parsePrivateKey(PRIV_B64).export({ type: "pkcs1", format: "pem" }).toString();
    const pkcs1Pub = parsePublicKey(PUB_B64).export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1Priv).toContain("BEGIN RSA PRIVATE KEY");
    expect(pkcs1Pub).toContain("BEGIN RSA PUBLIC KEY");
    expectKnownAnswer(parsePrivateKey(pkcs1Priv), parsePublicKey(pkcs1Pub));
  });

  it.each([
    ["literal \\n escapes", (p: string) => p.replace(/\n/g, "\\n")],
    ["literal \\r\\n escapes", (p: string) => p.replace(/\n/g, "\\r\\n")],
    ["escaped and double-quoted", (p: string) => `"${p.trim().replace(/\n/g, "\\n")}"`],
    ["CRLF line endings", (p: string) => p.replace(/\n/g, "\r\n")],
    ["surrounding whitespace", (p: string) => `\n  ${p}  \n\n`],
  ])("reads env-style PEM: %s", (_what, mangle) => {
    const priv = parsePrivateKey(mangle(pem("PRIVATE KEY", PRIV_B64)));
    const pub = parsePublicKey(mangle(pem("PUBLIC KEY", PUB_B64)));
    expect(privDer(priv)).toBe(PRIV_B64);
    expect(pubDer(pub)).toBe(PUB_B64);
  });

  it("tolerates whitespace and newlines inside and around bare Base64", () => {
    const wrap = (b: string) => `  \n${(b.match(/.{1,60}/g) ?? []).join("\n ")}\r\n\t`;
    expect(privDer(parsePrivateKey(wrap(PRIV_B64)))).toBe(PRIV_B64);
    expect(pubDer(parsePublicKey(wrap(PUB_B64)))).toBe(PUB_B64);
    expect(pubDer(parsePublicKey(PUB_B64.replace(/(.{64})/g, "$1\\n")))).toBe(PUB_B64);
  });
});

describe("unreadable keys", () => {
  const truncatedPriv = PRIV_B64.slice(0, 400); // valid Base64, broken DER
  const cases: [string, "private" | "public", string][] = [
    ["garbage", "private", "this-is-not-a-key"],
    ["garbage", "public", "this-is-not-a-key"],
    ["empty", "private", "   "],
    ["truncated DER", "private", truncatedPriv],
    ["truncated DER", "public", PUB_B64.slice(0, 200)],
    ["PEM with a corrupted body", "private", pem("PRIVATE KEY", "AAAA" + PRIV_B64.slice(4))],
    ["unterminated PEM", "private", pem("PRIVATE KEY", PRIV_B64).replace(/-----END[\s\S]*/, "")],
    ["encrypted PEM", "private", pem("ENCRYPTED PRIVATE KEY", PRIV_B64)],
    ["private key offered as public (bare)", "public", PRIV_B64],
    ["private key offered as public (PEM)", "public", pem("PRIVATE KEY", PRIV_B64)],
    ["private key in a PUBLIC KEY PEM", "public", pem("RSA PUBLIC KEY", PRIV_B64)],
    ["public key offered as private", "private", PUB_B64],
    [
      "EC key",
      "private",
      crypto
        .generateKeyPairSync("ec", { namedCurve: "P-256" })
        .privateKey.export({ type: "pkcs8", format: "der" })
        .toString("base64"),
    ],
  ];

  it.each(cases)("%s (%s) throws without echoing the input", (_what, kind, input) => {
    const parse = kind === "private" ? parsePrivateKey : parsePublicKey;
    let error: unknown;
    try {
      parse(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message.startsWith(`Alipay+ ${kind} key could not be read`)).toBe(true);
    const material = input.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    if (material.length > 0) {
      expect(message).not.toContain(input.trim());
      // No 8-character run of the key material appears in the message.
      for (let i = 0; i + 8 <= material.length; i += 4) {
        expect(message).not.toContain(material.slice(i, i + 8));
      }
    }
    expect((error as Error & { cause?: unknown }).cause).toBeUndefined();
  });
});

describe("generateRsaKeyPair", () => {
  const pair = generateRsaKeyPair();

  it("produces PEM and a bare Base64 X.509 public key for the Developer Center", () => {
    expect(pair.privateKeyPem).toContain("-----BEGIN PRIVATE KEY-----");
    expect(pair.publicKeyPem).toContain("-----BEGIN PUBLIC KEY-----");
    expect(pair.publicKeyBase64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const pub = parsePublicKey(pair.publicKeyBase64);
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(pubDer(parsePublicKey(pair.publicKeyPem))).toBe(pair.publicKeyBase64);
  });

  it("round-trips: sign with the private PEM, verify with the parsed Base64 public key", () => {
    const content = Buffer.from("POST /aps/api/v1/payments/pay\nC.1.{}");
    const signature = sign(content, parsePrivateKey(pair.privateKeyPem));
    expect(verify(content, signature, parsePublicKey(pair.publicKeyBase64))).toBe(true);
    // ...and not with somebody else's key.
    expect(verify(content, signature, parsePublicKey(PUB_B64))).toBe(false);
  });

  it("generates a fresh pair each time", () => {
    expect(generateRsaKeyPair().publicKeyBase64).not.toBe(pair.publicKeyBase64);
  });
});

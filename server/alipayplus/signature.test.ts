import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { parsePrivateKey, parsePublicKey } from "./keys";
import {
  contentToSign,
  formatSignatureHeader,
  parseSignatureHeader,
  sign,
  verify,
} from "./signature";
import { signatureVectors as vectors, type SignatureVectorCase } from "./signature-vectors.fixture";

const privateKey = parsePrivateKey(vectors.testOnlyPrivateKeyPkcs8Base64);
const publicKey = parsePublicKey(vectors.testOnlyPublicKeyX509Base64);

function partsOf(c: SignatureVectorCase) {
  return { method: c.method, requestUri: c.path, clientId: c.clientId, time: c.time, body: c.body };
}

/** Same string with the character at `i` replaced by a different ASCII one. */
function changeChar(s: string, i = Math.floor(s.length / 2)): string {
  const c = s[i] === "X" ? "Y" : "X";
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe("signature known answers (official Java SDK)", () => {
  it("has cases", () => {
    expect(vectors.cases.length).toBeGreaterThanOrEqual(4);
  });

  describe.each(vectors.cases)("$name", (c) => {
    const content = contentToSign(partsOf(c));

    it("contentToSign matches byte for byte (string and Buffer body)", () => {
      expect(content.equals(Buffer.from(c.contentToSign, "utf8"))).toBe(true);
      const fromBuffer = contentToSign({ ...partsOf(c), body: Buffer.from(c.body, "utf8") });
      expect(fromBuffer.equals(content)).toBe(true);
    });

    it("sign() reproduces the SDK signature exactly", () => {
      expect(sign(content, privateKey)).toBe(c.signature);
    });

    it("formatSignatureHeader() reproduces the header", () => {
      expect(formatSignatureHeader(sign(content, privateKey))).toBe(c.signatureHeader);
    });

    it("verify() accepts the SDK signature, URL-encoded or raw Base64", () => {
      expect(verify(content, c.signature, publicKey)).toBe(true);
      expect(verify(content, decodeURIComponent(c.signature), publicKey)).toBe(true);
    });

    it("parseSignatureHeader() extracts a signature that verifies", () => {
      const parsed = parseSignatureHeader(c.signatureHeader);
      expect(parsed).toEqual({ algorithm: "RSA256", keyVersion: "1", signature: c.signature });
      expect(verify(content, parsed!.signature, publicKey)).toBe(true);
    });

    const bodyBytes = Buffer.from(c.body, "utf8");
    const flipped = Buffer.from(bodyBytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    const lastFlipped = Buffer.from(bodyBytes);
    lastFlipped[lastFlipped.length - 1]! ^= 0x01;
    const mutations: [string, Parameters<typeof contentToSign>[0]][] = [
      ["one body byte (middle)", { ...partsOf(c), body: flipped }],
      ["one body byte (last)", { ...partsOf(c), body: lastFlipped }],
      ["body with one extra trailing byte", { ...partsOf(c), body: c.body + " " }],
      ["path", { ...partsOf(c), requestUri: changeChar(c.path) }],
      ["path with a query appended", { ...partsOf(c), requestUri: c.path + "?a=1" }],
      ["client id", { ...partsOf(c), clientId: changeChar(c.clientId) }],
      ["time", { ...partsOf(c), time: changeChar(c.time, c.time.length - 2) }],
      ["method", { ...partsOf(c), method: "GET" }],
    ];
    it.each(mutations)("verify() fails when the %s changes", (_what, parts) => {
      const mutated = contentToSign(parts);
      expect(mutated.equals(content)).toBe(false);
      expect(verify(mutated, c.signature, publicKey)).toBe(false);
    });
  });
});

describe("contentToSign", () => {
  it("appends a Buffer body raw, without UTF-8 re-encoding", () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]); // invalid UTF-8 on purpose
    const out = contentToSign({ method: "POST", requestUri: "/p", clientId: "C", time: "1", body });
    expect(out.equals(Buffer.concat([Buffer.from("POST /p\nC.1."), body]))).toBe(true);
  });
});

describe("sign/verify edge cases", () => {
  const [first] = vectors.cases;
  const content = contentToSign(partsOf(first!));

  it.each([
    ["empty", ""],
    ["garbage", "not a signature!!"],
    ["bad percent-encoding", "%E0%A4%A"],
    ["non-base64 characters", "****"],
    ["valid base64 but wrong length", "AAAA"],
    ["signature of other content", sign(Buffer.from("other"), privateKey)],
    ["truncated", first!.signature.slice(0, -6)],
  ])("verify() returns false for %s, without throwing", (_what, sig) => {
    expect(() => verify(content, sig, publicKey)).not.toThrow();
    expect(verify(content, sig, publicKey)).toBe(false);
  });

  it("verify() rejects a signature made by another key", () => {
    const { privateKey: other } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect(verify(content, sign(content, other), publicKey)).toBe(false);
  });

  it("sign() output is URL-encoded (no raw + / =)", () => {
    for (const c of vectors.cases) {
      expect(sign(contentToSign(partsOf(c)), privateKey)).not.toMatch(/[+/=]/);
    }
  });
});

describe("parseSignatureHeader", () => {
  const sig = "ab%2Bc%2Fd%3D";

  it.each([
    ["no spaces", `algorithm=RSA256,keyVersion=1,signature=${sig}`],
    ["spaces after commas", `algorithm=RSA256, keyVersion=1, signature=${sig}`],
    ["other order", `signature=${sig},algorithm=RSA256,keyVersion=1`],
  ])("accepts %s", (_what, header) => {
    expect(parseSignatureHeader(header)).toEqual({
      algorithm: "RSA256",
      keyVersion: "1",
      signature: sig,
    });
  });

  it("keeps '=' inside a raw Base64 signature (splits on the first '=' only)", () => {
    expect(parseSignatureHeader("algorithm=RSA256, keyVersion=2, signature=abc+/d==")).toEqual({
      algorithm: "RSA256",
      keyVersion: "2",
      signature: "abc+/d==",
    });
  });

  it("keyVersion is optional", () => {
    expect(parseSignatureHeader(`algorithm=RSA256,signature=${sig}`)).toEqual({
      algorithm: "RSA256",
      keyVersion: undefined,
      signature: sig,
    });
  });

  it("formatSignatureHeader uses the given keyVersion", () => {
    expect(formatSignatureHeader(sig, "3")).toBe(`algorithm=RSA256,keyVersion=3,signature=${sig}`);
  });

  it.each([
    ["missing signature", "algorithm=RSA256,keyVersion=1"],
    ["empty signature", "algorithm=RSA256,keyVersion=1,signature="],
    ["missing algorithm", `keyVersion=1,signature=${sig}`],
    ["wrong algorithm", `algorithm=RSA512,keyVersion=1,signature=${sig}`],
    ["algorithm in other case", `algorithm=rsa256,keyVersion=1,signature=${sig}`],
    ["key in other case", `Algorithm=RSA256,keyVersion=1,Signature=${sig}`],
    ["duplicated signature", `algorithm=RSA256,signature=${sig},signature=other`],
    ["garbage", "garbage"],
    ["empty", ""],
    ["only separators", ",,=,"],
  ])("returns null for %s", (_what, header) => {
    expect(parseSignatureHeader(header)).toBeNull();
  });
});

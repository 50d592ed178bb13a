// The Alipay+ request/response signature (docs/protocol.md#signatures), matching the official Java
// SDK's SignatureTool (alipay/global-open-sdk-java) byte for byte: see signature-test-vectors.json.
import crypto from "node:crypto";

/**
 * `<METHOD> <Request-URI>\n<Client-Id>.<time>.<body>`. The body is appended as the exact bytes
 * received/sent: re-serialising or re-encoding it would break the signature.
 */
export function contentToSign(parts: {
  method: string;
  requestUri: string;
  clientId: string;
  time: string;
  body: Buffer | string;
}): Buffer {
  const head = Buffer.from(`${parts.method} ${parts.requestUri}\n${parts.clientId}.${parts.time}.`);
  const body = typeof parts.body === "string" ? Buffer.from(parts.body, "utf8") : parts.body;
  return Buffer.concat([head, body]);
}

/**
 * Java's URLEncoder.encode(s, "UTF-8"): like encodeURIComponent, except it also escapes
 * ! ' ( ) ~ and turns space into "+". For base64 this means + → %2B, / → %2F, = → %3D.
 */
function javaUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** SHA256withRSA (PKCS#1 v1.5) → Base64 → URL-encoded, as SignatureTool.sign does. */
export function sign(content: Buffer, privateKey: crypto.KeyObject): string {
  const raw = crypto.sign("sha256", content, {
    key: privateKey,
    padding: crypto.constants.RSA_PKCS1_PADDING,
  });
  return javaUrlEncode(raw.toString("base64"));
}

/**
 * URL-decode, Base64-decode, verify (SignatureTool.verify). Also accepts raw, not URL-encoded
 * Base64: decodeURIComponent leaves "+" alone, and a signature never contains a space, so a
 * literal "+" can only be Base64. Never throws: anything malformed is simply not valid.
 */
export function verify(content: Buffer, signature: string, publicKey: crypto.KeyObject): boolean {
  try {
    const b64 = decodeURIComponent(signature);
    // Buffer.from(…, "base64") skips junk characters; only well-formed Base64 is accepted.
    if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      return false;
    }
    return crypto.verify(
      "sha256",
      content,
      { key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING },
      Buffer.from(b64, "base64"),
    );
  } catch {
    return false;
  }
}

/**
 * The `Signature` header value (docs/protocol.md#signatures). `signature` is already URL-encoded by
 * sign().
 */
export function formatSignatureHeader(signature: string, keyVersion = "1"): string {
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${signature}`;
}

/**
 * Parses `algorithm=RSA256,keyVersion=1,signature=<sig>`; the docs also show spaces after the
 * commas (docs/protocol.md#signatures). Pairs split on the first "=" only, since a raw Base64
 * signature ends in "=". Returns null unless algorithm is RSA256 and a signature is present; a
 * repeated key is ambiguous and also rejected.
 */
export function parseSignatureHeader(
  header: string,
): { algorithm: string; keyVersion: string | undefined; signature: string } | null {
  if (typeof header !== "string") return null;
  const fields = new Map<string, string>();
  for (const pair of header.split(",")) {
    const part = pair.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (fields.has(key)) return null;
    fields.set(key, part.slice(eq + 1).trim());
  }
  const algorithm = fields.get("algorithm");
  const signature = fields.get("signature");
  if (algorithm !== "RSA256" || !signature) return null;
  return { algorithm, keyVersion: fields.get("keyVersion") || undefined, signature };
}

/**
 * Checks a response's signature (docs/protocol.md#signatures, both directions): it names the
 * expected Client-Id, carries a Response-Time, and its Signature verifies with the answering side's
 * public key over `<METHOD> <Request-URI>\n<Client-Id>.<Response-Time>.<body>`. Used by the
 * outbound client (answers from Alipay+) and by the simulator and tests (answers from the wallet).
 */
export function verifyResponseSignature(
  response: { method: string; requestUri: string; headers: Headers; body: string },
  expected: { clientId: string; publicKey: crypto.KeyObject },
): boolean {
  const { method, requestUri, headers, body } = response;
  const clientId = headers.get("client-id");
  const time = headers.get("response-time");
  const parsed = parseSignatureHeader(headers.get("signature") ?? "");
  if (clientId !== expected.clientId || !time || !parsed) return false;
  const content = contentToSign({ method, requestUri, clientId, time, body });
  return verify(content, parsed.signature, expected.publicKey);
}

/**
 * The headers of a signed request or answer (docs/protocol.md#envelope): Content-Type, Client-Id,
 * Request-Time or Response-Time, and a Signature over `<METHOD>
 * <Request-URI>\n<Client-Id>.<time>.<body>`. One place for every signer: the gateway's answers, the
 * outbound client's requests, and the simulator's and benchmark's traffic.
 */
export function signedHeaders(
  direction: "request" | "answer",
  parts: {
    method: string;
    requestUri: string;
    clientId: string;
    body: Buffer | string;
    time: string;
  },
  privateKey: crypto.KeyObject,
): Record<string, string> {
  const signature = sign(contentToSign(parts), privateKey);
  return {
    "Content-Type": "application/json; charset=UTF-8",
    "Client-Id": parts.clientId,
    [direction === "request" ? "Request-Time" : "Response-Time"]: parts.time,
    Signature: formatSignatureHeader(signature),
  };
}

export type RequestSignatureVerdict = "VALID" | "MISSING" | "UNKNOWN_CLIENT" | "INVALID";

/**
 * Checks a request's signature over its exact raw bytes (docs/protocol.md#signatures,
 * #order-of-checks), before anything parses the body: the Client-Id must be the expected one,
 * Request-Time and Signature present. Used by the gateway (Alipay+'s requests) and the simulator
 * (the wallet's requests).
 */
export function verifyRequestSignature(
  request: {
    method: string;
    requestUri: string;
    header: (name: "client-id" | "request-time" | "signature") => string | null | undefined;
    body: Buffer;
  },
  expected: { clientId: string; publicKey: crypto.KeyObject },
): RequestSignatureVerdict {
  const clientId = request.header("client-id");
  const time = request.header("request-time");
  const header = request.header("signature");
  if (!clientId || !time || !header) return "MISSING";
  if (clientId !== expected.clientId) return "UNKNOWN_CLIENT";
  const parsed = parseSignatureHeader(header);
  if (!parsed) return "INVALID";
  const { method, requestUri, body } = request;
  const content = contentToSign({ method, requestUri, clientId, time, body });
  return verify(content, parsed.signature, expected.publicKey) ? "VALID" : "INVALID";
}

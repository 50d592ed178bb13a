// RSA key loading for the Alipay+ signature (docs/protocol.md#signatures).
// The Alipay+ Developer Center hands out keys as bare Base64 DER (private: PKCS#8, public: X.509
// SubjectPublicKeyInfo), as the SDK's SignatureTool reads them; operators also paste PEM, often
// into env vars with literal "\n". Errors never echo the input: it may be a secret key.
import crypto from "node:crypto";

type KeyKind = "private" | "public";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/;

// PEM label → DER type node understands. Anything else (e.g. ENCRYPTED PRIVATE KEY, or a private
// key offered as the public one) is refused rather than guessed at.
const PEM_TYPES: Record<KeyKind, Record<string, "pkcs8" | "pkcs1" | "spki">> = {
  private: { "PRIVATE KEY": "pkcs8", "RSA PRIVATE KEY": "pkcs1" },
  public: { "PUBLIC KEY": "spki", "RSA PUBLIC KEY": "pkcs1" },
};

function fail(kind: KeyKind, reason: string): never {
  // Deliberately no `cause` and no input: the message is safe to log.
  throw new Error(`Alipay+ ${kind} key could not be read: ${reason}`);
}

function decodeBase64(kind: KeyKind, text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, "");
  // Buffer.from(…, "base64") silently skips junk, so validate first.
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    fail(kind, `${what} is not valid Base64`);
  }
  return Buffer.from(compact, "base64");
}

/** The DER bytes plus the candidate encodings to try, from PEM or bare Base64 text. */
function toDer(
  kind: KeyKind,
  text: string,
): { der: Buffer; types: ("pkcs8" | "pkcs1" | "spki")[] } {
  let s = text.trim();
  // Env values: surrounding quotes and literal "\n" / "\r\n" escapes.
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0])) s = s.slice(1, -1);
  s = s.replace(/\\r\\n|\\n|\\r/g, "\n").trim();
  if (s.length === 0) fail(kind, "empty value");

  if (s.startsWith("-----BEGIN ")) {
    const m = PEM.exec(s);
    if (!m) fail(kind, "malformed PEM");
    const label = m[1] ?? "";
    const type = PEM_TYPES[kind][label];
    if (!type) fail(kind, `unsupported PEM type "${label}"`);
    return { der: decodeBase64(kind, m[2] ?? "", "PEM body"), types: [type] };
  }
  // Bare Base64 as the Developer Center gives it; PKCS#1 tolerated as a fallback.
  const der = decodeBase64(kind, s, "value");
  return { der, types: kind === "private" ? ["pkcs8", "pkcs1"] : ["spki", "pkcs1"] };
}

function isPrivateDer(der: Buffer): boolean {
  return (["pkcs8", "pkcs1"] as const).some((type) => {
    try {
      crypto.createPrivateKey({ key: der, format: "der", type });
      return true;
    } catch {
      return false;
    }
  });
}

function load(kind: KeyKind, text: string): crypto.KeyObject {
  if (typeof text !== "string") fail(kind, "not a string");
  const { der, types } = toDer(kind, text);
  // node derives a public key from private DER when asked for "pkcs1", so a private key pasted
  // into the public-key slot would silently load: refuse it instead.
  if (kind === "public" && isPrivateDer(der)) fail(kind, "a private key was given");
  for (const type of types) {
    let key: crypto.KeyObject;
    try {
      key =
        kind === "private"
          ? crypto.createPrivateKey({ key: der, format: "der", type: type as "pkcs8" | "pkcs1" })
          : crypto.createPublicKey({ key: der, format: "der", type: type as "spki" | "pkcs1" });
    } catch {
      continue;
    }
    // SHA256withRSA (PKCS#1 v1.5) needs plain RSA: not EC, not RSA-PSS.
    if (key.asymmetricKeyType !== "rsa") fail(kind, "not an RSA key");
    return key;
  }
  return fail(kind, `not a ${kind === "private" ? "PKCS#8/PKCS#1" : "X.509/PKCS#1"} RSA key`);
}

/** Private key from PEM (PKCS#8 or PKCS#1) or bare Base64 PKCS#8 DER. */
export function parsePrivateKey(text: string): crypto.KeyObject {
  return load("private", text);
}

/** Public key from PEM ("PUBLIC KEY" or "RSA PUBLIC KEY") or bare Base64 X.509 DER. */
export function parsePublicKey(text: string): crypto.KeyObject {
  return load("public", text);
}

/** A fresh RSA-2048 pair; publicKeyBase64 is what the Alipay+ Developer Center asks for. */
export function generateRsaKeyPair(): {
  privateKeyPem: string;
  publicKeyPem: string;
  publicKeyBase64: string;
} {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicExponent: 0x10001,
  });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicKeyBase64: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

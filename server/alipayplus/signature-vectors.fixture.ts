/**
 * The known-answer vectors produced with Alipay's official Java SDK
 * (./signature-test-vectors.json: a test-only key pair and its signatures, copied as they were
 * made), shared by the key and signature tests. Named
 * `.fixture.ts` so that Vitest's `*.test.ts` pattern does not run it as a test file.
 */
import fs from "node:fs";
import path from "node:path";

export interface SignatureVectorCase {
  name: string;
  method: string;
  path: string;
  clientId: string;
  time: string;
  body: string;
  contentToSign: string;
  signature: string;
  signatureHeader: string;
}

export const signatureVectors = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, "signature-test-vectors.json"), "utf8"),
) as {
  /** Test-only key pair (PKCS#8 and X.509 DER, Base64), never used outside these vectors. */
  testOnlyPrivateKeyPkcs8Base64: string;
  testOnlyPublicKeyX509Base64: string;
  cases: SignatureVectorCase[];
};

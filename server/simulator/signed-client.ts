/**
 * Sends correctly signed Alipay+ → wallet requests, as Alipay+ would, and checks the signature of
 * each answer with the wallet's public key. Used by the simulator CLI, the tests and the benchmark.
 */
import type { KeyObject } from "node:crypto";
import { signedHeaders, verifyResponseSignature } from "../alipayplus/signature";

export interface SignedClientOptions {
  baseUrl: string;
  clientId: string;
  /** The simulated Alipay+'s private key. */
  privateKey: KeyObject;
  /** The wallet's (MPP) public key, to verify answers. */
  walletPublicKey: KeyObject;
}

export interface SignedCallOptions {
  /** Request-Time header; defaults to now as ISO 8601. */
  time?: string;
  /** Overrides applied after signing (tests use them to break things). */
  headers?: Record<string, string>;
  method?: string;
}

export interface SignedAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON. */
  json: Record<string, unknown> | null;
  responseSignatureValid: boolean;
  resultCode: string | undefined;
  resultStatus: string | undefined;
}

export class SignedClient {
  constructor(private readonly options: SignedClientOptions) {}

  /** `body` as an object is serialised compactly; a string or Buffer is sent byte for byte. */
  async call(
    path: string,
    body: unknown,
    callOptions: SignedCallOptions = {},
  ): Promise<SignedAnswer> {
    const method = callOptions.method ?? "POST";
    const raw = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const time = callOptions.time ?? new Date().toISOString();
    const requestUri = new URL(path, this.options.baseUrl).pathname;
    const signed = signedHeaders(
      "request",
      { method, requestUri, clientId: this.options.clientId, time, body: raw },
      this.options.privateKey,
    );
    const response = await fetch(new URL(path, this.options.baseUrl), {
      method,
      body: method === "GET" ? undefined : typeof raw === "string" ? raw : new Uint8Array(raw),
      headers: { ...signed, ...callOptions.headers },
    });
    const text = await response.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = null;
    }
    const result = json?.result as { resultCode?: string; resultStatus?: string } | undefined;
    return {
      status: response.status,
      headers: response.headers,
      text,
      json,
      responseSignatureValid: verifyResponseSignature(
        { method, requestUri, headers: response.headers, body: text },
        { clientId: this.options.clientId, publicKey: this.options.walletPublicKey },
      ),
      resultCode: result?.resultCode,
      resultStatus: result?.resultStatus,
    };
  }
}

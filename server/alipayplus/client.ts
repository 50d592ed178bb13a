/**
 * The one client for every wallet → Alipay+ call (docs/protocol.md#which-way-each-api-goes:
 * getPaymentCode, userInitiatedPay, notifyPayment). It signs the request (#signatures), verifies
 * the answer's signature, honours the client timeouts (#timeouts-and-retries) and resends a call
 * that got no answer with the same bytes, and only ever calls hosts on the allow list
 * (#notifications). Framework-free: the flows and the notifyPayment outbox build on it, tests hand
 * it a local server.
 */
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { logEvent } from "../log";
// The answer check the simulator already uses (same rule in the other direction): it belongs in
// ./signature.ts once signed-client.ts can be edited.
import { formatAlipayTime } from "./answers";
import type { ResultStatus } from "./result-codes";
import { signedHeaders, verifyResponseSignature } from "./signature";
import { parseStrictJson, type JsonValue } from "./strict-json";

export type OutboundApi = "getPaymentCode" | "userInitiatedPay" | "notifyPayment";

/**
 * docs/protocol.md#which-way-each-api-goes. Appended to the base URL, so a base URL with a path
 * prefix keeps it.
 */
export const OUTBOUND_PATHS: Record<OutboundApi, string> = {
  getPaymentCode: "/aps/api/v1/codes/getPaymentCode",
  userInitiatedPay: "/aps/api/v1/payments/userInitiatedPay",
  notifyPayment: "/aps/api/v1/payments/notifyPayment",
};

/** docs/protocol.md#timeouts-and-retries: MPP → Alipay+ userInitiatedPay 8 s, the others 5 s. */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<OutboundApi, number>> = {
  userInitiatedPay: 8000,
  getPaymentCode: 5000,
  notifyPayment: 5000,
};

/** The first attempt and up to 2 more (README "Outbound client"). */
export const MAX_ATTEMPTS = 3;

export interface AlipayPlusClientOptions {
  /** `ALIPAYPLUS_BASE_URL`. */
  baseUrl: string;
  /** `ALIPAYPLUS_ALLOWED_HOSTS` as parseAllowedHosts returns it: `host` or `host:port`. */
  allowedHosts: readonly string[];
  /** `ALIPAYPLUS_CLIENT_ID`: sent on every request, required on every answer. */
  clientId: string;
  /** `MPP_PRIVATE_KEY`: signs requests. */
  mppPrivateKey: KeyObject;
  /** `ALIPAYPLUS_PUBLIC_KEY`: verifies answers. */
  alipayPublicKey: KeyObject;
  fetch?: typeof fetch;
  /** Source of Request-Time. */
  now?: () => Date;
  /** Per-attempt timeouts; tests shorten them, production keeps DEFAULT_TIMEOUTS_MS. */
  timeoutsMs?: Partial<Record<OutboundApi, number>>;
}

export interface CallOptions {
  /**
   * A full URL instead of base URL + path: notifyPayment goes to the payment's
   * `paymentNotifyUrl` (docs/protocol.md#notifypayment). It is checked against the allow list like
   * any other.
   */
  url?: string;
}

export type RefusalReason = "host not allowed" | "invalid url" | "not https";

export type CallResult =
  /** A correctly signed answer with a `result`. `U` is returned as is: the caller decides. */
  | {
      kind: "answered";
      status: number;
      json: { [key: string]: JsonValue };
      resultStatus: ResultStatus;
      resultCode: string;
      attempts: number;
    }
  /** Every attempt timed out, failed on the network or got nothing correctly signed. */
  | { kind: "no-answer"; attempts: number; lastError: string }
  /** Not sent at all. */
  | { kind: "refused"; reason: RefusalReason };

/**
 * What a flow makes of a call: Alipay+ said yes (`S`), said no (`F`, with its resultCode), or the
 * outcome is unknown (`U`, no answer, or not sent) — never guessed either way.
 */
export type CallOutcome =
  | { kind: "succeeded"; json: { [key: string]: JsonValue } }
  | { kind: "refused"; resultCode: string }
  | { kind: "unavailable"; reason: string };

export function outcomeOf(answer: CallResult): CallOutcome {
  if (answer.kind === "refused") return { kind: "unavailable", reason: answer.reason };
  if (answer.kind === "no-answer") return { kind: "unavailable", reason: answer.lastError };
  if (answer.resultStatus === "U") return { kind: "unavailable", reason: answer.resultCode };
  if (answer.resultStatus === "F") return { kind: "refused", resultCode: answer.resultCode };
  return { kind: "succeeded", json: answer.json };
}

export interface AlipayPlusClient {
  /**
   * `body` as an object is serialised with JSON.stringify; a string is sent byte for byte (the
   * notifyPayment outbox stores the exact body it sends on every attempt).
   */
  call(api: OutboundApi, body: object | string, options?: CallOptions): Promise<CallResult>;
}

/**
 * `ALIPAYPLUS_ALLOWED_HOSTS` (comma-separated) or, when unset, the host of the base URL
 * (docs/protocol.md#notifications). Entries are `host` or `host:port` in URL.host form; anything
 * else (a scheme, a path) is a configuration error rather than something to guess at.
 */
export function parseAllowedHosts(value: string | undefined, baseUrl: string): string[] {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return [new URL(baseUrl).host];
  for (const entry of entries) {
    let host: string | undefined;
    try {
      host = new URL(`http://${entry}`).host;
    } catch {
      host = undefined;
    }
    if (host !== entry) {
      throw new Error(`ALIPAYPLUS_ALLOWED_HOSTS: "${entry}" is not a host or host:port`);
    }
  }
  return entries;
}

// Only `result` is read; everything else in the answer is the caller's (parse tolerantly,
// docs/protocol.md#envelope).
const ZAnswerResult = z.object({
  result: z.object({ resultStatus: z.enum(["S", "F", "U"]), resultCode: z.string().min(1) }),
});

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

type AttemptOutcome =
  | {
      answered: true;
      status: number;
      json: { [key: string]: JsonValue };
      resultStatus: ResultStatus;
      resultCode: string;
    }
  | { answered: false; status: number | undefined; error: string };

export function createAlipayPlusClient(options: AlipayPlusClientOptions): AlipayPlusClient {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const allowed = new Set(options.allowedHosts.map((host) => host.trim().toLowerCase()));
  const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
  const base = options.baseUrl.replace(/\/+$/, "");
  // Plain http only while Alipay+ itself is reached over http (the simulator in dev and tests): in
  // production a notifyPayment carries customer ids and amounts, and a paymentNotifyUrl must not
  // downgrade it.
  const httpAllowed = new URL(base).protocol === "http:";

  async function call(
    api: OutboundApi,
    body: object | string,
    callOptions: CallOptions = {},
  ): Promise<CallResult> {
    const target = resolveTarget(
      callOptions.url ?? `${base}${OUTBOUND_PATHS[api]}`,
      allowed,
      httpAllowed,
    );
    if (!target.ok) {
      // The host is no secret and says which paymentNotifyUrl was refused; the path may be.
      logEvent(
        "alipayplus.outbound_refused",
        { api, host: target.host, reason: target.reason },
        "warn",
      );
      return { kind: "refused", reason: target.reason };
    }
    const url = target.url;
    // The Request-URI Alipay+ sees: path and query, as docs/protocol.md#signatures decides for the
    // inbound side.
    const requestUri = `${url.pathname}${url.search}`;

    // Serialised and signed once: every attempt resends these exact bytes and headers.
    // #timeouts-and-retries asks a retry to be "the same request (same ids, same body)"; keeping
    // the first Request-Time and Signature too makes a retry indistinguishable from a duplicate
    // delivery, which is what the receiver's idempotency is built for (our own inbound side does
    // not check Request-Time against the clock either, #order-of-checks), and the whole retry
    // window is at most 3 × 8 s old.
    const bytes = Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
    const requestTime = formatAlipayTime(now());
    const headers = signedHeaders(
      "request",
      { method: "POST", requestUri, clientId: options.clientId, time: requestTime, body: bytes },
      options.mppPrivateKey,
    );

    let lastError = "";
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const started = performance.now();
      const outcome = await attemptOnce(url, requestUri, headers, bytes, timeouts[api]);
      const latencyMs = Math.round(performance.now() - started);
      // One line per attempt: no body, no headers (they hold customer ids, codes and signatures).
      logEvent(
        "alipayplus.outbound",
        {
          api,
          host: url.host,
          attempt,
          status: outcome.status ?? null,
          resultStatus: outcome.answered ? outcome.resultStatus : null,
          resultCode: outcome.answered ? outcome.resultCode : null,
          error: outcome.answered ? undefined : outcome.error,
          latencyMs,
        },
        outcome.answered ? "info" : "warn",
      );
      if (outcome.answered) {
        const { status, json, resultStatus, resultCode } = outcome;
        return {
          kind: "answered",
          status,
          json,
          resultStatus,
          resultCode,
          attempts: attempt,
        };
      }
      lastError = outcome.error;
      // No pause between attempts: a stall already waited out its timeout, and the
      // notifyPayment outbox spaces its own deliveries (docs/protocol.md#notifications).
    }
    return { kind: "no-answer", attempts: MAX_ATTEMPTS, lastError };
  }

  async function attemptOnce(
    url: URL,
    requestUri: string,
    headers: Record<string, string>,
    bytes: Buffer,
    timeoutMs: number,
  ): Promise<AttemptOutcome> {
    let status: number | undefined;
    try {
      const response = await fetchImpl(url, {
        method: "POST",
        headers,
        // A fresh copy per attempt: fetch may detach the buffer it is given.
        body: new Uint8Array(bytes),
        // The timeout covers the whole exchange, body included
        // (docs/protocol.md#timeouts-and-retries).
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect could lead off the allow list (docs/protocol.md#notifications): never follow
        // one. Unsigned, it is then no answer like any other.
        redirect: "manual",
      });
      status = response.status;
      const raw = new Uint8Array(await response.arrayBuffer());
      return readAnswer(response, raw, requestUri);
    } catch (error) {
      return { answered: false, status, error: describeFailure(error, timeoutMs) };
    }
  }

  function readAnswer(response: Response, raw: Uint8Array, requestUri: string): AttemptOutcome {
    const status = response.status;
    // Verify, then parse (README "How it works", Gateway). The signature covers the exact bytes; a
    // strict UTF-8 decode round-trips them exactly, and bytes that are not UTF-8 are no Alipay+
    // answer.
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return { answered: false, status, error: `HTTP ${status}: body is not UTF-8` };
    }
    // "A bad response signature is treated as no answer" (docs/protocol.md#signatures: who signs
    // what): a 5xx page from a proxy, a forged or corrupted answer, or one naming another Client-Id
    // are all retried.
    const signed = verifyResponseSignature(
      { method: "POST", requestUri, headers: response.headers, body: text },
      { clientId: options.clientId, publicKey: options.alipayPublicKey },
    );
    if (!signed) {
      return { answered: false, status, error: `HTTP ${status}: no valid response signature` };
    }
    const parsed = parseStrictJson(raw);
    const json = parsed.ok ? parsed.value : null;
    const result = ZAnswerResult.safeParse(json);
    if (!result.success || json === null || typeof json !== "object" || Array.isArray(json)) {
      // Signed but unusable: the caller cannot act on it, so it counts as no answer too.
      return { answered: false, status, error: `HTTP ${status}: signed answer without a result` };
    }
    const { resultStatus, resultCode } = result.data.result;
    return { answered: true, status, json, resultStatus, resultCode };
  }

  return { call };
}

/** The target if its host is allowed, over https unless http is (no request at all otherwise). */
function resolveTarget(
  href: string,
  allowed: ReadonlySet<string>,
  httpAllowed: boolean,
): { ok: true; url: URL } | { ok: false; reason: RefusalReason; host?: string } {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { ok: false, reason: "invalid url" };
  }
  // Credentials in the URL would be sent as Authorization: no Alipay+ endpoint uses them.
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
    return { ok: false, reason: "invalid url" };
  }
  if (url.protocol === "http:" && !httpAllowed) {
    return { ok: false, reason: "not https", host: url.host };
  }
  // URL.host drops the scheme's default port, so "host" allows only 443/80 and "host:port"
  // exactly that port.
  return allowed.has(url.host)
    ? { ok: true, url }
    : { ok: false, reason: "host not allowed", host: url.host };
}

/** Why an attempt failed, for logs and `lastError`: never a body or a header value. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const detail = typeof cause?.code === "string" ? cause.code : error.message;
    return `network error: ${detail.slice(0, 200)}`;
  }
  return "network error";
}

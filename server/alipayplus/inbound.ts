/**
 * Every Alipay+ → wallet call goes through here, in the order docs/protocol.md#order-of-checks
 * fixes: size, signature over the exact raw bytes (before any parsing), strict JSON, schema, then
 * the domain function inside its own transaction. Every answer is signed; the call is logged after
 * it is answered. A call whose signature did not verify is logged with the first
 * UNVERIFIED_BODY_BYTES of its body and the SHA-256 of all of it, within the limits of
 * ./unverified-calls.ts (README "Call log").
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Db } from "@/db";
import type { InboundCallRecord } from "../call-log/record-inbound-call";
import { ParamIllegalError } from "../errors";
import { logEvent } from "../log";
import { getMetrics } from "../metrics/metrics";
import { clientAddress } from "../auth/client-address";
import { applyToken } from "../auth-tokens/auth-tokens";
import { receiveRiskCase, ZRiskCaseRequest } from "../cases/risk-case-api";
import { cancelPayment } from "../payments/cancel";
import { inquirePayment } from "../payments/inquiry";
import { pay } from "../payments/pay";
import { refund } from "../refunds/refund";
import type { GatewayConfig } from "../runtime";
import { formatAlipayTime, resultOnlyBody } from "./answers";
import type { InboundCall } from "./inbound-call";
import { redactJson, redactText } from "./redact";
import { RESULT_CODES, type ResultCode } from "./result-codes";
import { signedHeaders, verifyRequestSignature } from "./signature";
import type { UnverifiedCallLimiter } from "./unverified-calls";
import { parseStrictJson, requestHash, type JsonValue } from "./strict-json";
import {
  describeIssue,
  ZApplyTokenRequest,
  ZPaymentReference,
  ZPayRequest,
  ZRefundRequest,
} from "./wire";
import { readLimitedBody } from "../http/read-limited-body";

export const MAX_BODY_BYTES = 1024 * 1024;
/** What the call log keeps of the body of a call whose signature did not verify. */
export const UNVERIFIED_BODY_BYTES = 4096;

/**
 * Alipay+ waits 8 s for pay, refund and cancel, 5 s for inquiry and applyToken
 * (docs/protocol.md#timeouts-and-retries). Per-statement timeouts cannot bound a transaction that
 * waits on several locks or for a pooled connection, so the whole call gets a deadline with a
 * margin; past it the answer is `U` (never stored). The transaction may still commit afterwards:
 * the retry or an inquiry then gets the stored outcome.
 */
const ANSWER_DEADLINE_MS: Record<InboundApiName, number> = {
  pay: 7000,
  refund: 7000,
  cancelPayment: 7000,
  inquiryPayment: 4500,
  applyToken: 4500,
  riskCases: 7000,
};

class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
}

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no outcome within ${ms} ms`)), ms);
  });
  // A late failure of the abandoned work must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

interface InboundApi<T> {
  schema: z.ZodType<T>;
  /** `gateway` carries the configuration a domain function needs (it never reads env). */
  handle: (db: Db, call: InboundCall<T>, gateway: GatewayConfig) => Promise<string>;
}

function api<T>(
  schema: z.ZodType<T>,
  handle: (db: Db, call: InboundCall<T>, gateway: GatewayConfig) => Promise<string>,
): InboundApi<unknown> {
  return { schema, handle } as InboundApi<unknown>;
}

export const INBOUND_APIS = {
  pay: api(ZPayRequest, (db, call, gateway) => pay(db, call, gateway.payments)),
  refund: api(ZRefundRequest, refund),
  cancelPayment: api(ZPaymentReference, (db, call) => cancelPayment(db, call.request)),
  inquiryPayment: api(ZPaymentReference, (db, call) => inquirePayment(db, call.request)),
  applyToken: api(ZApplyTokenRequest, (db, call, gateway) =>
    applyToken(db, call, gateway.autoDebit),
  ),
  /**
   * Not a payment API: Alipay+ raising a risk case (docs/protocol.md#risk-cases), signed and
   * answered the same way.
   */
  riskCases: api(ZRiskCaseRequest, receiveRiskCase),
};
export type InboundApiName = keyof typeof INBOUND_APIS;

type Verdict = InboundCallRecord["signatureVerdict"];

interface Outcome {
  body: string;
  httpStatus: number;
  verdict: Verdict;
  parsed?: JsonValue;
}

export interface InboundResult {
  response: Response;
  /** Writes the call log; run it after the response is sent (it never changes the answer). */
  recordCall: (record: (entry: InboundCallRecord) => Promise<void>) => Promise<void>;
}

export async function handleInbound(
  request: Request,
  apiName: InboundApiName,
  deps: {
    db: Db;
    gateway: GatewayConfig;
    unverifiedCalls: UnverifiedCallLimiter;
    /** TRUSTED_PROXY_HOPS: which address is the caller's (server/auth/client-address.ts). */
    trustedProxyHops: number;
  },
): Promise<InboundResult> {
  const receivedAt = new Date();
  const started = performance.now();
  const url = new URL(request.url);
  const requestUri = `${deps.gateway.publicBasePath}${url.pathname}${url.search}`;
  const body = await readLimitedBody(request, MAX_BODY_BYTES);

  const outcome =
    body === "too-large" ? tooLarge() : await answer(body, request, requestUri, apiName, deps);
  // Asked only once the verdict is known: a valid call never meets the limiter. The source is
  // the client address the sign-in throttle counts: not an X-Forwarded-For a caller wrote.
  const limited =
    outcome.verdict !== "VALID" &&
    !deps.unverifiedCalls.admit(clientAddress(request.headers, deps.trustedProxyHops));
  const response = new Response(outcome.body, {
    status: limited ? 429 : outcome.httpStatus,
    headers: {
      ...signedHeaders(
        "answer",
        {
          method: request.method,
          requestUri,
          clientId: deps.gateway.clientId,
          body: outcome.body,
          time: formatAlipayTime(new Date()),
        },
        deps.gateway.mppPrivateKey,
      ),
      ...(limited && { "Retry-After": "60" }),
    },
  });
  const resultOf = readResult(outcome.body);
  countCall(apiName, resultOf, performance.now() - started);
  // Over the limit: answered, but neither logged nor recorded (the limiter logs a summary).
  if (limited) return { response, recordCall: () => Promise.resolve() };

  const latencyMs = Math.round(performance.now() - started);
  const ids = readIds(outcome.parsed);
  logEvent("alipayplus.inbound", {
    api: apiName,
    ...ids,
    httpStatus: outcome.httpStatus,
    resultStatus: resultOf.resultStatus,
    resultCode: resultOf.resultCode,
    signature: outcome.verdict,
    requestTimeSkewMs: skewMs(request.headers.get("request-time"), receivedAt),
    latencyMs,
  });

  return {
    response,
    recordCall: async (record) => {
      try {
        await record({
          receivedAt,
          method: request.method,
          path: requestUri,
          headers: storedHeaders(request.headers),
          ...storedBody(body, outcome.verdict),
          signatureVerdict: outcome.verdict,
          httpStatus: outcome.httpStatus,
          resultStatus: resultOf.resultStatus ?? null,
          resultCode: resultOf.resultCode ?? null,
          // applyToken answers carry the tokens themselves: stored redacted like requests.
          responseBody: redactText(outcome.body),
          latencyMs,
          ...ids,
        });
      } catch (error) {
        logEvent(
          "alipayplus.call_log_failed",
          { api: apiName, error: describeError(error) },
          "error",
        );
      }
    },
  };
}

async function answer(
  body: Uint8Array,
  request: Request,
  requestUri: string,
  apiName: InboundApiName,
  deps: { db: Db; gateway: GatewayConfig },
): Promise<Outcome> {
  const verdict = verifyRequestSignature(
    {
      method: request.method,
      requestUri,
      header: (name) => request.headers.get(name),
      body: Buffer.from(body),
    },
    { clientId: deps.gateway.clientId, publicKey: deps.gateway.alipayPublicKey },
  );
  if (verdict !== "VALID") {
    return { body: resultOnlyBody("INVALID_SIGNATURE"), httpStatus: 401, verdict };
  }
  if (apiName === "applyToken") {
    const stale = staleRequestTime(
      request.headers.get("request-time"),
      deps.gateway.autoDebit.requestTimeWindowMs,
    );
    if (stale) return paramIllegal(stale, verdict);
  }
  const json = parseStrictJson(body);
  if (!json.ok) return paramIllegal(json.reason, verdict);
  if (json.value === null || typeof json.value !== "object" || Array.isArray(json.value)) {
    return paramIllegal("body must be a JSON object", verdict, json.value);
  }
  const apiDef = INBOUND_APIS[apiName];
  const parsed = apiDef.schema.safeParse(json.value);
  if (!parsed.success) {
    return paramIllegal(describeIssue(parsed.error, json.value), verdict, json.value);
  }

  try {
    const handled = apiDef.handle(
      deps.db,
      {
        request: parsed.data,
        redacted: redactJson(json.value),
        requestHash: requestHash(json.value),
        receivedAt: new Date(),
      },
      deps.gateway,
    );
    const answerBody = await withinDeadline(handled, ANSWER_DEADLINE_MS[apiName]);
    return { body: answerBody, httpStatus: 200, verdict, parsed: json.value };
  } catch (error) {
    if (error instanceof ParamIllegalError) return paramIllegal(error.message, verdict, json.value);
    // Unknown (database down, timeout, bug): never a success that was not committed.
    logEvent(
      "alipayplus.unknown_exception",
      { api: apiName, error: describeError(error) },
      "error",
    );
    return {
      body: resultOnlyBody("UNKNOWN_EXCEPTION"),
      httpStatus: 200,
      verdict,
      parsed: json.value,
    };
  }
}

function paramIllegal(message: string, verdict: Verdict, parsed?: JsonValue): Outcome {
  return { body: resultOnlyBody("PARAM_ILLEGAL", message), httpStatus: 200, verdict, parsed };
}

function tooLarge(): Outcome {
  return {
    body: resultOnlyBody("PARAM_ILLEGAL", `body exceeds ${MAX_BODY_BYTES} bytes`),
    httpStatus: 413,
    verdict: "NOT_CHECKED",
  };
}

function readResult(body: string): { resultStatus?: string; resultCode?: ResultCode } {
  const parsed = JSON.parse(body) as {
    result?: { resultStatus?: string; resultCode?: ResultCode };
  };
  const code = parsed.result?.resultCode;
  return {
    resultStatus: parsed.result?.resultStatus,
    resultCode: code && code in RESULT_CODES ? code : undefined,
  };
}

/** Every answered call, over the limit too; the code only when it is one of RESULT_CODES. */
function countCall(
  api: InboundApiName,
  { resultStatus, resultCode }: { resultStatus?: string; resultCode?: ResultCode },
  elapsedMs: number,
): void {
  const labels = {
    api,
    result_status:
      resultStatus === "S" || resultStatus === "F" || resultStatus === "U" ? resultStatus : "NONE",
    result_code: resultCode ?? "NONE",
  };
  const metrics = getMetrics();
  metrics.alipayplusRequests.inc(labels);
  metrics.alipayplusDuration.observe(labels, elapsedMs / 1000);
}

function readIds(parsed: JsonValue | undefined): {
  paymentRequestId: string | null;
  refundRequestId: string | null;
} {
  const fields = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  const text = (v: JsonValue | undefined) => (typeof v === "string" ? v.slice(0, 64) : null);
  return {
    paymentRequestId: text(fields.paymentRequestId),
    refundRequestId: text(fields.refundRequestId),
  };
}

/**
 * The body as the call log keeps it: redacted, then (signature not verified) cut to its first
 * UNVERIFIED_BODY_BYTES, beside the SHA-256 of the exact bytes received.
 */
function storedBody(
  body: Uint8Array | "too-large",
  verdict: Verdict,
): Pick<InboundCallRecord, "rawBody" | "bodyBytes" | "bodySha256"> {
  if (body === "too-large") return { rawBody: "", bodyBytes: null, bodySha256: null };
  // Postgres text cannot hold NUL: a body that carries one is stored with U+FFFD instead.
  const text = redactText(Buffer.from(body).toString("utf8")).replaceAll("\u0000", "\uFFFD");
  if (verdict === "VALID") return { rawBody: text, bodyBytes: body.byteLength, bodySha256: null };
  return {
    rawBody: utf8Prefix(text, UNVERIFIED_BODY_BYTES),
    bodyBytes: body.byteLength,
    bodySha256: createHash("sha256").update(body).digest("hex"),
  };
}

/** The longest start of `text` within `maxBytes` of UTF-8 that does not split a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // a continuation byte: back up
  return bytes.subarray(0, end).toString("utf8");
}

const UNSTORED_HEADERS = new Set(["authorization", "cookie"]);

function storedHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers.entries()].filter(([name]) => !UNSTORED_HEADERS.has(name)));
}

/**
 * Why applyToken's Request-Time (signed with the request) is refused, or null. Its answer hands
 * out bearer tokens, so a captured request must stop working: outside the window it is
 * PARAM_ILLEGAL naming the header (the signature itself verified; nothing is parsed or looked up).
 * The payment APIs are not checked (README "Replays"): Alipay+ retries them with the original
 * time, and their idempotency makes a replay harmless; their skew is only logged.
 */
function staleRequestTime(requestTime: string | null, windowMs: number): string | null {
  const skew = skewMs(requestTime, new Date());
  if (skew === null) return "Request-Time: must be an ISO 8601 date-time with an offset";
  if (Math.abs(skew) <= windowMs) return null;
  return `Request-Time: must be within ${windowMs / 1000} s of the wallet's clock`;
}

/** How far Request-Time is behind the receipt (negative: ahead), or null when unreadable. */
function skewMs(requestTime: string | null, receivedAt: Date): number | null {
  if (!requestTime) return null;
  const millis = /^\d+$/.test(requestTime) ? Number(requestTime) : Date.parse(requestTime);
  return Number.isFinite(millis) ? receivedAt.getTime() - millis : null;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.name}: ${error.message.slice(0, 200)}${cause.slice(0, 200)}`;
  }
  return String(error).slice(0, 200);
}

/**
 * The simulated Alipay+ server (dev and test only): answers the wallet → Alipay+ calls
 * (docs/protocol.md#which-way-each-api-goes) as Alipay+ would. Each request must carry the wallet's
 * Client-Id and a signature that verifies with the wallet's (MPP) public key over the exact raw
 * body and path (docs/protocol.md#signatures), else 401 INVALID_SIGNATURE; every answer is signed
 * with the simulator's private key.
 *
 * Served (HANDLERS): getPaymentCode, notifyPayment, and userInitiatedPay (./user-initiated-pay.ts);
 * beside them, unsigned, the merchants' own web pages under /merchant/ (./merchant-pages.ts).
 *
 * Dev/test control API (unsigned JSON, never part of Alipay+; see SimulatorControl below):
 *   GET    /_sim/received?api=getPaymentCode&customerId=C-1   requests received, oldest first,
 *          filtered by API and by any top-level body fields given (string equality)
 *   GET    /_sim/notifications?paymentRequestId=X             the notifyPayment requests among them
 *   GET    /_sim/merchant-orders/<paymentRequestId>           {pay}: the pay Alipay+ will send for
 *          an order placed on an entry code's merchant page
 *   POST   /_sim/rules {api, match: {field: value, …}, behaviour, times?, resultCode?} → 201 {id}
 *   GET    /_sim/rules, DELETE /_sim/rules/<id>
 * A rule changes how the next `times` (default 1) requests of `api` whose body has every `match`
 * field answer: "fail" (F, resultCode default PROCESS_FAIL), "unknown" (U, UNKNOWN_EXCEPTION),
 * "stall" (no answer until the caller gives up) or "bad-signature" (the normal answer, with a
 * signature that does not verify). `match` is required: parallel test files share one simulator,
 * and each scopes its rules to its own ids.
 */
import { randomInt, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { formatAlipayTime } from "../alipayplus/answers";
import { OUTBOUND_PATHS, type OutboundApi } from "../alipayplus/client";
import { signedHeaders, verifyRequestSignature } from "../alipayplus/signature";
import { MerchantPages } from "./merchant-pages";
import { userInitiatedPay, type ScannedCodes } from "./user-initiated-pay";

export interface AlipayPlusSimulatorOptions {
  /** The wallet's client id: expected on requests, sent on answers. */
  clientId: string;
  /** Verifies the wallet's requests. */
  mppPublicKey: KeyObject;
  /** Signs the answers. */
  simulatorPrivateKey: KeyObject;
  now?: () => Date;
}

export interface RunningAlipayPlusSimulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

type SimResult = { resultStatus: "S" | "F" | "U"; resultCode: string; resultMessage: string };
type Answer = { status: number; body: { result: SimResult; [key: string]: unknown } };
/** Per simulator instance: what the handlers remember between requests. */
interface SimulatorState {
  /** notifyPayment: the first consistent notification per paymentRequestId. */
  notified: Map<string, string>;
  /** userInitiatedPay: the answer per scanned code. */
  scanned: ScannedCodes;
  /** The merchants' pages and the orders placed on entry pages. */
  merchantPages: MerchantPages;
}
type Handler = (
  body: Record<string, unknown>,
  now: Date,
  state: SimulatorState,
) => Answer | Promise<Answer>;

const CODE_VALIDITY_MS = 60_000;
const MAX_BODY_BYTES = 1024 * 1024;
/** Bounds on what a long-running dev simulator remembers. */
const MAX_RECEIVED = 10_000;
const MAX_NOTIFIED = 100_000;

const HANDLERS: Record<string, Handler> = {
  [OUTBOUND_PATHS.getPaymentCode]: getPaymentCode,
  [OUTBOUND_PATHS.notifyPayment]: notifyPayment,
  [OUTBOUND_PATHS.userInitiatedPay]: (body, now, state) =>
    userInitiatedPay(body, now, state.scanned, state.merchantPages),
};

/** docs/protocol.md#getpaymentcode: `codeQuantity` codes (1–10, default 1), each valid 1 minute. */
function getPaymentCode(body: Record<string, unknown>, now: Date): Answer {
  const { customerId, codeQuantity = "1", env } = body;
  if (typeof customerId !== "string" || customerId === "") {
    return paramIllegal("customerId is required");
  }
  const deviceTokenId = (env as { deviceTokenId?: unknown } | null | undefined)?.deviceTokenId;
  if (typeof deviceTokenId !== "string" || deviceTokenId === "") {
    return paramIllegal("env.deviceTokenId is required");
  }
  const quantity = Number(codeQuantity);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10) {
    return paramIllegal("codeQuantity must be 1–10");
  }
  const start = formatAlipayTime(now);
  const expiry = formatAlipayTime(new Date(now.getTime() + CODE_VALIDITY_MS));
  const paymentCodeInfoList = Array.from({ length: quantity }, () => ({
    paymentCode: newPaymentCode(),
    codeValidityStartTime: start,
    codeExpiryTime: expiry,
  }));
  return { status: 200, body: { result: ok(), paymentCodeInfoList } };
}

/**
 * docs/protocol.md#notifypayment: `paymentResult` (S or F, never U) and `paymentRequestId`
 * required. Alipay+ dedupes on paymentRequestId and checks repeats are consistent: a repeat with
 * another paymentResult or paymentId is F REPEAT_REQ_INCONSISTENT; a consistent repeat is S again.
 */
function notifyPayment(body: Record<string, unknown>, _now: Date, state: SimulatorState): Answer {
  const { paymentResult, paymentRequestId, paymentId } = body;
  if (typeof paymentRequestId !== "string" || paymentRequestId === "") {
    return paramIllegal("paymentRequestId is required");
  }
  if (paymentResult === null || typeof paymentResult !== "object" || Array.isArray(paymentResult)) {
    return paramIllegal("paymentResult is required");
  }
  const { resultStatus, resultCode } = paymentResult as Record<string, unknown>;
  if (resultStatus !== "S" && resultStatus !== "F") {
    return paramIllegal("paymentResult.resultStatus must be S or F");
  }
  if (typeof resultCode !== "string" || resultCode === "") {
    return paramIllegal("paymentResult.resultCode is required");
  }
  for (const field of ["paymentId", "paymentTime", "customerId"]) {
    if (body[field] != null && typeof body[field] !== "string") {
      return paramIllegal(`${field} must be a string`);
    }
  }
  for (const field of ["paymentAmount", "payToAmount"]) {
    const amount = body[field] as { currency?: unknown; value?: unknown } | null | undefined;
    if (
      amount != null &&
      (typeof amount.currency !== "string" || typeof amount.value !== "string")
    ) {
      return paramIllegal(`${field} must be {currency, value} strings`);
    }
  }
  const fingerprint = JSON.stringify([resultStatus, resultCode, paymentId ?? null]);
  const first = state.notified.get(paymentRequestId);
  if (first !== undefined && first !== fingerprint) {
    return {
      status: 200,
      body: {
        result: {
          resultStatus: "F",
          resultCode: "REPEAT_REQ_INCONSISTENT",
          resultMessage: "a different result was notified for this paymentRequestId",
        },
      },
    };
  }
  if (first === undefined) {
    state.notified.set(paymentRequestId, fingerprint);
    if (state.notified.size > MAX_NOTIFIED) {
      state.notified.delete(state.notified.keys().next().value!);
    }
  }
  return { status: 200, body: { result: ok() } };
}

/** 18 digits starting with 28, the shape of the examples' UPM codes. */
function newPaymentCode(): string {
  let digits = "28";
  while (digits.length < 18) digits += String(randomInt(10));
  return digits;
}

function ok(): SimResult {
  return { resultStatus: "S", resultCode: "SUCCESS", resultMessage: "success" };
}

function paramIllegal(message: string): Answer {
  return {
    status: 200,
    body: { result: { resultStatus: "F", resultCode: "PARAM_ILLEGAL", resultMessage: message } },
  };
}

// ---------------------------------------------------------------------------------------------
// Dev/test control: recorded requests and behaviour rules.

export const SIMULATED_APIS = Object.keys(OUTBOUND_PATHS) as OutboundApi[];
export const RULE_BEHAVIOURS = ["fail", "unknown", "stall", "bad-signature"] as const;
export type RuleBehaviour = (typeof RULE_BEHAVIOURS)[number];

export interface SimulatorRule {
  id: string;
  api: OutboundApi;
  /** Top-level body fields the request must carry, with exactly these string values. */
  match: Record<string, string>;
  behaviour: RuleBehaviour;
  /** Requests still to be affected; the rule is dropped at 0. */
  remaining: number;
  resultCode?: string;
}

export interface ReceivedRequest {
  seq: number;
  api: OutboundApi;
  /** Path and query as requested (the Request-URI the signature covers). */
  requestUri: string;
  requestTime: string | null;
  receivedAt: string;
  signatureValid: boolean;
  /** The body exactly as received. */
  body: string;
  /** A rule's behaviour that applied, if any. */
  behaviour: RuleBehaviour | null;
  /** What was answered; null while stalled (and for good when the caller gave up). */
  answer: { status: number; resultStatus: string; resultCode: string } | null;
}

const ZRule = z.object({
  api: z.enum(SIMULATED_APIS as [OutboundApi, ...OutboundApi[]]),
  match: z
    .record(z.string(), z.string())
    .refine((match) => Object.keys(match).length > 0, "match must name at least one field"),
  behaviour: z.enum(RULE_BEHAVIOURS),
  times: z.int().min(1).max(1000).default(1),
  resultCode: z.string().min(1).max(64).optional(),
});

class SimulatorControl {
  constructor(private readonly merchantPages: MerchantPages) {}

  private readonly received: ReceivedRequest[] = [];
  private readonly rules: SimulatorRule[] = [];
  private seq = 0;
  private ruleSeq = 0;

  record(entry: Omit<ReceivedRequest, "seq">): ReceivedRequest {
    const recorded = { seq: ++this.seq, ...entry };
    this.received.push(recorded);
    if (this.received.length > MAX_RECEIVED) this.received.shift();
    return recorded;
  }

  /** The first rule for `api` matching `body`, used up by one request. */
  take(api: OutboundApi, body: Record<string, unknown>): SimulatorRule | undefined {
    const index = this.rules.findIndex(
      (rule) =>
        rule.api === api &&
        Object.entries(rule.match).every(([field, value]) => body[field] === value),
    );
    const rule = this.rules[index];
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.rules.splice(index, 1);
    return rule;
  }

  async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://simulator");
    const reply = (status: number, json?: unknown) => {
      if (json === undefined) {
        response.writeHead(status).end();
        return;
      }
      response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(json));
    };
    const filters = [...url.searchParams].filter(([name]) => name !== "api");
    const matches = (entry: ReceivedRequest, api: string | null) => {
      if (api !== null && entry.api !== api) return false;
      if (filters.length === 0) return true;
      const body = parseObject(entry.body);
      return body !== null && filters.every(([field, value]) => body[field] === value);
    };

    if (request.method === "GET" && url.pathname === "/_sim/received") {
      const api = url.searchParams.get("api");
      return reply(200, { received: this.received.filter((e) => matches(e, api)) });
    }
    if (request.method === "GET" && url.pathname === "/_sim/notifications") {
      return reply(200, {
        notifications: this.received.filter((e) => matches(e, "notifyPayment")),
      });
    }
    const ordered = /^\/_sim\/merchant-orders\/([^/]+)$/.exec(url.pathname)?.[1];
    if (request.method === "GET" && ordered !== undefined) {
      const pay = this.merchantPages.plannedPay(ordered);
      return pay ? reply(200, { pay }) : reply(404, { error: `no order ${ordered}` });
    }
    if (request.method === "GET" && url.pathname === "/_sim/rules") {
      return reply(200, { rules: this.rules });
    }
    if (request.method === "POST" && url.pathname === "/_sim/rules") {
      const raw = await readBody(request);
      const parsed = ZRule.safeParse(raw === null ? null : parseObject(raw.toString("utf8")));
      if (!parsed.success) {
        return reply(400, { error: parsed.error.issues.map((i) => i.message).join("; ") });
      }
      const { times, ...rule } = parsed.data;
      const id = `rule-${++this.ruleSeq}`;
      this.rules.push({ id, remaining: times, ...rule });
      return reply(201, { id });
    }
    const ruleId = /^\/_sim\/rules\/([^/]+)$/.exec(url.pathname)?.[1];
    if (request.method === "DELETE" && ruleId !== undefined) {
      const index = this.rules.findIndex((rule) => rule.id === ruleId);
      if (index >= 0) this.rules.splice(index, 1);
      return reply(index >= 0 ? 204 : 404);
    }
    reply(404, { error: `no such control endpoint: ${request.method} ${url.pathname}` });
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const API_OF_PATH = new Map(
  Object.entries(OUTBOUND_PATHS).map(([api, path]) => [path, api as OutboundApi]),
);

export function startAlipayPlusSimulator(
  options: AlipayPlusSimulatorOptions & { port?: number; host?: string },
): Promise<RunningAlipayPlusSimulator> {
  const now = options.now ?? (() => new Date());
  const merchantPages = new MerchantPages();
  const state: SimulatorState = { notified: new Map(), scanned: new Map(), merchantPages };
  const control = new SimulatorControl(merchantPages);
  const server = http.createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const requestUri = request.url ?? "/";
    if (requestUri.startsWith("/_sim/")) return control.serve(request, response);
    if (requestUri.startsWith("/merchant/") && (await merchantPages.serve(request, response))) {
      return;
    }
    // Set once the request is known to be for an API; what is answered is added to it.
    let recorded: ReceivedRequest | undefined = undefined;
    const send = (answer: Answer, signature: "valid" | "bad" = "valid") => {
      const text = JSON.stringify(answer.body);
      if (recorded) {
        const { resultStatus, resultCode } = answer.body.result;
        recorded.answer = { status: answer.status, resultStatus, resultCode };
      }
      response.writeHead(
        answer.status,
        signedHeaders(
          "answer",
          {
            method: request.method ?? "POST",
            requestUri,
            clientId: options.clientId,
            // A bad signature: made with the right key over other bytes, so it never verifies.
            body: signature === "valid" ? text : `${text} `,
            time: formatAlipayTime(now()),
          },
          options.simulatorPrivateKey,
        ),
      );
      response.end(text);
    };
    const failure = (status: number, resultCode: string, resultMessage: string): Answer => ({
      status,
      body: { result: { resultStatus: "F", resultCode, resultMessage } },
    });

    const raw = await readBody(request);
    if (raw === null) return send(failure(413, "PARAM_ILLEGAL", "body too large"));
    // Routed on the path; the signature covers the whole Request-URI, query included.
    const path = new URL(requestUri, "http://simulator").pathname;
    const handler = request.method === "POST" ? HANDLERS[path] : undefined;
    const api = API_OF_PATH.get(path);
    if (!handler || !api) return send(failure(404, "NOT_FOUND", `no such API: ${requestUri}`));
    const verdict = verifyRequestSignature(
      { method: "POST", requestUri, header: (name) => headerText(request, name), body: raw },
      { clientId: options.clientId, publicKey: options.mppPublicKey },
    );
    recorded = control.record({
      api,
      requestUri,
      requestTime: headerText(request, "request-time") ?? null,
      receivedAt: new Date().toISOString(),
      signatureValid: verdict === "VALID",
      body: raw.toString("utf8"),
      behaviour: null,
      answer: null,
    });
    if (verdict !== "VALID") {
      return send(failure(401, "INVALID_SIGNATURE", "the signature is invalid"));
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return send(paramIllegal("body must be JSON"));
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return send(paramIllegal("body must be a JSON object"));
    }
    const fields = body as Record<string, unknown>;
    const rule = control.take(api, fields);
    recorded.behaviour = rule?.behaviour ?? null;
    switch (rule?.behaviour) {
      case undefined:
        return send(await handler(fields, now(), state));
      case "fail":
        return send(failure(200, rule.resultCode ?? "PROCESS_FAIL", "simulated failure"));
      case "unknown":
        return send({
          status: 200,
          body: {
            result: {
              resultStatus: "U",
              resultCode: rule.resultCode ?? "UNKNOWN_EXCEPTION",
              resultMessage: "simulated unknown outcome",
            },
          },
        });
      case "stall":
        // No answer: the caller's timeout ends the exchange (or stop() does).
        return new Promise<void>((resolve) => response.once("close", resolve));
      case "bad-signature":
        return send(await handler(fields, now(), state), "bad");
    }
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host ?? "127.0.0.1";
      merchantPages.baseUrl = `http://${host}:${port}`;
      resolve({
        url: merchantPages.baseUrl,
        port,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function headerText(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.once("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    request.once("error", reject);
  });
}

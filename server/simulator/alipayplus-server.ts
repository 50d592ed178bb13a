/**
 * The simulated Alipay+ server (dev and test only): answers the wallet → Alipay+ calls (API.md §2)
 * as Alipay+ would. Each request must carry the wallet's Client-Id and a signature that verifies
 * with the wallet's (MPP) public key over the exact raw body and path (§1), else 401
 * INVALID_SIGNATURE; every answer is signed with the simulator's private key.
 *
 * Served today: getPaymentCode. userInitiatedPay and notifyPayment join HANDLERS (issue 4).
 */
import { randomInt, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { formatAlipayTime } from "../alipayplus/answers";
import { OUTBOUND_PATHS } from "../alipayplus/client";
import { signedHeaders, verifyRequestSignature } from "../alipayplus/signature";

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
type Handler = (body: Record<string, unknown>, now: Date) => Answer;

const CODE_VALIDITY_MS = 60_000;
const MAX_BODY_BYTES = 1024 * 1024;

const HANDLERS: Record<string, Handler> = {
  [OUTBOUND_PATHS.getPaymentCode]: getPaymentCode,
};

/** API.md §3 getPaymentCode: `codeQuantity` codes (1–10, default 1), each valid 1 minute. */
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

export function startAlipayPlusSimulator(
  options: AlipayPlusSimulatorOptions & { port?: number; host?: string },
): Promise<RunningAlipayPlusSimulator> {
  const now = options.now ?? (() => new Date());
  const server = http.createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const requestUri = request.url ?? "/";
    const send = (answer: Answer) => {
      const text = JSON.stringify(answer.body);
      response.writeHead(
        answer.status,
        signedHeaders(
          "answer",
          {
            method: request.method ?? "POST",
            requestUri,
            clientId: options.clientId,
            body: text,
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
    const handler = request.method === "POST" ? HANDLERS[requestUri] : undefined;
    if (!handler) return send(failure(404, "NOT_FOUND", `no such API: ${requestUri}`));
    const verdict = verifyRequestSignature(
      { method: "POST", requestUri, header: (name) => headerText(request, name), body: raw },
      { clientId: options.clientId, publicKey: options.mppPublicKey },
    );
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
    send(handler(body as Record<string, unknown>, now()));
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host ?? "127.0.0.1";
      resolve({
        url: `http://${host}:${port}`,
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

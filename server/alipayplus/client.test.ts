/**
 * The outbound client against real HTTP servers on 127.0.0.1 that play Alipay+ with their own key
 * pair: signatures both ways, timeouts, retries with identical bytes, the allow list.
 */
import type { KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { formatAlipayTime } from "./answers";
import {
  createAlipayPlusClient,
  DEFAULT_TIMEOUTS_MS,
  MAX_ATTEMPTS,
  OUTBOUND_PATHS,
  parseAllowedHosts,
  type AlipayPlusClientOptions,
  type CallResult,
  type OutboundApi,
} from "./client";
import { generateRsaKeyPair, parsePrivateKey, parsePublicKey } from "./keys";
import {
  contentToSign,
  formatSignatureHeader,
  parseSignatureHeader,
  sign,
  verify,
} from "./signature";

const CLIENT_ID = "TEST_5X00000000000000";
/** Short enough to keep the suite fast, long enough for a loaded machine to answer a request. */
const TEST_TIMEOUT_MS = 150;
const NOW = new Date("2026-11-26T03:00:01.234Z");

function loadPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  const pair = generateRsaKeyPair();
  return {
    privateKey: parsePrivateKey(pair.privateKeyPem),
    publicKey: parsePublicKey(pair.publicKeyBase64),
  };
}

// Module level, not beforeAll: the case table below refers to them while it is built.
const alipay = loadPair();
const mpp = loadPair();
const stranger = loadPair().privateKey;

// ---------------------------------------------------------------------------------------------
// A local Alipay+: each request is recorded, then answered by the step for its attempt number
// (the last step repeats).

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
type Step = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface FakeAlipay {
  origin: string;
  host: string;
  received: Received[];
}

const servers: http.Server[] = [];

async function startAlipay(steps: Step[]): Promise<FakeAlipay> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const step = steps[Math.min(received.length, steps.length) - 1];
      step?.(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, received };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections(); // stalled requests would otherwise hold close() open
    await new Promise((resolve) => server.close(resolve));
  }
});

function result(resultStatus: "S" | "F" | "U", resultCode: string) {
  return { result: { resultStatus, resultCode, resultMessage: resultCode.toLowerCase() } };
}

interface AnswerOptions {
  status?: number;
  clientId?: string;
  key?: KeyObject;
  /** Sign over this Request-URI instead of the one requested. */
  signedUri?: string;
  /** Change the body after signing. */
  tamper?: boolean;
  /** Send no Signature header. */
  unsigned?: boolean;
}

/**
 * Answers as Alipay+ does (docs/protocol.md#signatures): Client-Id, Response-Time, Signature over
 * the body.
 */
function answer(json: unknown, options: AnswerOptions = {}): Step {
  return (req, res) => {
    const body = typeof json === "string" ? json : JSON.stringify(json);
    const clientId = options.clientId ?? CLIENT_ID;
    const time = formatAlipayTime(new Date());
    const signature = sign(
      contentToSign({
        method: "POST",
        requestUri: options.signedUri ?? req.url ?? "",
        clientId,
        time,
        body,
      }),
      options.key ?? alipay.privateKey,
    );
    res.writeHead(options.status ?? 200, {
      "Content-Type": "application/json; charset=UTF-8",
      "Client-Id": clientId,
      "Response-Time": time,
      ...(options.unsigned ? {} : { Signature: formatSignatureHeader(signature) }),
    });
    res.end(options.tamper ? body.replace('"S"', '"F"') : body);
  };
}

const ok = answer(result("S", "SUCCESS"));
const badSignature = answer(result("S", "SUCCESS"), { tamper: true });
/** Never answers: the client's timeout fires first. */
const stall: Step = () => undefined;
const htmlError: Step = (_req, res) => {
  res.writeHead(500, { "Content-Type": "text/html" });
  res.end("<html><body>502 Bad Gateway</body></html>");
};

// ---------------------------------------------------------------------------------------------

function makeClient(target: FakeAlipay, overrides: Partial<AlipayPlusClientOptions> = {}) {
  return createAlipayPlusClient({
    baseUrl: target.origin,
    allowedHosts: [target.host],
    clientId: CLIENT_ID,
    mppPrivateKey: mpp.privateKey,
    alipayPublicKey: alipay.publicKey,
    now: () => NOW,
    timeoutsMs: {
      userInitiatedPay: TEST_TIMEOUT_MS,
      getPaymentCode: TEST_TIMEOUT_MS,
      notifyPayment: TEST_TIMEOUT_MS,
    },
    ...overrides,
  });
}

/** Checks a received request as Alipay+ would: MPP key, exact raw bytes, the path it was sent to. */
function requestVerifies(request: Received): boolean {
  const clientId = request.headers["client-id"];
  const time = request.headers["request-time"];
  const parsed = parseSignatureHeader(String(request.headers.signature ?? ""));
  if (typeof clientId !== "string" || typeof time !== "string" || !parsed) return false;
  const content = contentToSign({
    method: "POST",
    requestUri: request.url,
    clientId,
    time,
    body: request.body,
  });
  return verify(content, parsed.signature, mpp.publicKey);
}

const notifyBody = {
  paymentRequestId: "PR-2026112600000001",
  paymentId: "P2026112600000000000000001",
  paymentResult: { resultStatus: "S", resultCode: "SUCCESS", resultMessage: "success" },
  paymentTime: "2026-11-26T03:00:01+00:00",
  paymentAmount: { currency: "JPY", value: "1000" },
  payToAmount: { currency: "KRW", value: "9000" },
  customerId: "C-000042",
};

let logSpy: MockInstance<typeof console.log>;
let errorSpy: MockInstance<typeof console.error>;
beforeEach(() => {
  logSpy = vi.spyOn(console, "log").mockImplementation(() => undefined);
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

// ---------------------------------------------------------------------------------------------

describe("createAlipayPlusClient: answers, retries, no answer", () => {
  const cases: {
    name: string;
    api: OutboundApi;
    steps: Step[];
    expected: Partial<CallResult> & { kind: CallResult["kind"] };
    requests: number;
    lastError?: RegExp;
  }[] = [
    {
      name: "answered S",
      api: "getPaymentCode",
      steps: [answer({ ...result("S", "SUCCESS"), paymentCodeInfoList: [] })],
      expected: {
        kind: "answered",
        status: 200,
        resultStatus: "S",
        resultCode: "SUCCESS",
        attempts: 1,
      },
      requests: 1,
    },
    {
      name: "answered F with a code: final, no retry",
      api: "userInitiatedPay",
      steps: [answer(result("F", "REPEAT_REQ_INCONSISTENT"))],
      expected: {
        kind: "answered",
        resultStatus: "F",
        resultCode: "REPEAT_REQ_INCONSISTENT",
        attempts: 1,
      },
      requests: 1,
    },
    {
      name: "U is returned as U, no retry: the caller decides",
      api: "userInitiatedPay",
      steps: [answer(result("U", "UNKNOWN_EXCEPTION"))],
      expected: {
        kind: "answered",
        resultStatus: "U",
        resultCode: "UNKNOWN_EXCEPTION",
        attempts: 1,
      },
      requests: 1,
    },
    {
      name: "a signed 500 is an answer",
      api: "notifyPayment",
      steps: [answer(result("U", "UNKNOWN_EXCEPTION"), { status: 500 })],
      expected: { kind: "answered", status: 500, resultStatus: "U", attempts: 1 },
      requests: 1,
    },
    {
      name: "stalls past the timeout twice, answers on the 3rd attempt",
      api: "notifyPayment",
      steps: [stall, stall, ok],
      expected: { kind: "answered", resultStatus: "S", attempts: 3 },
      requests: 3,
    },
    {
      name: "always times out: no answer after exactly 3 attempts",
      api: "userInitiatedPay",
      steps: [stall],
      expected: { kind: "no-answer", attempts: 3 },
      requests: 3,
      lastError: /timed out after 150 ms/,
    },
    {
      name: "bad response signature ×3: no answer",
      api: "getPaymentCode",
      steps: [badSignature],
      expected: { kind: "no-answer", attempts: 3 },
      requests: 3,
      lastError: /no valid response signature/,
    },
    {
      name: "bad signature, then good: answered on attempt 2",
      api: "getPaymentCode",
      steps: [badSignature, ok],
      expected: { kind: "answered", resultStatus: "S", attempts: 2 },
      requests: 2,
    },
    {
      name: "500 HTML, then good: answered on attempt 2",
      api: "notifyPayment",
      steps: [htmlError, ok],
      expected: { kind: "answered", status: 200, resultStatus: "S", attempts: 2 },
      requests: 2,
    },
    {
      name: "an answer naming another Client-Id is no answer",
      api: "notifyPayment",
      steps: [answer(result("S", "SUCCESS"), { clientId: "SOMEONE_ELSE" })],
      expected: { kind: "no-answer", attempts: 3 },
      requests: 3,
    },
    {
      name: "an answer signed with another key is no answer",
      api: "notifyPayment",
      steps: [answer(result("S", "SUCCESS"), { key: stranger })],
      expected: { kind: "no-answer", attempts: 3 },
      requests: 3,
    },
    {
      name: "an answer signed over another Request-URI is no answer",
      api: "notifyPayment",
      steps: [answer(result("S", "SUCCESS"), { signedUri: "/aps/api/v1/payments/pay" })],
      expected: { kind: "no-answer", attempts: 3 },
      requests: 3,
    },
    {
      name: "an unsigned answer is no answer",
      api: "notifyPayment",
      steps: [answer(result("S", "SUCCESS"), { unsigned: true }), ok],
      expected: { kind: "answered", attempts: 2 },
      requests: 2,
    },
    {
      name: "a signed answer without a result is no answer",
      api: "getPaymentCode",
      steps: [answer("<html>maintenance</html>"), answer({ result: { resultStatus: "X" } })],
      expected: { kind: "no-answer", attempts: 3 },
      requests: 3,
      lastError: /signed answer without a result/,
    },
  ];

  it.each(cases)("$name", async ({ api, steps, expected, requests, lastError }) => {
    const alipayServer = await startAlipay(steps);
    const outcome = await makeClient(alipayServer).call(api, notifyBody);

    expect(outcome).toMatchObject(expected);
    if (lastError) {
      expect(outcome.kind === "no-answer" ? outcome.lastError : "").toMatch(lastError);
    }
    expect(alipayServer.received).toHaveLength(requests);
    const sent = Buffer.from(JSON.stringify(notifyBody));
    for (const request of alipayServer.received) {
      expect(request.url).toBe(OUTBOUND_PATHS[api]);
      expect(request.body.equals(sent)).toBe(true);
      expect(requestVerifies(request)).toBe(true);
    }
  });

  it("a retry after a stall resends byte-identical bodies, ids, Request-Time and Signature", async () => {
    const alipayServer = await startAlipay([stall, stall, ok]);
    const outcome = await makeClient(alipayServer).call("notifyPayment", notifyBody);

    expect(outcome).toMatchObject({ kind: "answered", attempts: 3 });
    const [first, ...retries] = alipayServer.received;
    expect(retries).toHaveLength(2);
    for (const retry of retries) {
      expect(retry.body.equals(first!.body)).toBe(true);
      expect(retry.headers["request-time"]).toBe(first!.headers["request-time"]);
      expect(retry.headers.signature).toBe(first!.headers.signature);
      expect((JSON.parse(retry.body.toString()) as typeof notifyBody).paymentRequestId).toBe(
        "PR-2026112600000001",
      );
    }
  });

  it("a refused connection is no answer after 3 attempts", async () => {
    const closed = await startAlipay([ok]);
    const client = makeClient(closed);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));

    const outcome = await client.call("getPaymentCode", { customerId: "C-000042" });
    expect(outcome).toEqual({
      kind: "no-answer",
      attempts: MAX_ATTEMPTS,
      lastError: "network error: ECONNREFUSED",
    });
  });

  it("never follows a redirect off the allow list", async () => {
    const elsewhere = await startAlipay([ok]);
    const redirecting = await startAlipay([
      (_req, res) => {
        // 302: a followed redirect would show up at `elsewhere` as a GET.
        res.writeHead(302, { Location: `${elsewhere.origin}/aps/api/v1/payments/notifyPayment` });
        res.end();
      },
    ]);
    const outcome = await makeClient(redirecting).call("notifyPayment", notifyBody);

    expect(outcome).toMatchObject({ kind: "no-answer", attempts: 3 });
    expect(redirecting.received).toHaveLength(3);
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe("createAlipayPlusClient: the request", () => {
  it.each(Object.keys(OUTBOUND_PATHS) as OutboundApi[])(
    "%s: signed with the MPP key over the exact raw body and its path, with Client-Id and Request-Time",
    async (api) => {
      const alipayServer = await startAlipay([ok]);
      // Non-ASCII and an escaped character: the signature must cover the UTF-8 bytes as sent.
      const body = { customerId: "C-000042", note: "東京 café \u2028", codeQuantity: "2" };
      await makeClient(alipayServer).call(api, body);

      const [request] = alipayServer.received;
      expect(request!.url).toBe(OUTBOUND_PATHS[api]);
      expect(request!.body.equals(Buffer.from(JSON.stringify(body), "utf8"))).toBe(true);
      expect(request!.headers["client-id"]).toBe(CLIENT_ID);
      expect(request!.headers["request-time"]).toBe("2026-11-26T03:00:01+00:00");
      expect(request!.headers["content-type"]).toBe("application/json; charset=UTF-8");
      expect(request!.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
      expect(requestVerifies(request!)).toBe(true);
      // The check itself can fail: one changed byte, or another path, no longer verifies.
      const flipped = Buffer.from(request!.body);
      flipped[2] = flipped[2]! ^ 1;
      expect(requestVerifies({ ...request!, body: flipped })).toBe(false);
      expect(requestVerifies({ ...request!, url: "/aps/api/v1/payments/pay" })).toBe(false);
    },
  );

  it("a url override on an allowed host signs its own path and query", async () => {
    const alipayServer = await startAlipay([ok]);
    const outcome = await makeClient(alipayServer).call("notifyPayment", notifyBody, {
      url: `${alipayServer.origin}/merchant-notify/abc?via=test`,
    });

    expect(outcome).toMatchObject({ kind: "answered", resultStatus: "S" });
    expect(alipayServer.received[0]!.url).toBe("/merchant-notify/abc?via=test");
    expect(requestVerifies(alipayServer.received[0]!)).toBe(true);
  });

  it("a base URL with a path prefix keeps it", async () => {
    const alipayServer = await startAlipay([ok]);
    const client = makeClient(alipayServer, { baseUrl: `${alipayServer.origin}/gateway/` });
    await client.call("getPaymentCode", { customerId: "C-000042" });

    expect(alipayServer.received[0]!.url).toBe("/gateway/aps/api/v1/codes/getPaymentCode");
    expect(requestVerifies(alipayServer.received[0]!)).toBe(true);
  });
});

describe("createAlipayPlusClient: the allow list (docs/protocol.md#notifications)", () => {
  it.each([
    { url: "https://evil.example/notify", reason: "host not allowed" },
    { url: "http://127.0.0.1:1/notify", reason: "host not allowed" }, // the allowed host, another port
    { url: "http://localhost:{port}/notify", reason: "host not allowed" }, // another name for it
    { url: "ftp://127.0.0.1:{port}/notify", reason: "invalid url" },
    { url: "http://user:secret@127.0.0.1:{port}/notify", reason: "invalid url" },
    { url: "not a url", reason: "invalid url" },
  ])("$url → refused ($reason) without a request", async ({ url, reason }) => {
    const alipayServer = await startAlipay([ok]);
    const port = alipayServer.host.split(":")[1]!;
    const fetchSpy = vi.fn(fetch);
    const outcome = await makeClient(alipayServer, { fetch: fetchSpy }).call(
      "notifyPayment",
      notifyBody,
      { url: url.replace("{port}", port) },
    );

    expect(outcome).toEqual({ kind: "refused", reason });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(alipayServer.received).toHaveLength(0);
  });

  it("a base URL outside the allow list is refused too", async () => {
    const alipayServer = await startAlipay([ok]);
    const client = makeClient(alipayServer, { allowedHosts: ["open-sea.alipayplus.com"] });
    expect(await client.call("getPaymentCode", {})).toEqual({
      kind: "refused",
      reason: "host not allowed",
    });
    expect(alipayServer.received).toHaveLength(0);
  });
});

describe("createAlipayPlusClient: https unless the base URL is http", () => {
  it("refuses an http notifyPayment target when ALIPAYPLUS_BASE_URL is https, without a request", async () => {
    const alipayServer = await startAlipay([ok]);
    const fetchSpy = vi.fn(fetch);
    const client = makeClient(alipayServer, {
      baseUrl: `https://${alipayServer.host}`,
      fetch: fetchSpy,
    });
    const outcome = await client.call("notifyPayment", notifyBody, {
      url: `${alipayServer.origin}/aps/api/v1/payments/notifyPayment`,
    });

    expect(outcome).toEqual({ kind: "refused", reason: "not https" });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(alipayServer.received).toHaveLength(0);
    expect(errorSpy).toHaveBeenCalledWith(expect.stringContaining('"reason":"not https"'));
  });

  it("sends it over http while ALIPAYPLUS_BASE_URL is http (dev, tests)", async () => {
    const alipayServer = await startAlipay([ok]);
    const outcome = await makeClient(alipayServer).call("notifyPayment", notifyBody, {
      url: `${alipayServer.origin}/aps/api/v1/payments/notifyPayment`,
    });
    expect(outcome).toMatchObject({ kind: "answered", resultStatus: "S" });
    expect(alipayServer.received).toHaveLength(1);
  });
});

describe("parseAllowedHosts", () => {
  it.each([
    { value: undefined, base: "http://localhost:3100", hosts: ["localhost:3100"] },
    { value: "  ", base: "https://open-sea.alipayplus.com/", hosts: ["open-sea.alipayplus.com"] },
    {
      value: "A.example, b.example:8443 ,",
      base: "http://x",
      hosts: ["a.example", "b.example:8443"],
    },
    { value: "[::1]:3100", base: "http://x", hosts: ["[::1]:3100"] },
  ])("$value with base $base → $hosts", ({ value, base, hosts }) => {
    expect(parseAllowedHosts(value, base)).toEqual(hosts);
  });

  it.each(["https://a.example", "a.example/path", "a b.example", "a.example:99999"])(
    "refuses %s",
    (value) => {
      expect(() => parseAllowedHosts(value, "http://x")).toThrow(/ALIPAYPLUS_ALLOWED_HOSTS/);
    },
  );
});

describe("createAlipayPlusClient: timeouts and logs", () => {
  it("defaults to 8 s for userInitiatedPay and 5 s for the others (docs/protocol.md#timeouts-and-retries)", async () => {
    expect(DEFAULT_TIMEOUTS_MS).toEqual({
      userInitiatedPay: 8000,
      getPaymentCode: 5000,
      notifyPayment: 5000,
    });
    const alipayServer = await startAlipay([ok]);
    const timeoutSpy = vi.spyOn(AbortSignal, "timeout");
    const client = makeClient(alipayServer, { timeoutsMs: undefined });
    for (const api of ["userInitiatedPay", "getPaymentCode", "notifyPayment"] as const) {
      timeoutSpy.mockClear();
      await client.call(api, {});
      expect(timeoutSpy.mock.calls).toEqual([[DEFAULT_TIMEOUTS_MS[api]]]);
    }
  });

  it("logs one line per attempt with api, host, attempt, status, resultCode and latency, no body or secret", async () => {
    const alipayServer = await startAlipay([
      htmlError,
      answer({
        ...result("S", "SUCCESS"),
        paymentCodeInfoList: [{ paymentCode: "281234567890123456" }],
      }),
    ]);
    await makeClient(alipayServer).call("getPaymentCode", {
      customerId: "C-SECRET-42",
      env: { deviceTokenId: "device-token-xyz" },
    });

    const lines = [...logSpy.mock.calls, ...errorSpy.mock.calls].map((args) => String(args[0]));
    const attempts = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.event === "alipayplus.outbound")
      .sort((a, b) => Number(a.attempt) - Number(b.attempt));
    expect(attempts).toMatchObject([
      { api: "getPaymentCode", host: alipayServer.host, attempt: 1, status: 500, resultCode: null },
      {
        api: "getPaymentCode",
        host: alipayServer.host,
        attempt: 2,
        status: 200,
        resultCode: "SUCCESS",
      },
    ]);
    for (const entry of attempts) expect(entry.latencyMs).toEqual(expect.any(Number));
    const everything = lines.join("\n");
    for (const secret of ["C-SECRET-42", "device-token-xyz", "281234567890123456", "signature="]) {
      expect(everything).not.toContain(secret);
    }
  });
});

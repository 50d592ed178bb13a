/**
 * Bad input gets a clear answer (docs/protocol.md#order-of-checks): `F`/`PARAM_ILLEGAL` naming
 * the field, never parser or exception text, a signed HTTP 200 answer, and nothing stored. Also the
 * size limit (413) and wrong methods (405), both JSON.
 */
import { beforeAll, describe, it, type ExpectStatic } from "vitest";
import {
  alipay,
  balanceOf,
  CANCEL,
  createCustomer,
  database,
  INQUIRY,
  PAY,
  payRequest,
  REFUND,
  refundRequest,
  reference,
  uniqueId,
} from "../fixtures/gateway";
import { paymentRows } from "../fixtures/db";
import { rawCall } from "../fixtures/http";
import { INTERNALS, resultMatching, textMatching } from "../fixtures/matchers";

type Json = Record<string, unknown>;
type PayBody = ReturnType<typeof payRequest>;

/** `n` objects nested in one another: nest(1) = {}, nest(2) = {"a":{}}. */
function nest(n: number): Json {
  let value: Json = {};
  for (let i = 1; i < n; i += 1) value = { a: value };
  return value;
}

/** Sets (or, with `undefined`, deletes) the value at a dotted path of a deep copy. */
function withField(body: unknown, path: string, value: unknown): Json {
  const copy = structuredClone(body) as Json;
  const keys = path.split(".");
  const last = keys.pop() as string;
  let target: Json = copy;
  for (const key of keys) target = target[key] as Json;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

interface Case {
  name: string;
  /** The body sent: an object (serialised compactly) or raw text/bytes. */
  body: (valid: PayBody) => Json | string | Buffer;
  /** resultMessage must start with this field name. */
  field: string;
  /** …and match this. */
  says?: RegExp;
}

function fieldCase(path: string, value: unknown, says?: RegExp): Case {
  const shown = value === undefined ? "missing" : JSON.stringify(value);
  return { name: `${path} ${shown}`, body: (v) => withField(v, path, value), field: path, says };
}

const REQUIRED = /is required/;
const NOT_EMPTY = /must not be empty/;
const A_STRING = /must be a string/;
const MINOR_UNITS = /must be 0 or a positive integer string/;
const CURRENCY = /ISO 4217/;

const PAY_CASES: Case[] = [
  // Not JSON at all.
  { name: "not JSON", body: (v) => JSON.stringify(v).slice(0, 40), field: "body", says: /JSON/ },
  { name: "empty body", body: () => "", field: "body", says: /JSON/ },
  { name: "JSON array", body: (v) => JSON.stringify([v]), field: "body", says: /object/ },
  { name: "JSON string", body: () => '"pay"', field: "body", says: /object/ },
  { name: "JSON null", body: () => "null", field: "body", says: /object/ },
  {
    name: "invalid UTF-8 bytes",
    body: (v) => {
      const [head, tail] = JSON.stringify(withField(v, "order.orderDescription", "@@")).split("@@");
      return Buffer.concat([
        Buffer.from(head ?? ""),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(tail ?? ""),
      ]);
    },
    field: "body",
    says: /UTF-8/,
  },
  {
    name: "a UTF-16 surrogate encoded as UTF-8 (CESU)",
    body: (v) => {
      const [head, tail] = JSON.stringify(withField(v, "order.orderDescription", "@@")).split("@@");
      return Buffer.concat([
        Buffer.from(head ?? ""),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(tail ?? ""),
      ]);
    },
    field: "body",
    says: /UTF-8/,
  },
  {
    name: "NUL character (\\u0000 escape) in a string",
    body: (v) => withField(v, "order.orderDescription", "Matcha\u0000set"),
    field: "order.orderDescription",
    says: /NUL/,
  },
  {
    name: "NUL character in an array element",
    body: (v) => withField(v, "order.goods", [{ goodsName: "ok" }, { goodsName: "bad\u0000" }]),
    field: "order.goods.1.goodsName",
    says: /NUL/,
  },
  {
    name: "NUL character in a key",
    body: (v) => withField(v, "order.merchant.bad\u0000key", "x"),
    field: "order.merchant",
    says: /NUL/,
  },
  {
    name: "raw control byte inside a string",
    body: (v) => JSON.stringify(v).replace("Matcha set", "Matcha\u0001set"),
    field: "body",
    says: /JSON/,
  },
  {
    name: "nesting of 65 levels",
    body: (v) => ({ ...v, deep: nest(64) }),
    field: "body",
    says: /deeper than 64/,
  },
  {
    name: "nesting of 200000 levels",
    body: (v) =>
      JSON.stringify(v).replace(/}$/, `,"deep":${"[".repeat(200_000)}${"]".repeat(200_000)}}`),
    field: "body",
    says: /deeper than 64/,
  },
  // Promotion data never fails a pay: e2e/gateway/promotion-variants.test.ts.
  // Required fields (docs/protocol.md#required-fields).
  ...[
    "acquirerId",
    "pspId",
    "paymentRequestId",
    "order",
    "paymentAmount",
    "payToAmount",
    "paymentMethod",
  ].map((path) => fieldCase(path, undefined, REQUIRED)),
  fieldCase("acquirerId", null, REQUIRED),
  fieldCase("paymentAmount.value", undefined, REQUIRED),
  fieldCase("payToAmount.currency", undefined, REQUIRED),
  fieldCase("paymentMethod.customerId", undefined, REQUIRED),
  // "" never stands for a value.
  fieldCase("acquirerId", "", NOT_EMPTY),
  fieldCase("pspId", "", NOT_EMPTY),
  fieldCase("paymentRequestId", "", NOT_EMPTY),
  fieldCase("paymentMethod.customerId", "", NOT_EMPTY),
  fieldCase("order.referenceOrderId", "", NOT_EMPTY),
  fieldCase("paymentAmount.value", "", MINOR_UNITS),
  fieldCase("paymentAmount.currency", "", CURRENCY),
  // Every scalar is a string.
  fieldCase("paymentAmount.value", 1800, A_STRING),
  fieldCase("payToAmount.value", 16740, A_STRING),
  fieldCase("payToAmount.currency", 410, A_STRING),
  fieldCase("acquirerId", 1020000000, A_STRING),
  fieldCase("paymentFactor.isInStorePayment", true, /"true" or "false"/),
  fieldCase("order", "an order", /must be an object/),
  // Amounts: 0 or [1-9][0-9]{0,18}, at most 2^63 − 1.
  ...[
    "01",
    "-1",
    "1.5",
    "9223372036854775808",
    "99999999999999999999",
    " 1",
    "1e3",
    "0x10",
    "+1",
    "１",
  ].map((value) => fieldCase("paymentAmount.value", value, MINOR_UNITS)),
  fieldCase("order.orderAmount.value", "2200.00", MINOR_UNITS),
  // Currencies: ISO 4217 codes with a minor unit.
  ...["XYZ", "jpy", "JP", "XAU"].map((code) => fieldCase("paymentAmount.currency", code, CURRENCY)),
  fieldCase("payToAmount.value", "0", /at least 1/),
  // Ids: at most 64 characters.
  fieldCase("paymentRequestId", "x".repeat(65), /at most 64/),
  fieldCase("acquirerId", "1".repeat(65), /at most 64/),
  fieldCase("paymentMethod.customerId", "c".repeat(65), /at most 64/),
  fieldCase("paymentQuote.quoteCurrencyPair", "JPYKRW", /JPY\/KRW/),
];

/** Asserts the clear, signed, unstored PARAM_ILLEGAL answer. */
function expectParamIllegal(
  expect: ExpectStatic,
  answer: { status: number; json: unknown; responseSignatureValid: boolean },
  field: string,
  says?: RegExp,
) {
  expect(answer.status).toBe(200);
  expect(answer.responseSignatureValid).toBe(true);
  expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
  const message = (answer.json as { result: { resultMessage: string } }).result.resultMessage;
  expect(message.startsWith(`${field} `), `"${message}" names ${field}`).toBe(true);
  if (says) expect(message).toMatch(says);
  expect(message).not.toMatch(INTERNALS);
  expect(message.length).toBeLessThan(200);
}

let customerId: string;
beforeAll(async () => {
  customerId = await createCustomer({ balance: 10_000_000n });
});

describe.concurrent("pay: PARAM_ILLEGAL", () => {
  it.for(PAY_CASES)("$name", async (c, { expect }) => {
    const valid = payRequest(customerId);
    const body = c.body(valid);
    const answer = await alipay.call(PAY, body);
    expectParamIllegal(expect, answer, c.field, c.says);
    expect(await paymentRows(valid.paymentRequestId)).toEqual([]);
  });

  it("the boundaries are accepted: 64 levels, 2^63 − 1, a 64-character id", async ({ expect }) => {
    const payer = await createCustomer({ balance: 1_000_000n });
    const request = {
      ...payRequest(payer, { paymentRequestId: uniqueId("P").padEnd(64, "x") }),
      paymentAmount: { currency: "JPY", value: "9223372036854775807" },
      deep: nest(63),
    };
    expect(request.paymentRequestId).toHaveLength(64);
    const answer = await alipay.call(PAY, request);
    expect(answer.resultCode).toBe("SUCCESS");
    expect((await paymentRows(request.paymentRequestId))[0]?.paymentAmountMinor).toBe(
      9223372036854775807n,
    );
  });
});

describe.concurrent("refund, cancelPayment, inquiryPayment: PARAM_ILLEGAL", () => {
  let paid: { paymentRequestId: string; paymentId: string };
  let other: { paymentId: string };
  let payer: string;

  beforeAll(async () => {
    payer = await createCustomer({ balance: 1_000_000n });
    const first = payRequest(payer);
    const second = payRequest(payer);
    const [a, b] = await Promise.all([alipay.call(PAY, first), alipay.call(PAY, second)]);
    if (a.resultCode !== "SUCCESS" || b.resultCode !== "SUCCESS") throw new Error("setup failed");
    paid = { paymentRequestId: first.paymentRequestId, paymentId: a.json?.paymentId as string };
    other = { paymentId: b.json?.paymentId as string };
  });

  const REFUND_CASES: {
    name: string;
    patch: () => [string, unknown];
    field: string;
    says?: RegExp;
  }[] = [
    {
      name: "refundAmount 0",
      patch: () => ["refundAmount.value", "0"],
      field: "refundAmount.value",
      says: /at least 1/,
    },
    {
      name: "refundFromAmount 0",
      patch: () => ["refundFromAmount.value", "0"],
      field: "refundFromAmount.value",
      says: /at least 1/,
    },
    {
      name: "refundAmount -1",
      patch: () => ["refundAmount.value", "-1"],
      field: "refundAmount.value",
      says: MINOR_UNITS,
    },
    {
      name: "no refundRequestId",
      patch: () => ["refundRequestId", undefined],
      field: "refundRequestId",
      says: REQUIRED,
    },
    {
      name: "no refundAmount",
      patch: () => ["refundAmount", undefined],
      field: "refundAmount",
      says: REQUIRED,
    },
    {
      name: "no refundFromAmount",
      patch: () => ["refundFromAmount", undefined],
      field: "refundFromAmount",
      says: REQUIRED,
    },
    {
      name: "refundRequestId 65 chars",
      patch: () => ["refundRequestId", "r".repeat(65)],
      field: "refundRequestId",
    },
    {
      name: "paymentId empty",
      patch: () => ["paymentId", ""],
      field: "paymentId",
      says: NOT_EMPTY,
    },
    { name: "paymentId unknown", patch: () => ["paymentId", "P-NOT-THIS-ONE"], field: "paymentId" },
    {
      name: "paymentId of another payment",
      patch: () => ["paymentId", other.paymentId],
      field: "paymentId",
    },
    {
      name: "refundFromAmount in another currency than the payment's",
      patch: () => ["refundFromAmount", { currency: "JPY", value: "8370" }],
      field: "refundFromAmount.currency",
    },
  ];

  it.for(REFUND_CASES)("refund: $name", async (c, { expect }) => {
    const valid = refundRequest(paid.paymentRequestId, { paymentId: paid.paymentId });
    const [path, value] = c.patch();
    const answer = await alipay.call(REFUND, withField(valid, path, value));
    expectParamIllegal(expect, answer, c.field, c.says);
    const stored = await database.sql`
      select 1 from refunds where refund_request_id = ${valid.refundRequestId}`;
    expect(stored).toHaveLength(0);
  });

  it("refund: the valid request with the payment's own paymentId succeeds", async ({ expect }) => {
    const before = await balanceOf(payer);
    const answer = await alipay.call(
      REFUND,
      refundRequest(paid.paymentRequestId, { paymentId: paid.paymentId }),
    );
    expect(answer.resultCode).toBe("SUCCESS");
    expect(await balanceOf(payer)).toBe(before + 8370n);
  });

  it.for([CANCEL, INQUIRY])("%s: missing or empty paymentRequestId", async (path, { expect }) => {
    const valid = reference(uniqueId("REF"));
    expectParamIllegal(
      expect,
      await alipay.call(path, withField(valid, "paymentRequestId", undefined)),
      "paymentRequestId",
      REQUIRED,
    );
    expectParamIllegal(
      expect,
      await alipay.call(path, withField(valid, "pspId", "")),
      "pspId",
      NOT_EMPTY,
    );
    expectParamIllegal(expect, await alipay.call(path, "[]"), "body");
    expect(await paymentRows(valid.paymentRequestId)).toEqual([]);
  });
});

describe.concurrent("size and method", () => {
  const LIMIT = 1024 * 1024;

  /** A valid pay request padded to exactly `size` bytes. */
  function padded(size: number, payer: string) {
    const request = { ...payRequest(payer), padding: "" };
    const length = Buffer.byteLength(JSON.stringify(request));
    request.padding = "p".repeat(size - length);
    const body = JSON.stringify(request);
    if (Buffer.byteLength(body) !== size) throw new Error("padding miscalculated");
    return { request, body };
  }

  it("a body of exactly 1 MiB is processed", async ({ expect }) => {
    const payer = await createCustomer({ balance: 1_000_000n });
    const { request, body } = padded(LIMIT, payer);
    const answer = await alipay.call(PAY, body);
    expect(answer.resultCode).toBe("SUCCESS");
    expect((await paymentRows(request.paymentRequestId))[0]?.status).toBe("SUCCESS");
  });

  it("a body one byte over 1 MiB → 413 with a PARAM_ILLEGAL JSON answer, nothing stored", async ({
    expect,
  }) => {
    const payer = await createCustomer({ balance: 1_000_000n });
    const { request, body } = padded(LIMIT + 1, payer);
    const answer = await alipay.call(PAY, body);
    expect(answer.status).toBe(413);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ result: resultMatching("PARAM_ILLEGAL", "F") });
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.json?.result).toMatchObject({ resultMessage: textMatching(/^body /) });
    expect(await paymentRows(request.paymentRequestId)).toEqual([]);
    expect(await balanceOf(payer)).toBe(1_000_000n);
  });

  it("a chunked body (no Content-Length) over 1 MiB → 413 JSON", async ({ expect }) => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= LIMIT + chunk.length) controller.close();
        else {
          controller.enqueue(chunk);
          sent += chunk.length;
        }
      },
    });
    const response = await fetch(new URL(PAY, process.env.PLUSDESK_BASE_URL), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const json = (await response.json()) as { result: { resultCode: string } };
    expect(json.result.resultCode).toBe("PARAM_ILLEGAL");
  });

  it.for(
    [PAY, REFUND, CANCEL, INQUIRY].flatMap((path) =>
      ["GET", "PUT", "DELETE", "PATCH"].map((method) => ({ path, method })),
    ),
  )("$method $path → 405 JSON, never HTML", async ({ path, method }, { expect }) => {
    const answer = await rawCall({ path, method, body: method === "GET" ? undefined : "{}" });
    expect(answer.status).toBe(405);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.text).not.toMatch(/<html|<!DOCTYPE/i);
    expect(answer.json.result).toMatchObject({ resultStatus: "F" });
    expect(answer.headers.get("allow")).toBe("POST");
  });
});

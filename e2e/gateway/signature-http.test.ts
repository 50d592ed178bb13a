/**
 * Request signatures through HTTP (docs/protocol.md#signatures, #order-of-checks): anything that
 * does not verify is 401 `INVALID_SIGNATURE` with a signed answer and leaves no trace but the call
 * log; the documented variants (spaces after commas, epoch-millisecond time, an old time) verify.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "vitest";
import { formatSignatureHeader } from "@/server/alipayplus/signature";
import {
  balanceOf,
  createCustomer,
  PAY,
  payRequest,
  REFUND,
  secrets,
  uniqueId,
} from "../fixtures/gateway";
import { ledgerOf, paymentRows } from "../fixtures/db";
import { rawCall, type RawCall } from "../fixtures/http";
import { resultMatching } from "../fixtures/matchers";

const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

interface RejectedCase {
  name: string;
  /** The call to make for a JSON body `body` (already serialised). */
  call: (body: string) => RawCall;
}

const now = () => new Date().toISOString();

const REJECTED: RejectedCase[] = [
  { name: "no Client-Id", call: (body) => ({ path: PAY, body, omit: ["Client-Id"] }) },
  { name: "no Request-Time", call: (body) => ({ path: PAY, body, omit: ["Request-Time"] }) },
  { name: "no Signature", call: (body) => ({ path: PAY, body, omit: ["Signature"] }) },
  { name: "empty Client-Id", call: (body) => ({ path: PAY, body, headers: { "Client-Id": "" } }) },
  { name: "empty Signature", call: (body) => ({ path: PAY, body, headers: { Signature: "" } }) },
  {
    // Correctly signed by its sender, but not the client Plusdesk knows.
    name: "unknown Client-Id",
    call: (body) => ({ path: PAY, body, clientId: "SOMEONE_ELSE_0001" }),
  },
  {
    name: "Client-Id of another case",
    call: (body) => ({ path: PAY, body, clientId: secrets.clientId.toLowerCase() }),
  },
  {
    name: "garbage Signature header",
    call: (body) => ({ path: PAY, body, headers: { Signature: "garbage" } }),
  },
  {
    name: "garbage signature value",
    call: (body) => ({ path: PAY, body, signatureHeader: () => formatSignatureHeader("!!!%%%") }),
  },
  {
    name: "signature of another length",
    call: (body) => ({
      path: PAY,
      body,
      signatureHeader: (s) => formatSignatureHeader(s.slice(0, 40)),
    }),
  },
  {
    name: "another algorithm",
    call: (body) => ({
      path: PAY,
      body,
      signatureHeader: (s) => `algorithm=RSA,keyVersion=1,signature=${s}`,
    }),
  },
  {
    name: "signature given twice",
    call: (body) => ({
      path: PAY,
      body,
      signatureHeader: (s) => `${formatSignatureHeader(s)},signature=${s}`,
    }),
  },
  {
    name: "signed with a different key",
    call: (body) => ({ path: PAY, body, signed: { key: otherKey } }),
  },
  {
    name: "one byte of the body changed after signing",
    call: (body) => ({ path: PAY, body, signed: { body: body.replace('"16740"', '"16741"') } }),
  },
  {
    name: "whitespace added to the body after signing",
    call: (body) => ({ path: PAY, body: `${body} `, signed: { body } }),
  },
  {
    name: "signed for the refund path, sent to pay",
    call: (body) => ({ path: PAY, body, signed: { path: REFUND } }),
  },
  {
    name: "signed with a query string, sent without",
    call: (body) => ({ path: PAY, body, signed: { path: `${PAY}?x=1` } }),
  },
  {
    name: "signed for PUT, sent as POST",
    call: (body) => ({ path: PAY, body, signed: { method: "PUT" } }),
  },
  {
    name: "Request-Time changed after signing",
    call: (body) => {
      const time = now();
      return {
        path: PAY,
        body,
        time: new Date(Date.parse(time) + 1000).toISOString(),
        signed: { time },
      };
    },
  },
  {
    name: "signed as another Client-Id",
    call: (body) => ({ path: PAY, body, signed: { clientId: "SOMEONE_ELSE_0001" } }),
  },
];

describe.concurrent("signatures that do not verify", () => {
  it.for(REJECTED)("$name → 401 INVALID_SIGNATURE, nothing stored", async (c, { expect }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const answer = await rawCall(c.call(JSON.stringify(request)));

    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ result: resultMatching("INVALID_SIGNATURE", "F") });
    expect(answer.responseSignatureValid).toBe(true);
    expect(answer.headers.get("client-id")).toBe(secrets.clientId);

    expect(await paymentRows(request.paymentRequestId)).toEqual([]);
    expect(await balanceOf(customerId)).toBe(1_000_000n);
    expect((await ledgerOf(customerId)).map((e) => e.kind)).toEqual(["TOP_UP"]);
  });
});

interface AcceptedCase {
  name: string;
  call: (body: string) => RawCall;
}

const ACCEPTED: AcceptedCase[] = [
  { name: "the documented header", call: (body) => ({ path: PAY, body }) },
  {
    name: "spaces after the commas",
    call: (body) => ({
      path: PAY,
      body,
      signatureHeader: (s) => `algorithm=RSA256, keyVersion=1, signature=${s}`,
    }),
  },
  {
    name: "fields in another order, no keyVersion",
    call: (body) => ({
      path: PAY,
      body,
      signatureHeader: (s) => `signature=${s},algorithm=RSA256`,
    }),
  },
  {
    name: "raw (not URL-encoded) Base64",
    call: (body) => ({
      path: PAY,
      body,
      signatureHeader: (s) => formatSignatureHeader(decodeURIComponent(s)),
    }),
  },
  {
    name: "Request-Time as epoch milliseconds",
    call: (body) => ({ path: PAY, body, time: String(Date.now()) }),
  },
  {
    name: "Request-Time with an offset",
    call: (body) => ({ path: PAY, body, time: "2026-11-26T12:08:56+05:30" }),
  },
  {
    name: "Request-Time a year old (not checked against the clock)",
    call: (body) => ({
      path: PAY,
      body,
      time: new Date(Date.now() - 366 * 24 * 3600 * 1000).toISOString(),
    }),
  },
  {
    name: "Request-Time a year old in epoch milliseconds",
    call: (body) => ({ path: PAY, body, time: String(Date.now() - 366 * 24 * 3600 * 1000) }),
  },
  {
    name: "a body with spaces and newlines, signed as sent",
    call: (body) => ({ path: PAY, body: `\n${JSON.stringify(JSON.parse(body), null, 2)}\n` }),
  },
];

describe.concurrent("signatures that verify", () => {
  it.for(ACCEPTED)("$name → processed", async (c, { expect }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId);
    const answer = await rawCall(c.call(JSON.stringify(request)));

    expect(answer.status).toBe(200);
    expect(answer.resultCode).toBe("SUCCESS");
    expect(answer.responseSignatureValid).toBe(true);
    expect((await paymentRows(request.paymentRequestId))[0]?.status).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n);
  });

  it("a bad signature does not burn the id: the properly signed retry is processed", async ({
    expect,
  }) => {
    const customerId = await createCustomer({ balance: 1_000_000n });
    const request = payRequest(customerId, { paymentRequestId: uniqueId("PAYSIG") });
    const body = JSON.stringify(request);
    const bad = await rawCall({ path: PAY, body, signed: { key: otherKey } });
    expect(bad.status).toBe(401);
    const good = await rawCall({ path: PAY, body });
    expect(good.resultCode).toBe("SUCCESS");
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n);
  });
});

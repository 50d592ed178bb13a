/**
 * The inbound call log (README "Call log"; docs/protocol.md#secrets-in-storage-and-logs): every
 * call is recorded after it is answered — method, path, headers, the raw body with payment codes
 * redacted to their last 4 characters, the signature verdict, the answer and the latency.
 */
import { createHash, randomInt } from "node:crypto";
import { describe, it } from "vitest";
import {
  alipay,
  createCustomer,
  database,
  PAY,
  payRequest,
  REFUND,
  refundRequest,
  secrets,
} from "../fixtures/gateway";
import { paymentRows } from "../fixtures/db";
import { eventually, rawCall, type RawCall } from "../fixtures/http";
import { textMatching } from "../fixtures/matchers";

interface CallRow {
  method: string;
  path: string;
  headers: Record<string, string>;
  raw_body: string;
  body_bytes: number | null;
  body_sha256: string | null;
  signature_verdict: string;
  http_status: number;
  result_status: string | null;
  result_code: string | null;
  response_body: string | null;
  latency_ms: number;
  payment_request_id: string | null;
  refund_request_id: string | null;
  age_ms: number;
  row_text: string;
}

/** The calls whose raw body mentions `text` (an id unique to the test), oldest first. */
async function callsMentioning(text: string, atLeast = 1): Promise<CallRow[]> {
  return eventually(async () => {
    const rows = await database.sql<CallRow[]>`
      select method, path, headers, raw_body, body_bytes, body_sha256,
             signature_verdict::text as signature_verdict,
             http_status, result_status, result_code, response_body, latency_ms,
             payment_request_id, refund_request_id,
             (extract(epoch from now() - received_at) * 1000)::int as age_ms,
             row_to_json(c)::text as row_text
      from inbound_calls c
      where strpos(raw_body, ${text}) > 0 order by id`;
    return rows.length >= atLeast ? rows : undefined;
  });
}

/** A payment code nobody else uses: 18 digits, as a UPM code looks. */
function paymentCode(): string {
  return `28${String(randomInt(10 ** 8)).padStart(8, "0")}${String(randomInt(10 ** 8)).padStart(8, "0")}`;
}

async function nowhereElse(code: string): Promise<number> {
  const [found] = await database.sql<{ n: number }[]>`
    select
      (select count(*) from inbound_calls c where strpos(row_to_json(c)::text, ${code}) > 0)
    + (select count(*) from payments p where strpos(row_to_json(p)::text, ${code}) > 0)
    + (select count(*) from payment_promotions pp where strpos(row_to_json(pp)::text, ${code}) > 0)
    as n`;
  return Number(found?.n);
}

describe.concurrent("inbound call log", () => {
  it("records a pay: method, path, headers, redacted raw body, verdict, answer, latency", async ({
    expect,
  }) => {
    const code = paymentCode();
    const last4 = code.slice(-4);
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
    });
    const body = JSON.stringify(request);
    const time = new Date().toISOString();
    const answer = await alipay.call(PAY, body, { time });
    expect(answer.resultCode).toBe("SUCCESS");

    const [row] = await callsMentioning(request.paymentRequestId);
    expect(row).toMatchObject({
      method: "POST",
      path: PAY,
      signature_verdict: "VALID",
      http_status: 200,
      result_status: "S",
      result_code: "SUCCESS",
      response_body: answer.text,
      payment_request_id: request.paymentRequestId,
      refund_request_id: null,
    });
    expect(row?.headers).toMatchObject({
      "client-id": secrets.clientId,
      "request-time": time,
      signature: textMatching(/^algorithm=RSA256,keyVersion=1,signature=.+/),
      "content-type": "application/json; charset=UTF-8",
    });
    expect(row?.raw_body).toBe(
      body.replace(`"paymentMethodId":"${code}"`, `"paymentMethodId":"****${last4}"`),
    );
    expect(row?.raw_body).toContain(`"****${last4}"`);
    expect(Number.isInteger(row?.latency_ms)).toBe(true);
    expect(row?.latency_ms).toBeGreaterThanOrEqual(0);
    expect(row?.latency_ms).toBeLessThan(8000);
    expect(row?.age_ms).toBeLessThan(60_000);

    // The full code is nowhere: not in the log row, not in the payment, not in its promotions.
    const [payment] = await paymentRows(request.paymentRequestId);
    expect((payment?.request as { paymentMethod: unknown }).paymentMethod).toEqual({
      paymentMethodType: "CONNECT_WALLET",
      paymentMethodId: `****${last4}`,
      customerId,
    });
    expect(payment?.paymentMethodIdLast4).toBe(last4);
    expect(payment?.rowText).not.toContain(code);
    expect(row?.row_text).not.toContain(code);
    expect(await nowhereElse(code)).toBe(0);

    // A replay is a call of its own.
    await alipay.call(PAY, body);
    const rows = await callsMentioning(request.paymentRequestId, 2);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.response_body).toBe(answer.text);
  });

  it("records a refund with both ids", async ({ expect }) => {
    const customerId = await createCustomer();
    const pay = payRequest(customerId);
    expect((await alipay.call(PAY, pay)).resultCode).toBe("SUCCESS");
    const refund = refundRequest(pay.paymentRequestId);
    const answer = await alipay.call(REFUND, refund);
    expect(answer.resultCode).toBe("SUCCESS");
    const [row] = await callsMentioning(refund.refundRequestId);
    expect(row).toMatchObject({
      path: REFUND,
      signature_verdict: "VALID",
      result_code: "SUCCESS",
      payment_request_id: pay.paymentRequestId,
      refund_request_id: refund.refundRequestId,
      response_body: answer.text,
      raw_body: JSON.stringify(refund),
    });
  });

  const BAD: { verdict: string; call: (body: string) => RawCall }[] = [
    {
      verdict: "INVALID",
      call: (body) => ({ path: PAY, body, headers: { Signature: "garbage" } }),
    },
    {
      verdict: "INVALID",
      call: (body) => ({ path: PAY, body, signed: { body: body.replace("16740", "16741") } }),
    },
    { verdict: "MISSING", call: (body) => ({ path: PAY, body, omit: ["Signature"] }) },
    { verdict: "MISSING", call: (body) => ({ path: PAY, body, omit: ["Client-Id"] }) },
    {
      verdict: "UNKNOWN_CLIENT",
      call: (body) => ({ path: PAY, body, clientId: "NOT_OUR_CLIENT" }),
    },
  ];

  it.for(BAD)("records a rejected signature as $verdict", async (c, { expect }) => {
    const code = paymentCode();
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
    });
    const answer = await rawCall(c.call(JSON.stringify(request)));
    expect(answer.status).toBe(401);

    const [row] = await callsMentioning(request.paymentRequestId);
    expect(row).toMatchObject({
      method: "POST",
      path: PAY,
      signature_verdict: c.verdict,
      http_status: 401,
      result_status: "F",
      result_code: "INVALID_SIGNATURE",
      response_body: answer.text,
    });
    expect(row?.raw_body).toContain(`"paymentMethodId":"****${code.slice(-4)}"`);
    expect(await nowhereElse(code)).toBe(0);
    expect(await paymentRows(request.paymentRequestId)).toEqual([]);
  });

  it("keeps the first 4 KiB and the SHA-256 of a body whose signature did not verify", async ({
    expect,
  }) => {
    const code = paymentCode();
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
      // 100 KiB of three-byte characters: one of them straddles the 4,096th byte.
      padding: "払".repeat(34_000),
    });
    const body = JSON.stringify(request);
    const bytes = Buffer.from(body);
    const answer = await rawCall({ path: PAY, body, headers: { Signature: "garbage" } });
    expect(answer.status).toBe(401);

    const [row] = await callsMentioning(request.paymentRequestId);
    expect(row).toMatchObject({
      signature_verdict: "INVALID",
      body_bytes: bytes.length,
      body_sha256: createHash("sha256").update(bytes).digest("hex"),
      response_body: answer.text,
    });
    const kept = Buffer.from(row!.raw_body);
    expect(kept.length).toBeLessThanOrEqual(4096);
    expect(kept.length).toBeGreaterThan(4093); // cut before the split character, not earlier
    const redacted = body.replace(code, `****${code.slice(-4)}`);
    expect(redacted.startsWith(row!.raw_body)).toBe(true);
    expect(await nowhereElse(code)).toBe(0);

    // A call Alipay+ signed keeps its body whole, and no digest.
    const other = paymentCode();
    const signed = JSON.stringify(
      payRequest(customerId, {
        paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: other, customerId },
        padding: "払".repeat(2_000),
      }),
    );
    await alipay.call(PAY, signed);
    const [valid] = await callsMentioning((JSON.parse(signed) as typeof request).paymentRequestId);
    expect(valid).toMatchObject({
      signature_verdict: "VALID",
      raw_body: signed.replace(other, `****${other.slice(-4)}`),
      body_bytes: Buffer.byteLength(signed),
      body_sha256: null,
    });
  });

  it("redacts the code when the key is spelled with a JSON escape", async ({ expect }) => {
    const code = paymentCode();
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
    });
    // The same JSON value: "\u0049" is "I", so the key still reads paymentMethodId.
    const body = JSON.stringify(request).replace('"paymentMethodId"', '"paymentMethod\\u0049d"');
    expect(body).not.toContain('"paymentMethodId"');
    const answer = await alipay.call(PAY, body);
    expect(answer.resultCode).toBe("SUCCESS");

    const [row] = await callsMentioning(request.paymentRequestId);
    expect(row?.signature_verdict).toBe("VALID");
    expect(row?.raw_body).toContain(`"****${code.slice(-4)}"`);
    expect(await nowhereElse(code)).toBe(0);
  });

  it("redacts the code in a body that is not even JSON", async ({ expect }) => {
    const code = paymentCode();
    const customerId = await createCustomer();
    const request = payRequest(customerId, {
      paymentMethod: { paymentMethodType: "CONNECT_WALLET", paymentMethodId: code, customerId },
    });
    const broken = JSON.stringify(request).slice(0, -2); // cut off: not JSON
    const answer = await alipay.call(PAY, broken);
    expect(answer.resultCode).toBe("PARAM_ILLEGAL");

    const [row] = await callsMentioning(request.paymentRequestId);
    expect(row).toMatchObject({
      signature_verdict: "VALID",
      http_status: 200,
      result_code: "PARAM_ILLEGAL",
      response_body: answer.text,
    });
    expect(row?.raw_body).toContain(`"****${code.slice(-4)}"`);
    expect(await nowhereElse(code)).toBe(0);
  });
});

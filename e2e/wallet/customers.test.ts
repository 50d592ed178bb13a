/**
 * The wallet app backend → Plusdesk customer API through real HTTP (README "Wallet app
 * backend API", docs/protocol.md#who-pays): create and update customers, top-ups (idempotent on
 * topUpId, exact beyond 2^53, no overflow), bearer-key auth and 400s naming the field.
 */
import { describe, expect, it } from "vitest";
import { baseUrl, secrets, uniqueId, walletApi } from "../fixtures/gateway";

const customerPath = (id: string) => `/api/wallet/v1/customers/${encodeURIComponent(id)}`;
const topUpPath = (id: string) => `${customerPath(id)}/top-ups`;
const MAX = "9223372036854775807";
/** What GET shows for a customer without limits of its own: the suite's server sets no defaults. */
const NO_LIMITS = { singlePaymentMax: null, dailyAmountMax: null, dailyCountMax: null };

/** A request with full control over headers (no Authorization unless given). */
async function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    json: JSON.parse(text) as unknown,
  };
}

async function newCustomer(fields: Record<string, unknown> = {}) {
  const id = uniqueId("C");
  const put = await walletApi("PUT", customerPath(id), {
    displayName: "Kim Minji",
    currency: "KRW",
    ...fields,
  });
  expect(put.status, JSON.stringify(put.json)).toBe(200);
  return id;
}

async function topUp(id: string, value: string, topUpId = uniqueId("T"), currency = "KRW") {
  return walletApi("POST", topUpPath(id), { topUpId, amount: { currency, value } });
}

async function balance(id: string): Promise<string | undefined> {
  const got = await walletApi("GET", customerPath(id));
  expect(got.status).toBe(200);
  return got.json.balance?.value;
}

function expectFieldError(
  answer: { status: number; json: unknown },
  status: number,
  field: string | null,
) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.json).toEqual({
    error: { code: expect.any(String) as string, field, message: expect.any(String) as string },
  });
  const message = (answer.json as { error: { message: string } }).error.message;
  // Never an exception's text or a stack.
  expect(message).not.toMatch(/\bat \S+ \(|Error:|ZodError|drizzle|postgres/i);
}

describe("PUT/GET /api/wallet/v1/customers/{id}", () => {
  it("creates a customer with defaults and answers its exact shape", async () => {
    const id = uniqueId("C");
    const put = await walletApi("PUT", customerPath(id), {
      displayName: "Kim Minji",
      currency: "KRW",
    });
    expect(put.status).toBe(200);
    const expected = {
      customerId: id,
      displayName: "Kim Minji",
      currency: "KRW",
      status: "ACTIVE",
      kycStatus: "PENDING",
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
      balance: { currency: "KRW", value: "0" },
      limits: NO_LIMITS,
    };
    expect(put.json).toStrictEqual(expected);
    const get = await walletApi("GET", customerPath(id));
    expect(get.status).toBe(200);
    expect(get.json).toStrictEqual(expected);
    expect(Object.keys(get.json)).toEqual([
      "customerId",
      "displayName",
      "currency",
      "status",
      "kycStatus",
      "creditRating",
      "creditScore",
      "accountCreatedAt",
      "balance",
      "limits",
    ]);
  });

  it("creates with every field given", async () => {
    const id = await newCustomer({ status: "FROZEN", kycStatus: "VERIFIED", currency: "USD" });
    const get = await walletApi("GET", customerPath(id));
    expect(get.json).toStrictEqual({
      customerId: id,
      displayName: "Kim Minji",
      currency: "USD",
      status: "FROZEN",
      kycStatus: "VERIFIED",
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
      balance: { currency: "USD", value: "0" },
      limits: NO_LIMITS,
    });
  });

  it("updating one field keeps the others", async () => {
    const id = await newCustomer({ status: "ACTIVE", kycStatus: "VERIFIED" });
    await topUp(id, "500");

    const frozen = await walletApi("PUT", customerPath(id), { status: "FROZEN" });
    expect(frozen.status).toBe(200);
    expect(frozen.json).toStrictEqual({
      customerId: id,
      displayName: "Kim Minji",
      currency: "KRW",
      status: "FROZEN",
      kycStatus: "VERIFIED",
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
      balance: { currency: "KRW", value: "500" },
      limits: NO_LIMITS,
    });

    const renamed = await walletApi("PUT", customerPath(id), { displayName: "  Lee Jiwoo " });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ displayName: "Lee Jiwoo", status: "FROZEN" });

    const kyc = await walletApi("PUT", customerPath(id), { kycStatus: "REJECTED" });
    expect(kyc.json).toMatchObject({
      displayName: "Lee Jiwoo",
      status: "FROZEN",
      kycStatus: "REJECTED",
    });

    // An empty body changes nothing.
    const nothing = await walletApi("PUT", customerPath(id), {});
    expect(nothing.status).toBe(200);
    expect((await walletApi("GET", customerPath(id))).json).toStrictEqual({
      customerId: id,
      displayName: "Lee Jiwoo",
      currency: "KRW",
      status: "FROZEN",
      kycStatus: "REJECTED",
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
      balance: { currency: "KRW", value: "500" },
      limits: NO_LIMITS,
    });
  });

  it("answers 404 JSON for an unknown customer", async () => {
    const id = uniqueId("NOPE");
    const got = await rawRequest("GET", customerPath(id), {
      Authorization: `Bearer ${secrets.walletApiKey}`,
    });
    expect(got.contentType).toContain("application/json");
    expectFieldError(got, 404, null);
    expect((got.json as { error: { message: string } }).error.message).toContain(id);
  });

  it("concurrent first PUTs of one new customer all succeed and create it once", async () => {
    const id = uniqueId("C");
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        walletApi("PUT", customerPath(id), { displayName: "Kim Minji", currency: "KRW" }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect(answer.json).toMatchObject({ customerId: id, currency: "KRW" });
    }
  });
});

describe("bearer key", () => {
  const wrongKeys = {
    "no Authorization header": {} as Record<string, string>,
    "an empty bearer": { Authorization: "Bearer " },
    "a wrong key": { Authorization: "Bearer not-the-key-at-all-0123456789" },
    "the key without the Bearer scheme": { Authorization: secrets.walletApiKey },
    "the key with its last character changed": {
      Authorization: `Bearer ${secrets.walletApiKey.slice(0, -1)}${
        secrets.walletApiKey.endsWith("A") ? "B" : "A"
      }`,
    },
    "the key with one character more": { Authorization: `Bearer ${secrets.walletApiKey}x` },
    "the key with its last character cut": {
      Authorization: `Bearer ${secrets.walletApiKey.slice(0, -1)}`,
    },
  };

  for (const [name, headers] of Object.entries(wrongKeys)) {
    it(`401 JSON with ${name}, on every route`, async () => {
      const id = await newCustomer();
      const requests: [string, string, string | undefined][] = [
        ["GET", customerPath(id), undefined],
        ["PUT", customerPath(id), JSON.stringify({ status: "FROZEN" })],
        // Auth comes before validation: an invalid body or id still answers 401.
        ["PUT", customerPath("x".repeat(65)), "not json"],
        [
          "POST",
          topUpPath(id),
          JSON.stringify({ topUpId: uniqueId("T"), amount: { currency: "KRW", value: "10" } }),
        ],
      ];
      for (const [method, path, body] of requests) {
        const answer = await rawRequest(
          method,
          path,
          { "Content-Type": "application/json", ...headers },
          body,
        );
        expect(answer.contentType).toContain("application/json");
        expectFieldError(answer, 401, null);
      }
      // Nothing happened.
      expect((await walletApi("GET", customerPath(id))).json).toMatchObject({
        status: "ACTIVE",
        balance: { value: "0" },
      });
    });
  }
});

describe("400 naming the field", () => {
  it("bad currency, status, kycStatus, displayName", async () => {
    const id = await newCustomer();
    const cases: [Record<string, unknown>, string][] = [
      [{ currency: "XYZ" }, "currency"],
      [{ currency: "krw" }, "currency"],
      [{ currency: "XAU" }, "currency"],
      [{ currency: 410 }, "currency"],
      [{ status: "CLOSED" }, "status"],
      [{ status: "active" }, "status"],
      [{ kycStatus: "DONE" }, "kycStatus"],
      [{ displayName: "" }, "displayName"],
      [{ displayName: "   " }, "displayName"],
      [{ displayName: "x".repeat(201) }, "displayName"],
      [{ displayName: 7 }, "displayName"],
    ];
    for (const [body, field] of cases) {
      expectFieldError(await walletApi("PUT", customerPath(id), body), 400, field);
    }
    // Nothing changed.
    expect((await walletApi("GET", customerPath(id))).json).toMatchObject({
      displayName: "Kim Minji",
      currency: "KRW",
      status: "ACTIVE",
      kycStatus: "PENDING",
    });
  });

  it("a body that is not JSON, or not a JSON object", async () => {
    const id = await newCustomer();
    for (const body of ["{", "not json", "", '{"displayName": "a",}']) {
      expectFieldError(await walletApi("PUT", customerPath(id), body), 400, "body");
      expectFieldError(await walletApi("POST", topUpPath(id), body), 400, "body");
    }
    for (const body of ["null", "[]", '"text"', "42"]) {
      expectFieldError(await walletApi("PUT", customerPath(id), body), 400, "body");
      expectFieldError(await walletApi("POST", topUpPath(id), body), 400, "body");
    }
  });

  it("a body over 64 KiB is not read past the limit: 413, nothing changed", async () => {
    const id = await newCustomer();
    const padding = "x".repeat(64 * 1024);
    expectFieldError(
      await walletApi("PUT", customerPath(id), { displayName: padding }),
      413,
      "body",
    );
    const topUpId = uniqueId("T");
    expectFieldError(
      await walletApi("POST", topUpPath(id), {
        topUpId,
        amount: { currency: "KRW", value: "100" },
        padding,
      }),
      413,
      "body",
    );
    expect(await balance(id)).toBe("0");
    expect((await walletApi("GET", customerPath(id))).json.displayName).toBe("Kim Minji");
  });

  it("currency or displayName missing on create, and nothing is created", async () => {
    const noCurrency = uniqueId("C");
    expectFieldError(
      await walletApi("PUT", customerPath(noCurrency), { displayName: "Kim" }),
      400,
      "currency",
    );
    const noName = uniqueId("C");
    expectFieldError(
      await walletApi("PUT", customerPath(noName), { currency: "KRW" }),
      400,
      "displayName",
    );
    expectFieldError(await walletApi("GET", customerPath(noCurrency)), 404, null);
    expectFieldError(await walletApi("GET", customerPath(noName)), 404, null);
  });

  it("a customerId longer than 64 characters (64 is fine)", async () => {
    const long = "C".repeat(65);
    const body = { displayName: "Kim", currency: "KRW" };
    expectFieldError(await walletApi("PUT", customerPath(long), body), 400, "customerId");
    expectFieldError(await walletApi("GET", customerPath(long)), 400, "customerId");
    expectFieldError(
      await walletApi("POST", topUpPath(long), {
        topUpId: uniqueId("T"),
        amount: { currency: "KRW", value: "1" },
      }),
      400,
      "customerId",
    );
    const sixtyFour = uniqueId("C").padEnd(64, "x");
    expect((await walletApi("PUT", customerPath(sixtyFour), body)).status).toBe(200);
  });
});

describe("wallet currency", () => {
  it("may change before any ledger entry, and not after a top-up (409 naming currency)", async () => {
    const id = await newCustomer();
    const changed = await walletApi("PUT", customerPath(id), { currency: "USD" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      currency: "USD",
      balance: { currency: "USD", value: "0" },
    });

    expect((await topUp(id, "250", undefined, "USD")).status).toBe(201);

    const refused = await walletApi("PUT", customerPath(id), { currency: "JPY", status: "FROZEN" });
    expectFieldError(refused, 409, "currency");
    // The whole PUT was refused: the status did not change either.
    expect((await walletApi("GET", customerPath(id))).json).toMatchObject({
      currency: "USD",
      status: "ACTIVE",
      balance: { currency: "USD", value: "250" },
    });
    // Naming the same currency again is not a change.
    const same = await walletApi("PUT", customerPath(id), {
      currency: "USD",
      kycStatus: "VERIFIED",
    });
    expect(same.status).toBe(200);
    expect(same.json).toMatchObject({ currency: "USD", kycStatus: "VERIFIED" });
  });
});

describe("wallet limits", () => {
  const krw = (value: string) => ({ currency: "KRW", value });

  it("are set, kept when omitted, cleared one by one with null and all at once with limits: null", async () => {
    const id = await newCustomer({
      limits: { singlePaymentMax: krw("50000"), dailyCountMax: 3 },
    });
    const created = await walletApi("GET", customerPath(id));
    expect(created.json.limits).toStrictEqual({
      singlePaymentMax: krw("50000"),
      dailyAmountMax: null,
      dailyCountMax: 3,
    });

    const more = await walletApi("PUT", customerPath(id), {
      limits: { dailyAmountMax: krw(MAX) },
    });
    expect(more.status).toBe(200);
    expect(more.json.limits).toStrictEqual({
      singlePaymentMax: krw("50000"),
      dailyAmountMax: krw(MAX),
      dailyCountMax: 3,
    });
    // Other fields leave the limits alone; a limit of 0 is a limit (no payment passes it).
    await walletApi("PUT", customerPath(id), { status: "FROZEN" });
    const zero = await walletApi("PUT", customerPath(id), {
      limits: { singlePaymentMax: krw("0") },
    });
    expect(zero.json.limits).toStrictEqual({
      singlePaymentMax: krw("0"),
      dailyAmountMax: krw(MAX),
      dailyCountMax: 3,
    });

    const cleared = await walletApi("PUT", customerPath(id), {
      limits: { singlePaymentMax: null, dailyCountMax: null },
    });
    expect(cleared.json.limits).toStrictEqual({
      singlePaymentMax: null,
      dailyAmountMax: krw(MAX),
      dailyCountMax: null,
    });
    const none = await walletApi("PUT", customerPath(id), { limits: null });
    expect(none.json.limits).toStrictEqual(NO_LIMITS);
    expect((await walletApi("GET", customerPath(id))).json.limits).toStrictEqual(NO_LIMITS);
  });

  it("in another currency than the wallet's → 400 naming the field, nothing changed", async () => {
    const id = await newCustomer({ limits: { dailyCountMax: 5 } });
    const refused = await walletApi("PUT", customerPath(id), {
      status: "FROZEN",
      limits: { dailyCountMax: 1, dailyAmountMax: { currency: "JPY", value: "100" } },
    });
    expectFieldError(refused, 400, "limits.dailyAmountMax.currency");
    expect((await walletApi("GET", customerPath(id))).json).toMatchObject({
      status: "ACTIVE",
      limits: { ...NO_LIMITS, dailyCountMax: 5 },
    });
    // On creation too, against the currency being set.
    const newId = uniqueId("C");
    const create = await walletApi("PUT", customerPath(newId), {
      displayName: "Kim Minji",
      currency: "JPY",
      limits: { singlePaymentMax: krw("100") },
    });
    expectFieldError(create, 400, "limits.singlePaymentMax.currency");
    expect((await walletApi("GET", customerPath(newId))).status).toBe(404);
  });

  it("a wallet currency change must restate or clear an amount limit (400 naming it)", async () => {
    const id = await newCustomer({ limits: { singlePaymentMax: krw("50000"), dailyCountMax: 2 } });
    const refused = await walletApi("PUT", customerPath(id), { currency: "JPY" });
    expectFieldError(refused, 400, "limits.singlePaymentMax");
    expect((await walletApi("GET", customerPath(id))).json.currency).toBe("KRW");

    const restated = await walletApi("PUT", customerPath(id), {
      currency: "JPY",
      limits: { singlePaymentMax: { currency: "JPY", value: "5000" } },
    });
    expect(restated.status, JSON.stringify(restated.json)).toBe(200);
    expect(restated.json.limits).toStrictEqual({
      singlePaymentMax: { currency: "JPY", value: "5000" },
      dailyAmountMax: null,
      dailyCountMax: 2,
    });
    const cleared = await walletApi("PUT", customerPath(id), {
      currency: "USD",
      limits: { singlePaymentMax: null },
    });
    expect(cleared.json).toMatchObject({
      currency: "USD",
      limits: { ...NO_LIMITS, dailyCountMax: 2 },
    });
  });

  it.each([
    [{ singlePaymentMax: { currency: "KRW", value: "-1" } }, "limits.singlePaymentMax.value"],
    [{ singlePaymentMax: { currency: "KRW", value: 100 } }, "limits.singlePaymentMax.value"],
    [{ dailyAmountMax: { currency: "KRW", value: "1.5" } }, "limits.dailyAmountMax.value"],
    [{ dailyAmountMax: { currency: "XXX", value: "1" } }, "limits.dailyAmountMax.currency"],
    [{ dailyAmountMax: "50000" }, "limits.dailyAmountMax"],
    [{ dailyCountMax: -1 }, "limits.dailyCountMax"],
    [{ dailyCountMax: 1.5 }, "limits.dailyCountMax"],
    [{ dailyCountMax: "3" }, "limits.dailyCountMax"],
    [{ dailyCountMax: 2_147_483_648 }, "limits.dailyCountMax"],
    [{ dailyCountMaximum: 3 }, "limits"],
    ["none", "limits"],
  ])("limits %j → 400 naming %s", async (limits, field) => {
    const id = await newCustomer();
    expectFieldError(await walletApi("PUT", customerPath(id), { limits }), 400, field);
    expect((await walletApi("GET", customerPath(id))).json.limits).toStrictEqual(NO_LIMITS);
  });
});

describe("POST /api/wallet/v1/customers/{id}/top-ups", () => {
  it("201 then an identical 200 replay, credited once", async () => {
    const id = await newCustomer();
    const topUpId = uniqueId("T");
    const first = await topUp(id, "1500", topUpId);
    expect(first.status).toBe(201);
    expect(first.json).toStrictEqual({
      topUpId,
      customerId: id,
      amount: { currency: "KRW", value: "1500" },
      balanceAfter: { currency: "KRW", value: "1500" },
    });
    expect((await topUp(id, "700")).status).toBe(201);
    const replay = await topUp(id, "1500", topUpId);
    expect(replay.status).toBe(200);
    expect(replay.json).toStrictEqual(first.json);
    expect(await balance(id)).toBe("2200");
  });

  it("the same topUpId with another amount, currency or customer → 409, nothing credited", async () => {
    const id = await newCustomer();
    const other = await newCustomer();
    const topUpId = uniqueId("T");
    expect((await topUp(id, "100", topUpId)).status).toBe(201);
    expectFieldError(await topUp(id, "101", topUpId), 409, "topUpId");
    expectFieldError(await topUp(id, "100", topUpId, "USD"), 409, "topUpId");
    expectFieldError(await topUp(other, "100", topUpId), 409, "topUpId");
    expect(await balance(id)).toBe("100");
    expect(await balance(other)).toBe("0");
  });

  it("a top-up in another currency → 400 naming amount.currency, nothing stored", async () => {
    const id = await newCustomer();
    const topUpId = uniqueId("T");
    expectFieldError(await topUp(id, "100", topUpId, "USD"), 400, "amount.currency");
    expect(await balance(id)).toBe("0");
    // The refused id was not kept: it can be used for a valid top-up.
    expect((await topUp(id, "100", topUpId)).status).toBe(201);
    expect(await balance(id)).toBe("100");
  });

  it("bad amount values → 400 naming amount.value", async () => {
    const id = await newCustomer();
    const values: unknown[] = [
      "0",
      "-5",
      "1.5",
      "12345678901234567890",
      "9223372036854775808",
      "",
      " 1",
      "01",
      "1e3",
      "0x10",
      100,
    ];
    for (const value of values) {
      const answer = await walletApi("POST", topUpPath(id), {
        topUpId: uniqueId("T"),
        amount: { currency: "KRW", value },
      });
      expectFieldError(answer, 400, "amount.value");
    }
    expect(await balance(id)).toBe("0");
  });

  it("other bad top-up bodies → 400 naming the field", async () => {
    const id = await newCustomer();
    const cases: [unknown, string][] = [
      [{ amount: { currency: "KRW", value: "1" } }, "topUpId"],
      [{ topUpId: "", amount: { currency: "KRW", value: "1" } }, "topUpId"],
      [{ topUpId: "T".repeat(65), amount: { currency: "KRW", value: "1" } }, "topUpId"],
      [{ topUpId: uniqueId("T") }, "amount"],
      [{ topUpId: uniqueId("T"), amount: { value: "1" } }, "amount.currency"],
      [{ topUpId: uniqueId("T"), amount: { currency: "XYZ", value: "1" } }, "amount.currency"],
      [{ topUpId: uniqueId("T"), amount: { currency: "KRW" } }, "amount.value"],
    ];
    for (const [body, field] of cases) {
      expectFieldError(await walletApi("POST", topUpPath(id), body), 400, field);
    }
    expect(await balance(id)).toBe("0");
  });

  it("refuses a top-up that would overflow the balance, leaving it unchanged", async () => {
    const id = await newCustomer();
    const max = await topUp(id, MAX);
    expect(max.status).toBe(201);
    expect(max.json.balanceAfter).toStrictEqual({ currency: "KRW", value: MAX });
    const overflowId = uniqueId("T");
    expectFieldError(await topUp(id, "1", overflowId), 400, "amount.value");
    expect(await balance(id)).toBe(MAX);
    // Not stored under its id either: a retry is refused the same way, not replayed.
    expectFieldError(await topUp(id, "1", overflowId), 400, "amount.value");
    expect(await balance(id)).toBe(MAX);
  });

  it("keeps values beyond 2^53 exact", async () => {
    const id = await newCustomer();
    // 2^53 + 1 and a 19-digit value: both lose digits as a JavaScript number.
    expect((await topUp(id, "9007199254740993")).json.balanceAfter).toStrictEqual({
      currency: "KRW",
      value: "9007199254740993",
    });
    const second = await topUp(id, "1234567890123456789");
    expect(second.status).toBe(201);
    expect(second.json.balanceAfter?.value).toBe("1243575089378197782");
    expect(await balance(id)).toBe("1243575089378197782");
  });

  it("20 concurrent copies of one top-up credit it once and all answer the same", async () => {
    const id = await newCustomer();
    const topUpId = uniqueId("T");
    const answers = await Promise.all(Array.from({ length: 20 }, () => topUp(id, "333", topUpId)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    for (const answer of answers) {
      expect(answer.json).toStrictEqual({
        topUpId,
        customerId: id,
        amount: { currency: "KRW", value: "333" },
        balanceAfter: { currency: "KRW", value: "333" },
      });
    }
    expect(await balance(id)).toBe("333");
  });

  it("a top-up for an unknown customer → 404, and the id stays free", async () => {
    const unknown = uniqueId("NOPE");
    const topUpId = uniqueId("T");
    expectFieldError(await topUp(unknown, "100", topUpId), 404, null);
    const id = await newCustomer();
    expect((await topUp(id, "100", topUpId)).status).toBe(201);
  });
});

/**
 * `POST /api/wallet/v1/auth-codes` over real HTTP (README "Auto Debit"): an Auto Debit auth code
 * for a customer, valid 10 minutes, stored only as its hash.
 */
import { describe, expect, it } from "vitest";
import { createCustomer, database, storedHash, uniqueId, walletApi } from "../fixtures/gateway";
import { ALIPAY_TIME } from "../fixtures/matchers";

const AUTH_CODES = "/api/wallet/v1/auth-codes";

describe("POST /api/wallet/v1/auth-codes", () => {
  it("answers 201 with a random code valid 10 minutes, stored only as its hash", async () => {
    const customerId = await createCustomer();
    const { status, json } = await walletApi("POST", AUTH_CODES, { customerId });
    expect(status, JSON.stringify(json)).toBe(201);
    const { authCode, expiresAt } = json as unknown as { authCode: string; expiresAt: string };
    expect(authCode).toMatch(/^[\w-]{43,}$/); // ≥ 256 bits of base64url
    expect(expiresAt).toMatch(ALIPAY_TIME);
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60_000);

    const rows = await database.sql<{ customer_id: string; row: string }[]>`
      select customer_id, row_to_json(a)::text as row from auth_codes a
      where code_hash = ${storedHash(authCode)}`;
    expect(rows.map((r) => r.customer_id)).toEqual([customerId]);
    expect(rows[0]?.row).not.toContain(authCode);

    const second = await walletApi("POST", AUTH_CODES, { customerId });
    expect((second.json as unknown as { authCode: string }).authCode).not.toBe(authCode);
  });

  it("answers 404 for an unknown customer and 409 for a frozen one", async () => {
    const unknown = await walletApi("POST", AUTH_CODES, { customerId: uniqueId("C") });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: "NOT_FOUND", field: "customerId" });

    const frozen = await walletApi("POST", AUTH_CODES, {
      customerId: await createCustomer({ status: "FROZEN" }),
    });
    expect(frozen.status).toBe(409);
  });

  it("answers 400 naming the field, and 401 without the key", async () => {
    const missing = await walletApi("POST", AUTH_CODES, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: "INVALID_REQUEST", field: "customerId" });

    const wrongType = await walletApi("POST", AUTH_CODES, { customerId: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toMatchObject({ field: "customerId" });

    const notJson = await walletApi("POST", AUTH_CODES, "{");
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatchObject({ field: "body" });

    const noKey = await walletApi("POST", AUTH_CODES, { customerId: "C-1" }, "wrong-key");
    expect(noKey.status).toBe(401);
  });
});

/**
 * The customer risk fields through real HTTP (README "Customer risk fields"):
 * `creditRating`, `creditScore` and `accountCreatedAt` on PUT/GET /api/wallet/v1/customers/{id}:
 * set on creation or later, kept when omitted, cleared with null, validated with 400s naming the
 * field, and stored in the customer's row.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { database, uniqueId, walletApi } from "../fixtures/gateway";
import { isoFromNow } from "../fixtures/signals";

const customerPath = (id: string) => `/api/wallet/v1/customers/${encodeURIComponent(id)}`;

async function put(id: string, body: Record<string, unknown>) {
  return walletApi("PUT", customerPath(id), body);
}

async function riskFields(id: string) {
  const got = await walletApi("GET", customerPath(id));
  expect(got.status).toBe(200);
  const { creditRating, creditScore, accountCreatedAt } = got.json as Record<string, unknown>;
  return { creditRating, creditScore, accountCreatedAt };
}

async function storedRow(id: string) {
  const [row] = await database.db
    .select({
      creditRating: customers.creditRating,
      creditScore: customers.creditScore,
      accountCreatedAt: customers.accountCreatedAt,
    })
    .from(customers)
    .where(eq(customers.customerId, id));
  return row;
}

async function newCustomer(fields: Record<string, unknown> = {}) {
  const id = uniqueId("C");
  const created = await put(id, { displayName: "Risk Test", currency: "KRW", ...fields });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  return { id, created };
}

describe("customer risk fields", () => {
  it("are null until the wallet sends them", async () => {
    const { id, created } = await newCustomer();
    expect(created.json).toMatchObject({
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
    });
    expect(await riskFields(id)).toStrictEqual({
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
    });
    expect(await storedRow(id)).toStrictEqual({
      creditRating: null,
      creditScore: null,
      accountCreatedAt: null,
    });
  });

  it("are set on creation, answered by PUT and GET, and stored", async () => {
    const { id, created } = await newCustomer({
      creditRating: "GOOD",
      creditScore: 812,
      accountCreatedAt: "2024-03-01T09:00:00+09:00",
    });
    const expected = {
      creditRating: "GOOD",
      creditScore: 812,
      accountCreatedAt: "2024-03-01T00:00:00.000Z",
    };
    expect(created.json).toMatchObject(expected);
    expect(await riskFields(id)).toStrictEqual(expected);
    expect(await storedRow(id)).toStrictEqual({
      creditRating: "GOOD",
      creditScore: 812,
      accountCreatedAt: new Date("2024-03-01T00:00:00Z"),
    });
  });

  it("change one at a time; omitted ones keep their value, and so do the other fields", async () => {
    const { id } = await newCustomer({
      kycStatus: "VERIFIED",
      creditRating: "FAIR",
      creditScore: 500,
      accountCreatedAt: "2025-06-30T23:59:59Z",
    });
    const rating = await put(id, { creditRating: "BAD" });
    expect(rating.status).toBe(200);
    expect(rating.json).toMatchObject({
      displayName: "Risk Test",
      kycStatus: "VERIFIED",
      creditRating: "BAD",
      creditScore: 500,
      accountCreatedAt: "2025-06-30T23:59:59.000Z",
    });
    await put(id, { creditScore: 0 });
    await put(id, { accountCreatedAt: "2025-07-01T08:00:00.250-04:00" });
    expect(await riskFields(id)).toStrictEqual({
      creditRating: "BAD",
      creditScore: 0,
      accountCreatedAt: "2025-07-01T12:00:00.250Z",
    });
    // Fields without risk meaning leave them alone too.
    await put(id, { displayName: "Renamed", status: "FROZEN" });
    expect(await riskFields(id)).toStrictEqual({
      creditRating: "BAD",
      creditScore: 0,
      accountCreatedAt: "2025-07-01T12:00:00.250Z",
    });
  });

  it("null clears a value", async () => {
    const { id } = await newCustomer({
      creditRating: "GOOD",
      creditScore: 1000,
      accountCreatedAt: "2020-01-01T00:00:00Z",
    });
    await put(id, { creditScore: null, accountCreatedAt: null });
    expect(await riskFields(id)).toStrictEqual({
      creditRating: "GOOD",
      creditScore: null,
      accountCreatedAt: null,
    });
    expect(await storedRow(id)).toStrictEqual({
      creditRating: "GOOD",
      creditScore: null,
      accountCreatedAt: null,
    });
  });

  it("accountCreatedAt may be 4 minutes ahead of the server clock (phone clock skew)", async () => {
    const at = isoFromNow(4 * 60_000);
    const { id } = await newCustomer({ accountCreatedAt: at });
    expect((await riskFields(id)).accountCreatedAt).toBe(at);
  });

  it.each([
    [{ creditRating: "EXCELLENT" }, "creditRating"],
    [{ creditRating: "good" }, "creditRating"],
    [{ creditRating: 1 }, "creditRating"],
    [{ creditScore: 1001 }, "creditScore"],
    [{ creditScore: -1 }, "creditScore"],
    [{ creditScore: 700.5 }, "creditScore"],
    [{ creditScore: "700" }, "creditScore"],
    [{ accountCreatedAt: "2024-03-01T09:00:00" }, "accountCreatedAt"],
    [{ accountCreatedAt: "2024-03-01" }, "accountCreatedAt"],
    [{ accountCreatedAt: "yesterday" }, "accountCreatedAt"],
    [{ accountCreatedAt: 1709251200000 }, "accountCreatedAt"],
    [{ accountCreatedAt: isoFromNow(6 * 60_000) }, "accountCreatedAt"],
  ])("refuses %j with a 400 naming the field, changing nothing", async (body, field) => {
    const { id } = await newCustomer({
      creditRating: "FAIR",
      creditScore: 640,
      accountCreatedAt: "2023-05-05T05:05:05Z",
    });
    const answer = await put(id, body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(400);
    expect(answer.json).toEqual({
      error: {
        code: "INVALID_REQUEST",
        field,
        message: expect.stringContaining(`${field}: `) as string,
      },
    });
    expect(await riskFields(id)).toStrictEqual({
      creditRating: "FAIR",
      creditScore: 640,
      accountCreatedAt: "2023-05-05T05:05:05.000Z",
    });
  });

  it("a refused creation creates nobody", async () => {
    const id = uniqueId("C");
    const answer = await put(id, { displayName: "X", currency: "KRW", creditScore: 2000 });
    expect(answer.status).toBe(400);
    expect((await walletApi("GET", customerPath(id))).status).toBe(404);
  });
});

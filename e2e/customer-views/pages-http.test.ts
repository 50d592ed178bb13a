/**
 * The customer pages and the history's tRPC query through the real server: the customer id comes
 * from the session only, someone else's ids are "not found", no session means the signed-out page,
 * and the no-JavaScript "Load more" works.
 */
import { describe, expect, it } from "vitest";
import { createLaunchToken } from "@/server/auth/launch-token";
import { payments } from "@/db/schema";
import {
  baseUrl,
  callGateway,
  createCustomer,
  database,
  PAY,
  paidPayment,
  payRequest,
  secrets,
} from "../fixtures/gateway";
import { SESSION_COOKIE } from "../fixtures/sessions";

/** A session cookie for the customer, as the wallet app's launch would start it. */
async function signIn(customerId: string, locale = "en"): Promise<string> {
  const token = await createLaunchToken(secrets.walletLaunchSecret, { customerId, locale });
  const response = await fetch(new URL(`/launch?token=${token}`, baseUrl), { redirect: "manual" });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`no session for ${customerId}: HTTP ${response.status}`);
  return cookie.split(";")[0] ?? "";
}

function get(path: string, cookie?: string) {
  return fetch(new URL(path, baseUrl), {
    redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
}

function listQuery(input: unknown) {
  return `/api/trpc/transactions.list?input=${encodeURIComponent(JSON.stringify(input))}`;
}

describe("customer pages over HTTP", () => {
  it("sends a visit without a session to the signed-out page", async () => {
    for (const path of [
      "/transactions",
      "/transactions/P1",
      "/refunds/R1",
      "/payments/P1/result",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(307);
      const location = new URL(response.headers.get("location") ?? "", baseUrl);
      expect(`${location.pathname}${location.search}`).toBe("/launch/failed?reason=signedOut");
    }
  });

  it("shows a customer's own payment, and answers 404 for someone else's as for an unknown id", async () => {
    const own = await paidPayment();
    const other = await paidPayment();
    const cookie = await signIn(own.customerId, "ko");

    const page = await get(`/transactions/${own.paymentId}`, cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="ko"');
    expect(html).toContain("Uji Sabo Ginza");
    expect(html).toContain("1 JPY = 9.3 KRW");

    for (const path of [
      `/transactions/${other.paymentId}`,
      "/transactions/P-NO-SUCH-PAYMENT",
      `/payments/${other.paymentId}/result`,
      "/refunds/R-NO-SUCH-REFUND",
    ]) {
      expect((await get(path, cookie)).status, path).toBe(404);
    }
  });

  it("serves the next page of the history to the signed-in customer only, by cursor alone", async () => {
    const customerId = await createCustomer();
    for (let i = 0; i < 21; i += 1) await callGateway(PAY, payRequest(customerId));
    const cookie = await signIn(customerId);

    const first = await (await get("/transactions", cookie)).text();
    const cursor = /href="\/transactions\?cursor=([A-Za-z0-9_-]+)"/.exec(first)?.[1];
    expect(cursor).toBeDefined();

    // Without JavaScript: the link opens the older page as a page of its own.
    const older = await get(`/transactions?cursor=${cursor}`, cookie);
    expect(older.status).toBe(200);
    expect(await older.text()).not.toContain("/transactions?cursor=");

    // With JavaScript: the loader asks tRPC, and gets money as strings (bigint is not JSON).
    const answer = await get(listQuery({ cursor }), cookie);
    expect(answer.status).toBe(200);
    const { rows, nextCursor } = (
      (await answer.json()) as { result: { data: { rows: unknown[]; nextCursor: string | null } } }
    ).result.data;
    expect(nextCursor).toBeNull();
    expect(rows).toEqual([
      expect.objectContaining({
        status: "paid",
        paid: { amountMinor: "16740", currency: "KRW" },
        saved: { amountMinor: "3720", currency: "KRW" },
      }),
    ]);

    expect((await get(listQuery({}))).status).toBe(401);
    expect((await get(listQuery({ customerId: "C-000042" }), cookie)).status).toBe(400);
    expect((await get(listQuery({ cursor: "not-a-cursor" }), cookie)).status).toBe(400);
  });

  it("lists a payment that risk control declined as failed, with a plain, non-accusing explanation", async () => {
    // Written straight into the database, without risk control, as the gateway writes a
    // declined pay (status FAILED, resultCode RISK_REJECT, no paymentTime, no debit).
    const customerId = await createCustomer();
    await database.db.insert(payments).values({
      paymentId: `P-RISK-${customerId}`,
      paymentRequestId: `RISK-${customerId}`,
      status: "FAILED",
      resultCode: "RISK_REJECT",
      customerId,
      payToAmountMinor: 16740n,
      payToCurrency: "KRW",
      paymentAmountMinor: 1800n,
      paymentCurrency: "JPY",
      merchantName: "宇治茶房 銀座店",
      merchantDisplayName: "Uji Sabo Ginza",
    });
    const html = await (await get("/transactions", await signIn(customerId))).text();
    expect(html).toContain("Uji Sabo Ginza");
    expect(html).toContain("Failed");
    expect(html).toContain(
      "This payment was stopped by our security checks to protect your account. No money was taken from your wallet.",
    );
    expect(html).not.toMatch(/fraud|suspicious|abuse/i);
  });
});

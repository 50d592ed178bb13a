/**
 * The page security headers (proxy.ts, server/http/page-security-headers.ts) in Chromium: every
 * page is sent a Content-Security-Policy whose nonce is on every script Next.js writes, HSTS (the
 * test server runs in production), `frame-ancestors 'none'` and a Referrer-Policy; under that
 * policy the customer pages and the console's charts work and the browser refuses nothing.
 */
import { expect, test, type Page, type Response } from "@playwright/test";
import { baseUrl, createHistory, launch } from "./fixtures/browser";
import { createStaffAccount, signInAsStaff } from "./fixtures/staff";

/** What the browser refused under the policy: Chromium logs each refusal to the console. */
function refusals(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

/** The page's policy names a fresh nonce, and every script in its HTML carries that nonce. */
async function expectNoncedPage(response: Response | null) {
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(policy)?.[1];
  expect(nonce).toBeDefined();
  const scripts = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  return nonce!;
}

/** Next.js's client runtime ran: its scripts were allowed. */
async function expectHydrated(page: Page) {
  await expect
    .poll(() => page.evaluate(() => (window as { next?: { version?: string } }).next?.version))
    .toMatch(/^\d+\./);
}

test("customer pages run their nonced scripts and nothing is refused", async ({ page }) => {
  const refused = refusals(page);
  const history = await createHistory();
  await launch(page, history.customerId, { locale: "en" });
  const nonces = new Set<string>();
  for (const path of [
    "/transactions",
    `/transactions/${history.partlyRefunded.paymentId}`,
    `/refunds/${history.partlyRefunded.refundId}`,
    `/payments/${history.paid.paymentId}/result`,
  ]) {
    nonces.add(await expectNoncedPage(await page.goto(path)));
    await expectHydrated(page);
  }
  // A client-side navigation works too: the history's link to a payment.
  await page.goto("/transactions");
  await page.getByRole("link", { name: /Ya Kun Kaya Toast/ }).click();
  await expect(page).toHaveURL(new RegExp(`/transactions/${history.refunded.paymentId}$`));
  expect(nonces.size).toBe(4);
  expect(refused).toEqual([]);
});

test("the console's charts draw under the policy and nothing is refused", async ({ page }) => {
  const refused = refusals(page);
  const viewer = await createStaffAccount("VIEWER", "csp-overview");
  await expectNoncedPage(await page.goto("/staff/sign-in"));
  await signInAsStaff(page, viewer);
  await expectNoncedPage(await page.goto("/staff"));
  await expectHydrated(page);
  // recharts draws its SVG in the browser, sized by inline styles.
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  expect(refused).toEqual([]);
});

test("the pages without a session get the headers too, and none can be framed", async ({
  page,
}) => {
  for (const path of ["/", "/launch/failed?reason=expired&lang=en"]) {
    await expectNoncedPage(await page.goto(path));
  }
  const refused = refusals(page);
  await page.setContent(`<iframe src="${new URL("/staff/sign-in", baseUrl).href}"></iframe>`);
  await expect.poll(() => refused.join("\n")).toContain("frame-ancestors 'none'");
});

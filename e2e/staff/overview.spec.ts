/**
 * The overview and the inbound call log in Chromium (README "Staff console"): payments made through
 * the real signed pay — one with a promotion of the test's own, one a casino the gambling rule
 * rejects — then a viewer signs in, sees every chart drawn with its data table (the test's promo
 * id with its saving to the unit), and finds the test's pay in the inbound call log, expands its
 * raw request and response and opens the call. Screenshots of every screen go into the output.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import type { DemoMerchant, DemoPromotion } from "@/server/simulator/demo-data";
import { createCustomer, pay, UJI_SABO } from "../fixtures/browser";
import { createStaffAccount, signInAsStaff, screenshotScreen } from "../fixtures/staff";

/** A promotion nobody else uses: ¥300 off, ₩2,790 at the simulator's JPY/KRW 9.3. */
function ownPromotion(): DemoPromotion {
  return {
    promoId: `PROMO-OVW-${randomUUID().slice(0, 12).toUpperCase()}`,
    promoName: "Overview test: 300 JPY off",
    promoType: "DISCOUNT",
    offMinor: 300n,
  };
}

const CASINO: DemoMerchant = {
  ...UJI_SABO,
  referenceMerchantId: "M-JP-CASINO-OVW",
  merchantMCC: "7995",
  merchantName: "Overview test casino",
  store: { ...UJI_SABO.store, referenceStoreId: "S-CASINO-OVW", storeMCC: "7995" },
};

test("a viewer sees the overview's charts with their data tables", async ({ page }, testInfo) => {
  const promotion = ownPromotion();
  const customerId = await createCustomer();
  // ¥2,200 − ¥300 = ¥1,900 → ₩17,670.
  await pay(customerId, UJI_SABO, { promotions: [promotion], payToMinor: 17_670n });
  await pay(customerId, CASINO, {
    promotions: [promotion],
    payToMinor: 17_670n,
    expectResult: "RISK_REJECT",
  });

  const viewer = await createStaffAccount("VIEWER", "overview-ui");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsStaff(page, viewer);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByText("Days are UTC days")).toBeVisible();

  const section = (name: string) => page.getByRole("region", { name });
  const promotions = section("Promoted payments and promotion money per day");
  const savings = section("Savings by campaign");
  const rules = section("Decisions per rule per day");
  const rates = section("Reject and review rates");
  // Recharts draws in the browser: an <svg> per chart once hydrated (legend icons aside).
  const charts = (region: typeof savings) => region.locator(".recharts-wrapper > svg");
  await expect(charts(promotions)).toHaveCount(2);
  for (const drawn of [savings, rules, rates]) await expect(charts(drawn)).toHaveCount(1);
  await expect(charts(promotions).first().locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(section("Campaign budget burn")).toBeVisible();
  await screenshotScreen(page, testInfo, "overview");

  // The data tables hold the exact figures: the test's promo id saved ₩2,790 once (the casino's
  // promotion was rejected, so it saved nothing).
  await savings.getByText("Data table: savings by campaign").click();
  const promoRow = savings.getByRole("row", { name: new RegExp(promotion.promoId) });
  await expect(promoRow.getByRole("cell")).toHaveText([
    "Overview test: 300 JPY off",
    "—",
    "KRW",
    "1",
    "1",
    "₩2,790",
  ]);
  await rules.getByText("Data table: decisions per rule per day").click();
  await expect(rules.getByRole("columnheader", { name: "Gambling" })).toBeVisible();
  await rates.getByText("Data table: reject and review rates").click();
  await expect(rates.getByRole("columnheader", { name: "Reject rate" })).toBeVisible();
  await promotions.getByText("Data table: promoted payments and promotion money per day").click();
  await expect(
    promotions.getByRole("columnheader", { name: "Promotion money (KRW)" }),
  ).toBeVisible();
  await screenshotScreen(page, testInfo, "overview-data-tables");

  // A tablet: the charts stack in one column and still draw.
  await page.setViewportSize({ width: 768, height: 1024 });
  await expect(charts(rates)).toHaveCount(1);
  await screenshotScreen(page, testInfo, "overview-tablet");

  // Another window through the form: a window without data draws no chart but says so.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel("From (UTC day)").fill("2001-02-01");
  await page.getByLabel("To (UTC day)").fill("2001-02-28");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/from=2001-02-01&to=2001-02-28/);
  await expect(page.getByText("28 days from 2001-02-01 to 2001-02-28.")).toBeVisible();
  await expect(promotions.getByText("No promoted payments in this window.")).toBeVisible();
  await screenshotScreen(page, testInfo, "overview-empty-window");
});

test("a viewer finds a call in the inbound call log and expands it", async ({ page }, testInfo) => {
  const customerId = await createCustomer();
  const paid = await pay(customerId, UJI_SABO, {
    promotions: [ownPromotion()],
    payToMinor: 17_670n,
  });
  const { paymentRequestId } = paid.plan;

  const viewer = await createStaffAccount("VIEWER", "inbound-ui");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsStaff(page, viewer);
  await page.getByRole("link", { name: "Inbound calls" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inbound calls" })).toBeVisible();
  await screenshotScreen(page, testInfo, "inbound-calls");

  await page.getByLabel("Request id").fill(paymentRequestId);
  await page.getByLabel("API").selectOption("pay");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/q=/);
  // The log is written just after the answer: reload until the call is there.
  const link = page.getByRole("link", { name: paymentRequestId });
  await expect(async () => {
    await page.reload();
    await expect(link).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(link).toHaveAttribute("href", `/staff/payments/${paid.paymentId}`);
  const call = page.locator("tbody", { has: link });
  const summary = call.getByRole("row").first();
  await expect(summary.getByRole("rowheader")).toContainText(/^\d{4}-\d{2}-\d{2} [\d:]{8} UTC$/);
  await expect(summary.getByRole("cell")).toHaveText([
    "pay",
    `paymentRequestId ${paymentRequestId}`,
    "VALID",
    "S SUCCESS",
    "200",
    /^\d+ ms$/,
  ]);

  await call.getByText(/^Raw request and response of call \d+$/).click();
  await expect(call.getByText(`"paymentRequestId": "${paymentRequestId}"`)).toBeVisible();
  await expect(call.getByText(`"paymentId": "${paid.paymentId}"`)).toBeVisible();
  // The payment code is stored and shown as its last 4 characters only.
  await expect(call.getByText(/"paymentMethodId": "\*\*\*\*\w{4}"/)).toBeVisible();
  await screenshotScreen(page, testInfo, "inbound-call-expanded");

  await call.getByRole("link", { name: /^Open call \d+ with its headers$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Inbound call \d+$/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /client-id/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /authorization/i })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "inbound-call");
});

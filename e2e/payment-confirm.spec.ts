/**
 * Confirm on the payment result in Chromium (server/customer-views/confirm-target.ts): after a
 * payment on the cashier page, back to the merchant's `paymentRedirectUrl` after a 6-second
 * countdown the customer can stop; a plain link before JavaScript loads; to the wallet when the
 * address is missing or unsafe, and always after a refused payment; in every language.
 *
 * The page's clock is Playwright's (page.clock): the countdown runs exactly as far as a test moves
 * it, whatever the load on the machine. The payment itself is made outside the test's browser
 * (payAtCashier), before the page under test opens with the fake clock.
 */
import { encodeSimulatorQr } from "@/server/simulator/qr-codes";
import {
  AUTUMN_JAPAN,
  createCustomer,
  FIRST_PAYMENT,
  launch,
  openMpmOrder,
  payAtCashier,
  simulatorUrl,
  UJI_SABO,
  walletApi,
} from "./fixtures/browser";
import {
  expect,
  expectFullyTranslated,
  expectPageFrame,
  fill,
  LANGUAGES,
  messagesFor,
  test,
  type Messages,
} from "./fixtures/pages";
import type { Page } from "@playwright/test";

test.use({ viewport: { width: 390, height: 844 } });

/** The simulated merchant's own page after paying (server/simulator/merchant-pages.ts). */
const MERCHANT_RETURN = `${simulatorUrl}/merchant/${UJI_SABO.referenceMerchantId}/return`;

function ujiSaboCode(paymentRedirectUrl?: string): string {
  return encodeSimulatorQr({
    merchant: UJI_SABO,
    orderMinor: 2200n,
    promotions: [AUTUMN_JAPAN, FIRST_PAYMENT],
    walletCurrency: "KRW",
    paymentRedirectUrl,
  });
}

/** A paid cashier order; returns the customer and the path of its payment result. */
async function paidOrder(paymentRedirectUrl?: string) {
  const customerId = await createCustomer();
  const cashier = await openMpmOrder(customerId, ujiSaboCode(paymentRedirectUrl));
  const result = await payAtCashier(customerId, cashier);
  expect(result).toMatch(/^\/payments\/P\d+\/result$/);
  return { customerId, result };
}

/** "Returning to the merchant in 6 seconds", as Intl words the seconds in the language. */
function returning(t: Messages, locale: string, seconds: number): string {
  const time = new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "second",
    unitDisplay: "long",
  }).format(seconds);
  return fill(t.paymentResult.returningToMerchant, { time });
}

/** The page's timers stand still from now on: only runFor moves them. */
async function stopTheClock(page: Page): Promise<void> {
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1000);
}

/**
 * A payment made on the cashier page, its result opened as the wallet app opens it, with the
 * page's clock standing still. Returns the result's path.
 */
async function openPaidResult(
  page: Page,
  paymentRedirectUrl: string | undefined,
  language: { claim: string; timeZone?: string } = { claim: "en" },
): Promise<string> {
  const { customerId, result } = await paidOrder(paymentRedirectUrl);
  await stopTheClock(page);
  await launch(page, customerId, {
    locale: language.claim,
    timeZone: language.timeZone,
    next: result,
  });
  return result;
}

/** Moves the fake clock in small steps until the page has started its countdown. */
async function untilCounting(page: Page, t: Messages): Promise<void> {
  const stop = page.getByRole("button", { name: t.paymentResult.stop, exact: true });
  await expect
    .poll(async () => {
      await page.clock.runFor(10);
      return stop.isVisible();
    })
    .toBe(true);
}

test("English: Confirm goes back to the merchant after 6 seconds, announced once", async ({
  page,
}) => {
  const t = messagesFor("en");
  const result = await openPaidResult(page, MERCHANT_RETURN);

  const confirm = page.getByRole("link", { name: "Confirm", exact: true });
  await expect(confirm).toHaveAttribute("href", MERCHANT_RETURN);
  await untilCounting(page, t);
  await expect(page.getByRole("status")).toHaveText("Returning to the merchant in 6 seconds");
  await expect(page.getByTestId("merchant-countdown")).toHaveText(
    "Returning to the merchant in 6 seconds",
  );

  await page.clock.runFor(5000);
  await expect(page.getByTestId("merchant-countdown")).toHaveText(
    "Returning to the merchant in 1 second",
  );
  // Said once when it started, not every second.
  await expect(page.getByRole("status")).toHaveText("Returning to the merchant in 6 seconds");
  await expect(page).toHaveURL(new RegExp(`${result}$`));

  await page.clock.runFor(1000);
  await expect(page).toHaveURL(MERCHANT_RETURN);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    UJI_SABO.merchantDisplayName ?? "",
  );
});

test("English: Stop keeps the customer on the result, says so, and puts focus on Confirm", async ({
  page,
}) => {
  const t = messagesFor("en");
  const result = await openPaidResult(page, MERCHANT_RETURN);
  await untilCounting(page, t);

  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(t.paymentResult.stayingHere);
  await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
  await expect(page.getByTestId("merchant-countdown")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Confirm", exact: true })).toBeFocused();

  await page.clock.runFor(30_000);
  await expect(page).toHaveURL(new RegExp(`${result}$`));
  await page.getByRole("link", { name: "Confirm", exact: true }).click();
  await expect(page).toHaveURL(MERCHANT_RETURN);
});

test("a tap anywhere on the page stops the countdown: someone reading is never carried away", async ({
  page,
}) => {
  const t = messagesFor("en");
  const result = await openPaidResult(page, MERCHANT_RETURN);
  await untilCounting(page, t);
  await page.getByRole("heading", { level: 1 }).click();
  await expect(page.getByRole("status")).toHaveText(t.paymentResult.stayingHere);
  await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
  await page.clock.runFor(30_000);
  await expect(page).toHaveURL(new RegExp(`${result}$`));
});

test("a key (Tab) stops the countdown too, and focus is not lost", async ({ page }) => {
  const t = messagesFor("en");
  await openPaidResult(page, MERCHANT_RETURN);
  await untilCounting(page, t);
  // The first key already stops it; focus goes where Tab sent it.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("status")).toHaveText(t.paymentResult.stayingHere);
  await expect(page.locator("body")).not.toBeFocused();
});

test("back from the merchant, the result does not count down again", async ({ page }) => {
  const t = messagesFor("en");
  const result = await openPaidResult(page, MERCHANT_RETURN);
  await untilCounting(page, t);
  await page.clock.runFor(6000);
  await expect(page).toHaveURL(MERCHANT_RETURN);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${result}$`));
  await expect(page.getByRole("link", { name: "Confirm", exact: true })).toBeVisible();
  await page.clock.runFor(30_000);
  await expect(page.getByRole("button", { name: "Stop" })).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`${result}$`));
});

test.describe("before JavaScript has loaded (a slow phone)", () => {
  test.use({ javaScriptEnabled: false });

  test("Confirm is a plain link to the merchant; nothing counts down", async ({ page }) => {
    const { customerId, result } = await paidOrder(MERCHANT_RETURN);
    await launch(page, customerId, { locale: "en", next: result });
    const confirm = page.getByRole("link", { name: "Confirm", exact: true });
    await expect(confirm).toHaveAttribute("href", MERCHANT_RETURN);
    await expect(page.getByRole("button")).toHaveCount(0);
    await expect(page.getByTestId("merchant-countdown")).toHaveCount(0);
    await confirm.click();
    await expect(page).toHaveURL(MERCHANT_RETURN);
  });
});

for (const [what, address] of [
  ["none", undefined],
  ["a script", "javascript:alert(document.cookie)"],
  ["credentials", `https://user:secret@${new URL(simulatorUrl).host}/`],
  ["a relative path", "/transactions/someone-else"],
] as const) {
  test(`a paymentRedirectUrl with ${what}: Confirm goes to the wallet, nothing counts down`, async ({
    page,
  }) => {
    const result = await openPaidResult(page, address);
    await expect(page.getByRole("link", { name: "Confirm", exact: true })).toHaveAttribute(
      "href",
      "/transactions",
    );
    await page.clock.runFor(10_000);
    await expect(page.getByRole("button")).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`${result}$`));
  });
}

test("a refused payment never goes to the merchant: Confirm goes to the wallet", async ({
  page,
}) => {
  const customerId = await createCustomer();
  const cashier = await openMpmOrder(customerId, ujiSaboCode(MERCHANT_RETURN));
  await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, { kycStatus: "PENDING" });
  expect(await payAtCashier(customerId, cashier)).toBe(cashier);

  await stopTheClock(page);
  await launch(page, customerId, { locale: "en" });
  await page.goto(cashier);
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payment not completed");
  await expect(page.getByRole("link", { name: "Confirm", exact: true })).toHaveAttribute(
    "href",
    "/transactions",
  );
  await page.clock.runFor(10_000);
  await expect(page.getByRole("button")).toHaveCount(0);
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
});

for (const { locale, claim, timeZone } of LANGUAGES) {
  test(`${locale}: the countdown back to the merchant is fully translated`, async ({ page }) => {
    const t = messagesFor(locale);
    await openPaidResult(page, MERCHANT_RETURN, { claim, timeZone });

    await expectPageFrame(page, locale, t.paymentResult.headline.paid, {
      label: t.pages.backToTransactions,
      href: "/transactions",
    });
    await untilCounting(page, t);
    await expect(page.getByRole("status")).toHaveText(returning(t, locale, 6));
    await expect(
      page.getByRole("link", { name: t.paymentResult.confirm, exact: true }),
    ).toHaveAttribute("href", MERCHANT_RETURN);
    await page.clock.runFor(2000);
    await expect(page.getByTestId("merchant-countdown")).toHaveText(returning(t, locale, 4));
    const data = [
      UJI_SABO.merchantName,
      UJI_SABO.merchantDisplayName ?? "",
      AUTUMN_JAPAN.promoName,
      FIRST_PAYMENT.promoName,
    ];
    await expectFullyTranslated(page, locale, data);

    await page.getByRole("button", { name: t.paymentResult.stop, exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(t.paymentResult.stayingHere);
    await expectFullyTranslated(page, locale, data);
  });
}

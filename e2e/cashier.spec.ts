/**
 * The MPM cashier page in Chromium (README "MPM / Cashier"): an order with two promotions opened
 * from the wallet app (launch URL → /pay/[orderId]), everything the customer must see before
 * paying, then Pay (double-clicked: one payment) landing on the payment result; a short balance
 * that can be retried after a top-up; Return closing the order; every language fully translated.
 */
import { encodeSimulatorQr } from "@/server/simulator/qr-codes";
import {
  AUTUMN_JAPAN,
  balanceOf,
  createCustomer,
  FIRST_PAYMENT,
  launch,
  openMpmOrder,
  topUp,
  UJI_SABO,
  walletApi,
} from "./fixtures/browser";
import { expectNoSeriousViolations } from "./fixtures/axe";
import {
  detail,
  expect,
  expectFullyTranslated,
  expectPageFrame,
  fill,
  krw,
  LANGUAGES,
  messagesFor,
  money,
  rate,
  region,
  test,
} from "./fixtures/pages";

test.use({ viewport: { width: 390, height: 844 } });

/** Uji Sabo ¥2,200 − ¥300 − ¥100 = ¥1,800 → ₩16,740 at 9.3; discounts ₩2,790 and ₩930. */
const TO_PAY = 16_740n;

function ujiSaboCode(): string {
  return encodeSimulatorQr({
    merchant: UJI_SABO,
    orderMinor: 2200n,
    promotions: [AUTUMN_JAPAN, FIRST_PAYMENT],
    walletCurrency: "KRW",
  });
}

test("English: the cashier shows the order, two discounts and the amount; a double-clicked Pay pays once", async ({
  page,
}, testInfo) => {
  const customerId = await createCustomer();
  const cashier = await openMpmOrder(customerId, ujiSaboCode());
  await launch(page, customerId, { locale: "en", next: cashier });

  await expect(page).toHaveTitle("Confirm payment");
  await expectPageFrame(page, "en", "Confirm payment", {
    label: "Back to transactions",
    href: "/transactions",
  });
  await expect(page.getByTestId("cashier-to-pay")).toHaveText("₩16,740");
  await expect(page.getByText("¥1,800 in the merchant's currency")).toBeVisible();
  await expect(page.getByText(/^Pay before .+ UTC$/)).toBeVisible();
  await expect(detail(page.getByRole("main"), "Merchant")).toHaveText(
    "宇治茶房 銀座店Uji Sabo Ginza",
  );
  await expect(detail(page.getByRole("main"), "Order amount")).toHaveText("¥2,200≈ ₩20,460");
  await expect(detail(page.getByRole("main"), "Exchange rate")).toHaveText("1 JPY = 9.3 KRW");
  await expect(region(page, "Discounts").getByRole("listitem")).toHaveText([
    /^Alipay\+ discount\s*Autumn Japan: 300 JPY off\s*-₩2,790$/,
    /^Alipay\+ discount\s*First Alipay\+ payment: 100 JPY off\s*-₩930$/,
  ]);
  await expect(page.getByRole("button", { name: "Return" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("cashier-en.png"), fullPage: true });

  await page.getByRole("button", { name: "Pay", exact: true }).dblclick();
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payment successful");
  await expect(page.getByText("₩16,740", { exact: true })).toBeVisible();
  await expect(region(page, "Discounts").getByRole("listitem")).toHaveCount(2);
  expect(await balanceOf(customerId)).toBe(1_000_000n - TO_PAY);

  // Back to the cashier (a second tab, the back button): the paid order shows its result again.
  await page.goto(cashier);
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
  expect(await balanceOf(customerId)).toBe(1_000_000n - TO_PAY);
});

test("Korean: a short balance is shown and can be retried after a top-up", async ({ page }) => {
  const t = messagesFor("ko");
  const customerId = await createCustomer(TO_PAY - 1n);
  const cashier = await openMpmOrder(customerId, ujiSaboCode());
  await launch(page, customerId, { locale: "ko", timeZone: "Asia/Seoul", next: cashier });

  await page.getByRole("button", { name: t.cashier.pay, exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    t.cashier.balanceShort,
  );
  await expect(page).toHaveURL(new RegExp(`${cashier}$`));
  expect(await balanceOf(customerId)).toBe(TO_PAY - 1n);

  await topUp(customerId, 1n);
  await page.getByRole("button", { name: t.cashier.pay, exact: true }).click();
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.paymentResult.headline.paid);
  expect(await balanceOf(customerId)).toBe(0n);
});

test("Thai: over the wallet's single-payment limit, Pay ends on the result saying why; nothing is taken", async ({
  page,
}) => {
  const t = messagesFor("th");
  const customerId = await createCustomer();
  await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
    limits: { singlePaymentMax: { currency: "KRW", value: String(TO_PAY - 1n) } },
  });
  const cashier = await openMpmOrder(customerId, ujiSaboCode());
  await launch(page, customerId, { locale: "th", timeZone: "Asia/Bangkok", next: cashier });

  await page.getByRole("button", { name: t.cashier.pay, exact: true }).click();
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.paymentResult.headline.failed);
  await expect(page.getByText(t.failureReason.singlePaymentLimit)).toBeVisible();
  expect(await balanceOf(customerId)).toBe(1_000_000n);
  // Final: the cashier page shows the same result again, with no Pay button.
  await page.goto(cashier);
  await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
});

test("Return closes the order: nothing is taken and Pay is gone", async ({ page }) => {
  const t = messagesFor("en");
  const customerId = await createCustomer();
  const cashier = await openMpmOrder(customerId, ujiSaboCode());
  await launch(page, customerId, { locale: "en", next: cashier });
  await page.getByRole("button", { name: t.cashier.return }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.cashier.closedTitle);
  await expect(page.getByText(t.cashier.closedBody)).toBeVisible();
  await expect(page.getByRole("button")).toHaveCount(0);
  // Nothing was paid, so nothing to tell the merchant's page: Confirm goes to the wallet.
  await expect(
    page.getByRole("main").getByRole("link", { name: t.paymentResult.confirm, exact: true }),
  ).toHaveAttribute("href", "/transactions");
  expect(await balanceOf(customerId)).toBe(1_000_000n);
});

test.describe("before JavaScript has loaded (a slow phone)", () => {
  test.use({ javaScriptEnabled: false });

  test("Pay works as a plain form post and lands on the result", async ({ page }) => {
    const customerId = await createCustomer();
    const cashier = await openMpmOrder(customerId, ujiSaboCode());
    await launch(page, customerId, { locale: "en", next: cashier });
    await page.getByRole("button", { name: "Pay", exact: true }).click();
    await expect(page).toHaveURL(/\/payments\/P\d+\/result$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payment successful");
    expect(await balanceOf(customerId)).toBe(1_000_000n - TO_PAY);
  });
});

for (const { locale, claim, timeZone } of LANGUAGES) {
  test(`${locale}: the cashier page is fully translated`, async ({ page }, testInfo) => {
    const t = messagesFor(locale);
    const customerId = await createCustomer();
    const cashier = await openMpmOrder(customerId, ujiSaboCode());
    await launch(page, customerId, { locale: claim, timeZone, next: cashier });

    await expectPageFrame(page, locale, t.cashier.title, {
      label: t.pages.backToTransactions,
      href: "/transactions",
    });
    await expect(page).toHaveTitle(t.cashier.title);
    await expect(page.getByTestId("cashier-to-pay")).toHaveText(krw(locale, TO_PAY));
    await expect(
      page.getByText(fill(t.cashier.inOrderCurrency, { amount: money(locale, 1800n, "JPY") })),
    ).toBeVisible();
    await expect(detail(page.getByRole("main"), t.paymentResult.exchangeRate)).toHaveText(
      rate(locale, "JPY", "9.3", "KRW"),
    );
    await expect(region(page, t.paymentResult.discountsHeading).getByRole("listitem")).toHaveCount(
      2,
    );
    await expect(page.getByRole("button", { name: t.cashier.pay, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: t.cashier.return, exact: true })).toBeVisible();
    await expectFullyTranslated(page, locale, [
      UJI_SABO.merchantName,
      UJI_SABO.merchantDisplayName ?? "",
      AUTUMN_JAPAN.promoName,
      FIRST_PAYMENT.promoName,
    ]);
    await expectNoSeriousViolations(page, `cashier ${locale}`);
    await page.screenshot({ path: testInfo.outputPath(`cashier-${locale}.png`), fullPage: true });
  });
}

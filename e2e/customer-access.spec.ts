/**
 * Who sees what on the customer pages (README "Customer pages"): another customer's payment and
 * refund ids answer exactly as ids that do not exist (HTTP 404, the same page), a visit without a
 * session goes to the signed-out page in the browser's language, and a launch link opens the pages
 * once.
 */
import type { Page } from "@playwright/test";
import { createCustomer, createHistory, launch, type History } from "./fixtures/browser";
import { expect, expectPageFrame, messagesFor, test } from "./fixtures/pages";

test.use({ viewport: { width: 390, height: 844 } });

const en = messagesFor("en");

/** What a reader gets of a page: its title and the markup of its banner and main landmarks. */
async function shownPage(page: Page) {
  return {
    title: await page.title(),
    banner: await page.getByRole("banner").evaluate((e) => e.outerHTML),
    main: await page.getByRole("main").evaluate((e) => e.outerHTML),
  };
}

const ROUTES: { page: string; someoneElses: (h: History) => string; missing: string }[] = [
  {
    page: "transaction detail",
    someoneElses: (h) => `/transactions/${h.paid.paymentId}`,
    missing: "/transactions/P-NO-SUCH-PAYMENT",
  },
  {
    page: "payment result",
    someoneElses: (h) => `/payments/${h.paid.paymentId}/result`,
    missing: "/payments/P-NO-SUCH-PAYMENT/result",
  },
  {
    page: "refund",
    someoneElses: (h) => `/refunds/${h.partlyRefunded.refundId}`,
    missing: "/refunds/R-NO-SUCH-REFUND",
  },
];

for (const route of ROUTES) {
  test(`${route.page}: another customer's id is not found, exactly like an id that does not exist`, async ({
    browser,
    page,
  }, testInfo) => {
    const [owner, customerId] = await Promise.all([createHistory(), createCustomer()]);
    const path = route.someoneElses(owner);

    // The id is real: its owner sees the page.
    const ownerContext = await browser.newContext();
    try {
      const ownerView = await launch(await ownerContext.newPage(), owner.customerId, {
        next: path,
      });
      expect(ownerView.status).toBe(200);
    } finally {
      await ownerContext.close();
    }

    const someoneElses = await launch(page, customerId, { locale: "en", next: path });
    expect(someoneElses.status).toBe(404);
    await expectPageFrame(page, "en", en.pages.notFound.title);
    await expect(page.getByRole("main")).toContainText(en.pages.notFound.body);
    await expect(page.getByRole("main")).not.toContainText("Uji Sabo Ginza");
    await expect(page.getByRole("main")).not.toContainText("Osaka");
    const shownForSomeoneElses = await shownPage(page);
    await page.screenshot({ path: testInfo.outputPath("not-found.png"), fullPage: true });

    const missing = await page.goto(route.missing);
    expect(missing?.status()).toBe(404);
    expect(await shownPage(page)).toEqual(shownForSomeoneElses);
  });
}

test("without a session, every customer page sends to the signed-out page", async ({ page }) => {
  for (const path of [
    "/transactions",
    "/transactions?cursor=abc",
    "/transactions/P-1",
    "/payments/P-1/result",
    "/refunds/R-1",
  ]) {
    const response = await page.goto(path);
    expect(new URL(page.url()).pathname + new URL(page.url()).search, path).toBe(
      "/launch/failed?reason=signedOut",
    );
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.launch.signedOut.title);
    await expect(page.getByRole("main")).toContainText(en.launch.signedOut.body);
  }
});

test.describe("in a Korean browser", () => {
  test.use({ locale: "ko-KR" });

  test("the signed-out page is in the browser's language", async ({ page }) => {
    const ko = messagesFor("ko");
    await page.goto("/transactions");
    await expect(page).toHaveURL(/\/launch\/failed\?reason=signedOut$/);
    await expect(page.getByRole("main")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ko.launch.signedOut.title);
    await expect(page.getByRole("main")).toContainText(ko.launch.signedOut.body);
  });

  test("without a locale claim the pages follow Accept-Language; a launch link works once", async ({
    page,
  }) => {
    const ko = messagesFor("ko");
    const customerId = await createCustomer();
    const { url } = await launch(page, customerId);
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ko.history.title);
    await expect(page.getByRole("main")).toContainText(ko.history.empty);

    await page.goto(url);
    await expect(page).toHaveURL(/\/launch\/failed\?reason=reused/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ko.launch.reused.title);
  });
});

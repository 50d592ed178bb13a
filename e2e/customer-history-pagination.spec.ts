/**
 * The history's pages (keyset pagination, infinite scroll): 25 payments show as the 20
 * newest, then the other 5 arrive when the "Load more" link scrolls into view, rendered in the
 * browser exactly as the server renders the first 20. Without JavaScript the same link opens the
 * older payments as a page of their own, with a way back to the newest.
 */
import type { Page } from "@playwright/test";
import { AUTUMN_JAPAN, createCustomer, launch, pay, UJI_SABO } from "./fixtures/browser";
import {
  expect,
  expectFullyTranslated,
  expectPageFrame,
  expectTimes,
  fill,
  krw,
  messagesFor,
  test,
} from "./fixtures/pages";

const VIEWPORT = { width: 390, height: 844 };
test.use({ viewport: VIEWPORT });

/**
 * 25 payments (₩17,670 each, ₩2,790 saved), made one after the other; ids newest first. Each uses
 * its own campaign's promo id: 25 redemptions of one promotion would rightly be stopped by the
 * repeat-redemption rule after the third.
 */
async function customerWith25Payments(): Promise<{ customerId: string; newestFirst: string[] }> {
  const customerId = await createCustomer();
  const ids: string[] = [];
  for (let i = 0; i < 25; i += 1) {
    const { paymentId } = await pay(customerId, UJI_SABO, {
      promotions: [{ ...AUTUMN_JAPAN, promoId: `${AUTUMN_JAPAN.promoId}-PAGE-${i}` }],
      payToMinor: 17_670n,
    });
    ids.push(paymentId);
  }
  return { customerId, newestFirst: ids.reverse() };
}

function listedPayments(page: Page, title: string) {
  return page
    .getByRole("list", { name: title, exact: true })
    .getByRole("listitem")
    .getByRole("link")
    .evaluateAll((links) =>
      links.map((link) => (link.getAttribute("href") ?? "").replace(/^\/transactions\//, "")),
    );
}

test("infinite scroll: the 20 newest, then the other 5 when the end of the list scrolls into view", async ({
  page,
}) => {
  const t = messagesFor("ko");
  const { customerId, newestFirst } = await customerWith25Payments();
  const loads: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/trpc/transactions.list")) loads.push(request.url());
  });

  await launch(page, customerId, { locale: "ko", timeZone: "Asia/Seoul" });
  const list = page.getByRole("list", { name: t.history.title, exact: true });
  const loadMore = page.getByRole("link", { name: t.history.loadMore, exact: true });
  await expect(list.getByRole("listitem")).toHaveCount(20);
  await expect(loadMore).toHaveAttribute("href", /^\/transactions\?cursor=/);
  expect(await listedPayments(page, t.history.title)).toEqual(newestFirst.slice(0, 20));
  // Once React has hydrated the loader (its fiber is on the link), still nothing is fetched:
  // the end of the list is more than a screen away.
  await loadMore.evaluate(
    (link) =>
      new Promise<void>((resolve) => {
        const hydrated = () => Object.keys(link).some((key) => key.startsWith("__reactFiber"));
        const poll = () => (hydrated() ? resolve() : requestAnimationFrame(poll));
        poll();
      }),
  );
  await expect(loadMore).not.toBeInViewport();
  expect(loads).toEqual([]);
  await expect(list.getByRole("listitem")).toHaveCount(20);

  await loadMore.scrollIntoViewIfNeeded();
  await expect(list.getByRole("listitem")).toHaveCount(25);
  await expect(loadMore).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText(t.history.loaded);
  expect(loads).toHaveLength(1);
  expect(await listedPayments(page, t.history.title)).toEqual(newestFirst);

  // The rows the browser rendered read like the server's, in the customer's language and zone.
  for (const index of [0, 24]) {
    const row = list.getByRole("listitem").nth(index);
    await expect(row).toContainText(fill(t.history.saved, { amount: krw("ko", 2790n) }));
    await expect(row).toContainText("₩17,670");
    await expect(row).toContainText(t.transactionStatus.paid);
  }
  // Same markup as a server-rendered row, but for the payment id and the time.
  const markup = (index: number) =>
    list
      .getByRole("listitem")
      .nth(index)
      .evaluate(
        (item, id) => item.innerHTML.replaceAll(id, "ID").replace(/<time.*<\/time>/, ""),
        newestFirst[index] ?? "",
      );
  expect(await markup(24)).toBe(await markup(0));
  await expectTimes(page, "ko", "Asia/Seoul");
  await expectFullyTranslated(page, "ko", ["Uji Sabo Ginza"]);

  // A row added by the loader opens its payment.
  await list.getByRole("listitem").nth(24).getByRole("link").click();
  await expect(page).toHaveURL(`/transactions/${newestFirst[24]}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uji Sabo Ginza");
});

test("without JavaScript, Load more opens the older payments as a page, with a way back", async ({
  browser,
}, testInfo) => {
  const t = messagesFor("en");
  const { customerId, newestFirst } = await customerWith25Payments();
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await launch(page, customerId, { locale: "en" });
    const items = page
      .getByRole("list", { name: t.history.title, exact: true })
      .getByRole("listitem");
    await expect(items).toHaveCount(20);
    expect(await listedPayments(page, t.history.title)).toEqual(newestFirst.slice(0, 20));

    await page.getByRole("link", { name: t.history.loadMore, exact: true }).click();
    await expect(page).toHaveURL(/\/transactions\?cursor=[A-Za-z0-9_-]+$/);
    await expect(items).toHaveCount(5);
    expect(await listedPayments(page, t.history.title)).toEqual(newestFirst.slice(20));
    await expect(items.first()).toContainText("Saved ₩2,790");
    await expect(items.first()).toContainText("₩17,670");
    await expect(page.getByRole("link", { name: t.history.loadMore, exact: true })).toHaveCount(0);
    await expectPageFrame(page, "en", t.history.title, {
      label: t.history.newest,
      href: "/transactions",
    });
    await page.screenshot({ path: testInfo.outputPath("history-older-no-js.png"), fullPage: true });

    await page.getByRole("link", { name: t.history.newest, exact: true }).click();
    await expect(page).toHaveURL(/\/transactions$/);
    await expect(items).toHaveCount(20);
  } finally {
    await context.close();
  }
});

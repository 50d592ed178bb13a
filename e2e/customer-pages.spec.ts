/**
 * The customer pages in Chromium (README "Customer pages"): signed in by a launch URL as the wallet
 * app opens them, for a customer whose history has a two-promotion FX payment, a partly and a fully
 * refunded payment and a failed one (e2e/fixtures/browser.ts). English and Korean are checked
 * against literal texts, so a formatting bug fails even if Intl and the test agree on it; every
 * language is checked against its catalogue and Intl, for missing or English texts, and for its
 * landmarks, and for serious or critical accessibility violations (the launch-failed page too),
 * with a screenshot of every page at 390×844 in the test's output directory.
 */
import type { Page, TestInfo } from "@playwright/test";
import {
  AUTUMN_JAPAN,
  createHistory,
  FIRST_PAYMENT,
  KOPI_ON_US,
  launch,
  WEEKEND_TREAT,
  type History,
} from "./fixtures/browser";
import { expectNoSeriousViolations } from "./fixtures/axe";
import {
  detail,
  expect,
  expectFullyTranslated,
  expectPageFrame,
  expectTimes,
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

function historyRows(page: Page, title: string) {
  return page.getByRole("list", { name: title, exact: true }).getByRole("listitem");
}

test("English: sign in by launch URL, then history, a two-promotion FX payment, its result, a partial and a full refund", async ({
  page,
}) => {
  const history = await createHistory();
  await launch(page, history.customerId, { locale: "en" });
  await expect(page).toHaveURL(/\/transactions$/);
  await expect(page).toHaveTitle("Transactions");

  const rows = historyRows(page, "Transactions");
  await expect(rows).toHaveCount(4);
  // Each row's link reads the whole row: merchant, time, saving, amount, status.
  await expect(rows.getByRole("link")).toHaveText([
    /^Uji Sabo Ginza.*UTC\s*Saved ₩3,720\s*₩16,740\s*Paid$/,
    /^Ya Kun Kaya Toast.*UTC\s*Saved ₩2,581\s*₩22,199\s*Refunded$/,
    /^Osaka Department Store Umeda.*UTC\s*Saved ₩3,720\s*₩46,500\s*Partly refunded$/,
    /^Uji Sabo Ginza.*UTC\s*Your wallet balance was not enough for this payment\. No money was taken from your wallet\.\s*₩93,000,000\s*Failed$/,
  ]);
  await expect(rows.first().locator("time")).toHaveText(
    /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC$/,
  );

  // The two-promotion FX payment: every promotion on its own line, in the wallet currency.
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(`/transactions/${history.paid.paymentId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uji Sabo Ginza");
  const main = page.getByRole("main");
  await expect(detail(main, "Status")).toHaveText("Paid");
  const amounts = region(page, "Amounts");
  await expect(detail(amounts, "Order amount")).toHaveText("¥2,200");
  await expect(detail(amounts, "Total saved")).toHaveText("₩3,720");
  await expect(detail(amounts, "Amount paid")).toHaveText("₩16,740");
  await expect(detail(amounts, "Exchange rate")).toHaveText("1 JPY = 9.3 KRW");
  await expect(region(page, "Promotions applied").getByRole("listitem")).toHaveText(
    [
      "Autumn Japan: 300 JPY off Voucher You saved ₩2,790",
      "First Alipay+ payment: 100 JPY off Discount You saved ₩930",
    ],
    { useInnerText: true },
  );
  const merchant = region(page, "Merchant");
  await expect(detail(merchant, "Name")).toHaveText("Uji Sabo Ginza");
  await expect(detail(merchant, "Name in the local language")).toHaveText("宇治茶房 銀座店");
  await expect(detail(merchant, "Store")).toHaveText("宇治茶房 銀座店 本館");
  await expect(region(page, "Refunds")).toContainText("No refunds so far.");
  const references = region(page, "References");
  await expect(detail(references, "Payment ID")).toHaveText(history.paid.paymentId);
  await expect(detail(references, "Alipay+ payment request ID")).toHaveText(
    history.paid.plan.paymentRequestId,
  );

  // Its result page (the wallet opens it after paying), with the way to the detail.
  await page.goto(`/payments/${history.paid.paymentId}/result`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payment successful");
  await expect(main.getByText("₩16,740", { exact: true })).toBeVisible();
  await expect(detail(main, "Merchant")).toHaveText("宇治茶房 銀座店 Uji Sabo Ginza", {
    useInnerText: true,
  });
  await expect(detail(main, "Order amount")).toHaveText("¥2,200 ≈ ₩20,460", {
    useInnerText: true,
  });
  await expect(detail(main, "Exchange rate")).toHaveText("1 JPY = 9.3 KRW");
  const discounts = region(page, "Discounts");
  await expect(discounts.getByRole("listitem")).toHaveText(
    [
      "Alipay+ discount Autumn Japan: 300 JPY off -₩2,790",
      "Alipay+ discount First Alipay+ payment: 100 JPY off -₩930",
    ],
    { useInnerText: true },
  );
  await expect(main).toContainText("Paid with Alipay+");
  await discounts.getByRole("link", { name: "See discount details" }).click();
  await expect(page).toHaveURL(`/transactions/${history.paid.paymentId}`);

  // A partial refund, reached from its payment's detail.
  await page.getByRole("navigation", { name: "Page navigation" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/transactions$/);
  await historyRows(page, "Transactions").nth(2).getByRole("link").click();
  await expect(page).toHaveURL(`/transactions/${history.partlyRefunded.paymentId}`);
  await expect(detail(main, "Status")).toHaveText("Partly refunded");
  await region(page, "Refunds")
    .getByRole("link", { name: /^Refund of ₩23,250/ })
    .click();
  await expect(page).toHaveURL(`/refunds/${history.partlyRefunded.refundId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Refund");
  await expect(detail(main, "Returned to your wallet")).toHaveText("₩23,250");
  await expect(detail(main, "Refund in the order currency")).toHaveText("¥2,500");
  await expect(detail(main, "Merchant")).toHaveText("Osaka Department Store Umeda");
  await expect(region(page, "Promotions on this payment").getByRole("listitem")).toHaveText(
    [
      "Autumn Japan: 300 JPY off Saved ₩2,790 Taken back by this refund ₩1,395 Left after this refund ₩1,395",
      "First Alipay+ payment: 100 JPY off Saved ₩930 Taken back by this refund ₩465 Left after this refund ₩465",
    ],
    { useInnerText: true },
  );
  const totals = region(page, "The payment after this refund");
  await expect(detail(totals, "Paid")).toHaveText("₩46,500");
  await expect(detail(totals, "Refunded so far")).toHaveText("₩23,250");
  await expect(detail(totals, "Left")).toHaveText("₩23,250");
  await page.getByRole("link", { name: "View the payment" }).click();
  await expect(page).toHaveURL(`/transactions/${history.partlyRefunded.paymentId}`);

  // A full refund of an SGD payment (two fraction digits; the merchant has no display name).
  await page.goto(`/transactions/${history.refunded.paymentId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ya Kun Kaya Toast");
  await expect(detail(main, "Status")).toHaveText("Refunded");
  await expect(detail(amounts, "Order amount")).toHaveText("SGD 24.00");
  await expect(detail(amounts, "Exchange rate")).toHaveText("1 SGD = 1,032.5 KRW");
  await region(page, "Refunds")
    .getByRole("link", { name: /^Refund of ₩22,199/ })
    .click();
  await expect(page).toHaveURL(`/refunds/${history.refunded.refundId}`);
  await expect(detail(main, "Returned to your wallet")).toHaveText("₩22,199");
  await expect(detail(main, "Refund in the order currency")).toHaveText("SGD 21.50");
  await expect(region(page, "Promotions on this payment").getByRole("listitem")).toHaveText(
    [
      "Weekend treat: SGD 2 off Saved ₩2,065 Taken back by this refund ₩2,065 Left after this refund ₩0",
      "Kopi on us: SGD 0.50 off Saved ₩516 Taken back by this refund ₩516 Left after this refund ₩0",
    ],
    { useInnerText: true },
  );
  await expect(detail(totals, "Refunded so far")).toHaveText("₩22,199");
  await expect(detail(totals, "Left")).toHaveText("₩0");
  await expectTimes(page, "en", undefined);
});

test("Korean: amounts, promotions, rates and 24-hour times in the customer's time zone", async ({
  page,
}) => {
  const history = await createHistory();
  await launch(page, history.customerId, { locale: "ko-KR", timeZone: "Asia/Seoul" });
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");

  const rows = historyRows(page, "거래 내역");
  await expect(rows.getByRole("link")).toHaveText([
    /^Uji Sabo Ginza\s*\d{4}년 \d{1,2}월 \d{1,2}일 \d{2}:\d{2}\s*₩3,720 절약\s*₩16,740\s*결제 완료$/,
    /^Ya Kun Kaya Toast.*₩2,581 절약\s*₩22,199\s*환불 완료$/,
    /^Osaka Department Store Umeda.*₩3,720 절약\s*₩46,500\s*부분 환불$/,
    /^Uji Sabo Ginza.*지갑 잔액이 부족하여 결제하지 못했습니다\. 지갑에서 출금된 금액은 없습니다\.\s*₩93,000,000\s*실패$/,
  ]);
  // Seoul is UTC+9 all year: the time shown is the stored one nine hours on.
  const first = rows.first().locator("time");
  const stored = new Date((await first.getAttribute("datetime")) ?? "");
  const seoul = new Date(stored.getTime() + 9 * 3600_000);
  const hhmm = `${String(seoul.getUTCHours()).padStart(2, "0")}:${String(seoul.getUTCMinutes()).padStart(2, "0")}`;
  await expect(first).toHaveText(
    `${seoul.getUTCFullYear()}년 ${seoul.getUTCMonth() + 1}월 ${seoul.getUTCDate()}일 ${hhmm}`,
  );

  await page.goto(`/transactions/${history.paid.paymentId}`);
  const amounts = region(page, "금액");
  await expect(detail(amounts, "주문 금액")).toHaveText("JP¥2,200");
  await expect(detail(amounts, "총 절약 금액")).toHaveText("₩3,720");
  await expect(detail(amounts, "결제 금액")).toHaveText("₩16,740");
  await expect(detail(amounts, "환율")).toHaveText("1 JPY = 9.3 KRW");
  await expect(region(page, "적용된 프로모션").getByRole("listitem")).toHaveText(
    [
      "Autumn Japan: 300 JPY off 쿠폰 ₩2,790 절약",
      "First Alipay+ payment: 100 JPY off 할인 ₩930 절약",
    ],
    { useInnerText: true },
  );

  await page.goto(`/payments/${history.paid.paymentId}/result`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("결제 완료");
  await expect(detail(page.getByRole("main"), "주문 금액")).toHaveText("JP¥2,200 ≈ ₩20,460", {
    useInnerText: true,
  });
  await expect(region(page, "할인").getByRole("listitem")).toHaveText(
    [
      "Alipay+ 할인 Autumn Japan: 300 JPY off -₩2,790",
      "Alipay+ 할인 First Alipay+ payment: 100 JPY off -₩930",
    ],
    { useInnerText: true },
  );
  await expect(region(page, "할인").getByRole("link", { name: "할인 내역 보기" })).toBeVisible();

  await page.goto(`/refunds/${history.partlyRefunded.refundId}`);
  await expect(detail(page.getByRole("main"), "지갑으로 돌아온 금액")).toHaveText("₩23,250");
  await expect(detail(page.getByRole("main"), "주문 통화 기준 환불 금액")).toHaveText("JP¥2,500");
  await expect(region(page, "이 결제의 프로모션").getByRole("listitem")).toHaveText(
    [
      "Autumn Japan: 300 JPY off 절약 금액 ₩2,790 이번 환불로 회수 ₩1,395 이번 환불 후 남은 금액 ₩1,395",
      "First Alipay+ payment: 100 JPY off 절약 금액 ₩930 이번 환불로 회수 ₩465 이번 환불 후 남은 금액 ₩465",
    ],
    { useInnerText: true },
  );
  const totals = region(page, "이번 환불 후 결제 내역");
  await expect(detail(totals, "결제 금액")).toHaveText("₩46,500");
  await expect(detail(totals, "지금까지 환불된 금액")).toHaveText("₩23,250");
  await expect(detail(totals, "남은 금액")).toHaveText("₩23,250");

  await page.goto(`/refunds/${history.refunded.refundId}`);
  await expect(detail(page.getByRole("main"), "주문 통화 기준 환불 금액")).toHaveText("SGD 21.50");
  await expect(detail(region(page, "이번 환불 후 결제 내역"), "남은 금액")).toHaveText("₩0");
  await expectTimes(page, "ko", "Asia/Seoul");
});

/** Texts of the test's own data that may show in any language (names as Alipay+ sent them). */
function dataTexts(history: History): string[] {
  const payments = [history.failed, history.partlyRefunded, history.refunded, history.paid];
  return [
    ...payments.flatMap(({ plan }) => {
      const order = plan.body.order as {
        orderDescription: string;
        merchant: {
          merchantName: string;
          merchantDisplayName?: string;
          store: { storeName: string };
        };
      };
      return [
        plan.paymentRequestId,
        order.orderDescription,
        order.merchant.merchantName,
        order.merchant.merchantDisplayName ?? "",
        order.merchant.store.storeName,
      ];
    }),
    ...[AUTUMN_JAPAN, FIRST_PAYMENT, WEEKEND_TREAT, KOPI_ON_US].map((p) => p.promoName),
  ].filter(Boolean);
}

for (const { locale, claim, timeZone } of LANGUAGES) {
  test(`every page in ${locale} (locale claim "${claim}"): amounts, promotion names, no missing or English texts, landmarks`, async ({
    page,
  }, testInfo: TestInfo) => {
    const t = messagesFor(locale);
    const k = (minor: bigint) => krw(locale, minor);
    const history = await createHistory();
    const data = dataTexts(history);
    const toHistory = { label: t.pages.backToTransactions, href: "/transactions" };
    const main = page.getByRole("main");
    const checkPage = async (name: string, title: string, back?: typeof toHistory) => {
      await expectPageFrame(page, locale, title, back);
      await expectFullyTranslated(page, locale, data);
      await expectNoSeriousViolations(page, `${locale} ${name}`);
      await page.screenshot({ path: testInfo.outputPath(`${locale}-${name}.png`), fullPage: true });
    };

    // History.
    await launch(page, history.customerId, { locale: claim, timeZone });
    const rows = historyRows(page, t.history.title);
    await expect(rows).toHaveCount(4);
    const saved = (minor: bigint) => fill(t.history.saved, { amount: k(minor) });
    const expectRow = async (index: number, parts: string[]) => {
      for (const part of parts) await expect(rows.nth(index)).toContainText(part);
    };
    await expectRow(0, ["Uji Sabo Ginza", saved(3720n), k(16_740n), t.transactionStatus.paid]);
    await expectRow(1, ["Ya Kun Kaya Toast", k(22_199n), t.transactionStatus.refunded]);
    await expectRow(2, [
      "Osaka Department Store Umeda",
      saved(3720n),
      k(46_500n),
      t.transactionStatus.partlyRefunded,
    ]);
    await expectRow(3, [
      t.failureReason.balanceNotEnough,
      k(93_000_000n),
      t.transactionStatus.failed,
    ]);
    await expect(rows.nth(3)).not.toContainText(fill(t.history.saved, { amount: "" }).trim());
    await expect(rows.nth(0).getByRole("link")).toHaveAttribute(
      "href",
      `/transactions/${history.paid.paymentId}`,
    );
    const failedHref = (await rows.nth(3).getByRole("link").getAttribute("href")) ?? "";
    const failedId = /^\/transactions\/(.+)$/.exec(failedHref)?.[1] ?? "";
    expect(failedId).not.toBe("");
    await expectTimes(page, locale, timeZone);
    await checkPage("history", t.history.title);

    // The two-promotion FX payment.
    await page.goto(`/transactions/${history.paid.paymentId}`);
    await expect(detail(main, t.transaction.status)).toHaveText(t.transactionStatus.paid);
    const amounts = region(page, t.transaction.amountsHeading);
    await expect(detail(amounts, t.transaction.orderAmount)).toHaveText(
      money(locale, 2200n, "JPY"),
    );
    await expect(detail(amounts, t.transaction.totalSaved)).toHaveText(k(3720n));
    await expect(detail(amounts, t.transaction.amountPaid)).toHaveText(k(16_740n));
    await expect(detail(amounts, t.transaction.exchangeRate)).toHaveText(
      rate(locale, "JPY", "9.3", "KRW"),
    );
    const promotion = (name: string, type: string, minor: bigint) =>
      `${name} ${type} ${fill(t.transaction.promotionSaving, { amount: k(minor) })}`;
    await expect(region(page, t.transaction.promotionsHeading).getByRole("listitem")).toHaveText(
      [
        promotion(AUTUMN_JAPAN.promoName, t.promotionType.CASHLESS_FIXED_VOUCHER, 2790n),
        promotion(FIRST_PAYMENT.promoName, t.promotionType.DISCOUNT, 930n),
      ],
      { useInnerText: true },
    );
    const merchant = region(page, t.transaction.merchantHeading);
    await expect(detail(merchant, t.transaction.merchantName)).toHaveText("Uji Sabo Ginza");
    await expect(detail(merchant, t.transaction.merchantOriginalName)).toHaveText(
      "宇治茶房 銀座店",
    );
    await expect(region(page, t.transaction.refundsHeading)).toContainText(t.transaction.noRefunds);
    await expect(
      detail(region(page, t.transaction.referencesHeading), t.transaction.paymentId),
    ).toHaveText(history.paid.paymentId);
    await expectTimes(page, locale, timeZone);
    await checkPage("transaction-fx-two-promotions", "Uji Sabo Ginza", toHistory);

    // Its result page.
    await page.goto(`/payments/${history.paid.paymentId}/result`);
    const r = t.paymentResult;
    await expect(main).toContainText(r.amountPaid);
    await expect(main.getByText(k(16_740n), { exact: true })).toBeVisible();
    await expect(detail(main, r.orderAmount)).toHaveText(
      `${money(locale, 2200n, "JPY")} ${fill(r.inWalletCurrency, { amount: k(20_460n) })}`,
      { useInnerText: true },
    );
    await expect(detail(main, r.exchangeRate)).toHaveText(rate(locale, "JPY", "9.3", "KRW"));
    const discounts = region(page, r.discountsHeading);
    await expect(discounts.getByRole("listitem")).toHaveText(
      [
        `${r.alipayDiscount} ${AUTUMN_JAPAN.promoName} ${k(-2790n)}`,
        `${r.alipayDiscount} ${FIRST_PAYMENT.promoName} ${k(-930n)}`,
      ],
      { useInnerText: true },
    );
    await expect(discounts.getByRole("link", { name: r.discountDetails })).toHaveAttribute(
      "href",
      `/transactions/${history.paid.paymentId}`,
    );
    await expect(main).toContainText(r.paidWith);
    // Not paid on the cashier page: Confirm goes to the wallet, nothing counts down.
    await expect(main.getByRole("link", { name: r.confirm, exact: true })).toHaveAttribute(
      "href",
      "/transactions",
    );
    await expect(main.getByRole("button")).toHaveCount(0);
    await checkPage("payment-result", r.headline.paid, toHistory);

    // The partly refunded payment, with the link to its refund.
    await page.goto(`/transactions/${history.partlyRefunded.paymentId}`);
    await expect(detail(main, t.transaction.status)).toHaveText(t.transactionStatus.partlyRefunded);
    const refundLink = region(page, t.transaction.refundsHeading).getByRole("link");
    await expect(refundLink).toHaveAttribute("href", `/refunds/${history.partlyRefunded.refundId}`);
    await expect(refundLink).toContainText(fill(t.transaction.refundLink, { amount: k(23_250n) }));
    await expectTimes(page, locale, timeZone);
    await checkPage("transaction-partly-refunded", "Osaka Department Store Umeda", toHistory);

    // Its partial refund.
    const rr = t.refundResult;
    const clawback = (name: string, worth: bigint, taken: bigint, left: bigint) =>
      `${name} ${rr.saved} ${k(worth)} ${rr.takenBack} ${k(taken)} ${rr.remaining} ${k(left)}`;
    await page.goto(`/refunds/${history.partlyRefunded.refundId}`);
    await expect(detail(main, rr.returned)).toHaveText(k(23_250n));
    await expect(detail(main, rr.refundAmount)).toHaveText(money(locale, 2500n, "JPY"));
    await expect(detail(main, rr.merchant)).toHaveText("Osaka Department Store Umeda");
    await expect(region(page, rr.promotionsHeading).getByRole("listitem")).toHaveText(
      [
        clawback(AUTUMN_JAPAN.promoName, 2790n, 1395n, 1395n),
        clawback(FIRST_PAYMENT.promoName, 930n, 465n, 465n),
      ],
      { useInnerText: true },
    );
    let totals = region(page, rr.totalsHeading);
    await expect(detail(totals, rr.paid)).toHaveText(k(46_500n));
    await expect(detail(totals, rr.refunded)).toHaveText(k(23_250n));
    await expect(detail(totals, rr.left)).toHaveText(k(23_250n));
    await expectTimes(page, locale, timeZone);
    await checkPage("refund-partial", rr.title, {
      label: rr.viewPayment,
      href: `/transactions/${history.partlyRefunded.paymentId}`,
    });

    // A full refund of an SGD payment.
    await page.goto(`/refunds/${history.refunded.refundId}`);
    await expect(detail(main, rr.returned)).toHaveText(k(22_199n));
    await expect(detail(main, rr.refundAmount)).toHaveText(money(locale, 2150n, "SGD"));
    await expect(detail(main, rr.merchant)).toHaveText("Ya Kun Kaya Toast");
    await expect(region(page, rr.promotionsHeading).getByRole("listitem")).toHaveText(
      [
        clawback(WEEKEND_TREAT.promoName, 2065n, 2065n, 0n),
        clawback(KOPI_ON_US.promoName, 516n, 516n, 0n),
      ],
      { useInnerText: true },
    );
    totals = region(page, rr.totalsHeading);
    await expect(detail(totals, rr.paid)).toHaveText(k(22_199n));
    await expect(detail(totals, rr.refunded)).toHaveText(k(22_199n));
    await expect(detail(totals, rr.left)).toHaveText(k(0n));
    await checkPage("refund-full", rr.title, {
      label: rr.viewPayment,
      href: `/transactions/${history.refunded.paymentId}`,
    });

    // The failed payment: why, in plain words; nothing applied, nothing to refund.
    await page.goto(failedHref);
    await expect(detail(main, t.transaction.status)).toHaveText(t.transactionStatus.failed);
    await expect(main).toContainText(t.failureReason.balanceNotEnough);
    await expect(detail(amounts, t.transaction.orderAmount)).toHaveText(
      money(locale, 10_000_000n, "JPY"),
    );
    await expect(detail(amounts, t.transaction.amountNotPaid)).toHaveText(k(93_000_000n));
    await expect(region(page, t.transaction.promotionsHeading)).toHaveCount(0);
    await expect(region(page, t.transaction.refundsHeading)).toHaveCount(0);
    await checkPage("transaction-failed", "Uji Sabo Ginza", toHistory);

    await page.goto(`/payments/${failedId}/result`);
    await expect(main).toContainText(t.transaction.amountNotPaid);
    await expect(main.getByText(k(93_000_000n), { exact: true })).toBeVisible();
    await expect(main).toContainText(t.failureReason.balanceNotEnough);
    await expect(region(page, r.discountsHeading)).toHaveCount(0);
    await expect(main).not.toContainText(r.paidWith);
    await expect(main.getByRole("link", { name: r.confirm, exact: true })).toHaveAttribute(
      "href",
      "/transactions",
    );
    await checkPage("payment-result-failed", r.headline.failed, toHistory);

    // An id that is nobody's: the not-found page, in the language too.
    const response = await page.goto("/refunds/R-NO-SUCH-REFUND");
    expect(response?.status()).toBe(404);
    await expect(main).toContainText(t.pages.notFound.body);
    await expect(main.getByRole("link", { name: t.pages.notFound.action })).toHaveAttribute(
      "href",
      "/transactions",
    );
    await checkPage("not-found", t.pages.notFound.title);

    // Where a spent or expired launch link lands (outside the customer frame: no session yet).
    await page.goto(`/launch/failed?reason=expired&lang=${locale}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.launch.expired.title);
    await expectNoSeriousViolations(page, `${locale} launch-failed`);
  });
}

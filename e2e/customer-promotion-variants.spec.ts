/**
 * Promotions Alipay+ sent in a shape Plusdesk could not fully read, as the customer sees them in
 * Chromium: every line is listed — its name, or "Alipay+ promotion" in their language, with its
 * amount when one was read — the total saved is the top-level total when Alipay+ sent one, and a
 * refund's line for a promotion the payment does not have is listed apart.
 */
import {
  AUTUMN_JAPAN,
  createCustomer,
  FIRST_PAYMENT,
  launch,
  pay,
  refund,
  UJI_SABO,
} from "./fixtures/browser";
import { detail, expect, messagesFor, region, test } from "./fixtures/pages";

test.use({ viewport: { width: 390, height: 844 } });

test("English: an entry without an amount, an unknown list, a total alone, an unlinked refund line", async ({
  page,
}) => {
  const customerId = await createCustomer();
  const promotions = [AUTUMN_JAPAN, FIRST_PAYMENT];
  const missing = await pay(customerId, UJI_SABO, {
    promotions,
    payToMinor: 16_740n,
    promotionVariant: "missing amount",
  });
  const unknownList = await pay(customerId, UJI_SABO, {
    promotions,
    payToMinor: 16_740n,
    promotionVariant: "unknown list name",
  });
  const totalOnly = await pay(customerId, UJI_SABO, {
    promotions,
    payToMinor: 16_740n,
    promotionVariant: "top-level total only",
  });
  const refundId = await refund(missing, 1n, 2n, {
    promoId: "PROMO-ELSEWHERE",
    promoName: "Weekend bonus",
    amount: { amountMinor: 100n, currency: "KRW" },
  });
  await launch(page, customerId, { locale: "en", next: `/transactions/${missing.paymentId}` });

  // The entry without savingsAmount is listed with its name and type, without an amount.
  await expect(region(page, "Promotions applied").getByRole("listitem")).toHaveText(
    [
      "Autumn Japan: 300 JPY off Voucher You saved ₩2,790",
      "First Alipay+ payment: 100 JPY off Discount",
    ],
    { useInnerText: true },
  );
  await expect(detail(region(page, "Amounts"), "Total saved")).toHaveText("₩2,790");

  await page.goto(`/transactions/${unknownList.paymentId}`);
  await expect(region(page, "Promotions applied").getByRole("listitem")).toHaveText(
    ["Alipay+ promotion"],
    { useInnerText: true },
  );
  await expect(detail(region(page, "Amounts"), "Total saved")).toHaveCount(0);

  await page.goto(`/transactions/${totalOnly.paymentId}`);
  await expect(region(page, "Promotions applied").getByRole("listitem")).toHaveText(
    ["Alipay+ promotion You saved ₩3,720"],
    { useInnerText: true },
  );
  await expect(detail(region(page, "Amounts"), "Total saved")).toHaveText("₩3,720");

  await page.goto(`/payments/${unknownList.paymentId}/result`);
  await expect(region(page, "Discounts").getByRole("listitem")).toHaveText(
    ["Alipay+ discount Alipay+ promotion"],
    { useInnerText: true },
  );

  await page.goto(`/refunds/${refundId}`);
  const lines = region(page, "Promotions on this payment");
  await expect(lines.getByRole("list", { name: "Other promotions in this refund" })).toHaveText(
    "Weekend bonus Taken back by this refund ₩100",
    { useInnerText: true },
  );
  await expect(
    lines.getByRole("list", { name: "Promotions on this payment" }).getByRole("listitem"),
  ).toHaveText(
    [
      "Autumn Japan: 300 JPY off Saved ₩2,790 Taken back by this refund ₩1,395 Left after this refund ₩1,395",
      // Its amount was never read: only what this refund took back can be said.
      "First Alipay+ payment: 100 JPY off Taken back by this refund ₩465",
    ],
    { useInnerText: true },
  );
});

test("Thai, Traditional Chinese and Indonesian name a promotion that could not be read as an Alipay+ promotion", async ({
  page,
}) => {
  const customerId = await createCustomer();
  const unknownList = await pay(customerId, UJI_SABO, {
    promotions: [AUTUMN_JAPAN],
    payToMinor: 17_670n,
    promotionVariant: "lone object",
  });
  for (const locale of ["th", "zh-Hant", "id"] as const) {
    await launch(page, customerId, { locale, next: `/transactions/${unknownList.paymentId}` });
    const t = messagesFor(locale);
    await expect(region(page, t.transaction.promotionsHeading).getByRole("listitem")).toHaveText([
      t.promotion.unnamed,
    ]);
  }
});

/**
 * The review queue and the payment investigation in Chromium (README "Staff console"): a payment
 * flagged through the real APIs — a new account's login and device events through the wallet API,
 * then Alipay+'s signed promoted pay from that device, which the new-account rule sends to REVIEW.
 * An analyst finds it in the queue, opens its investigation and the device's accounts, goes back
 * and rejects it with a reason, blocking the device. A viewer sees the queue and the investigation
 * without any approve or reject control. And the simulator's own attack-new-account scenario's
 * payment is approved from its investigation page. An analyst with the keyboard alone signs in,
 * finds a flagged payment in the queue and approves it. Screenshots of every screen go into the
 * test output.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Locator } from "@playwright/test";
import { eq } from "drizzle-orm";
import { createDb } from "@/db";
import { paymentReviews } from "@/db/schema";
import { planPay } from "@/server/simulator/requests";
import {
  alipay,
  AUTUMN_JAPAN,
  baseUrl,
  createCustomer,
  FIRST_PAYMENT,
  simulatorContext,
  UJI_SABO,
  walletApi,
} from "../fixtures/browser";
import { newAccount } from "@/server/simulator/attacks";
import { expectNoSeriousViolations } from "../fixtures/axe";
import { createStaffAccount, signInAsStaff, screenshotScreen } from "../fixtures/staff";

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const id = (prefix: string) => `${prefix}-${randomUUID().slice(0, 12).toUpperCase()}`;

interface Flagged {
  paymentId: string;
  paymentRequestId: string;
  customerId: string;
  deviceId: string;
  /** Another account that logged in on the same phone two days ago. */
  otherAccount: string;
  merchantId: string;
}

/**
 * An account opened an hour ago logs in on a phone another account used two days ago, then pays
 * at a merchant of this test's own with two promotions: paid, decision REVIEW.
 */
async function flaggedPayment(): Promise<Flagged> {
  const customerId = await createCustomer();
  await walletApi("PUT", `/api/wallet/v1/customers/${customerId}`, {
    accountCreatedAt: ago(3_600_000),
  });
  const deviceId = id("DEV-UI");
  const otherAccount = id("C-OTHER");
  await walletApi("POST", "/api/wallet/v1/device-events", {
    events: [
      {
        eventId: id("EV"),
        type: "login",
        deviceId,
        customerId: otherAccount,
        at: ago(2 * 86_400_000),
      },
      { eventId: id("EV"), type: "login", deviceId, customerId, at: ago(60_000) },
    ],
  });
  const merchantId = id("M-UI");
  const plan = planPay({
    customerId,
    walletCurrency: "KRW",
    merchant: { ...UJI_SABO, referenceMerchantId: merchantId },
    orderMinor: 2200n,
    promotions: [AUTUMN_JAPAN, FIRST_PAYMENT],
  });
  const order = plan.body.order as Record<string, unknown>;
  const body = {
    ...plan.body,
    order: { ...order, env: { ...(order.env as object), deviceTokenId: deviceId } },
  };
  const answer = await alipay.call("/aps/api/v1/payments/pay", body);
  if (answer.resultCode !== "SUCCESS" || typeof answer.json?.paymentId !== "string") {
    throw new Error(`pay answered ${answer.status} ${answer.text}`);
  }
  return {
    paymentId: answer.json.paymentId,
    paymentRequestId: plan.paymentRequestId,
    customerId,
    deviceId,
    otherAccount,
    merchantId,
  };
}

test("an analyst finds a flagged payment, investigates its device, and rejects it blocking the device", async ({
  page,
}, testInfo) => {
  const [analyst, flagged] = await Promise.all([
    createStaffAccount("ANALYST", "reviews-ui"),
    flaggedPayment(),
  ]);
  await signInAsStaff(page, analyst);

  await page
    .getByRole("navigation", { name: "Console sections" })
    .getByRole("link", { name: "Reviews" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
  await page.getByLabel("Merchant id").fill(flagged.merchantId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL((url) => url.searchParams.get("merchant") === flagged.merchantId);
  // One row group per payment: its facts and its decision forms.
  const row = page.getByRole("rowgroup").filter({ hasText: flagged.paymentId });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("New account");
  await expect(row).toContainText(flagged.customerId);
  await expect(row).toContainText("₩3,720");
  await screenshotScreen(page, testInfo, "review-queue (analyst)");

  // The investigation: the payment, its decision, and every account seen on its device.
  await row.getByRole("link", { name: flagged.paymentId }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Payment ${flagged.paymentId}` }),
  ).toBeVisible();
  await expect(page.getByRole("region", { name: "Decision trace" })).toContainText("REVIEW");
  const device = page.getByRole("region", { name: "Device", exact: true });
  const accounts = device.getByRole("table", { name: /Accounts that logged in on device/ });
  await expect(accounts.getByRole("row").filter({ hasText: flagged.customerId })).toContainText(
    "payer",
  );
  await expect(accounts.getByRole("row").filter({ hasText: flagged.otherAccount })).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Inbound Alipay+ calls" })).toContainText("VALID");
  await screenshotScreen(page, testInfo, "payment-investigation (analyst)");

  // The device page, filtered to the other account from the accounts table.
  await accounts
    .getByRole("link", { name: `Payments of ${flagged.otherAccount} from this device` })
    .click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Device ${flagged.deviceId}` }),
  ).toBeVisible();
  await expect(
    page.getByRole("heading", { name: `Payments of ${flagged.otherAccount} from this device` }),
  ).toBeVisible();
  await expect(page.getByText("No payments from this device.")).toBeVisible();
  await screenshotScreen(page, testInfo, "device (filtered to another account)");
  await page.getByRole("link", { name: "Show every account's payments" }).click();
  await expect(page.getByRole("link", { name: flagged.paymentId })).toBeVisible();
  await screenshotScreen(page, testInfo, "device");

  // Back to the queue, and reject with a reason, blocking the device.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
  const pending = page.getByRole("rowgroup").filter({ hasText: flagged.paymentId });
  await pending.getByText(`Decide ${flagged.paymentId}`).click();
  await pending
    .getByLabel(`Reason for rejecting ${flagged.paymentId}`)
    .fill("New account on a phone another account used: promo farming");
  await pending.getByLabel(/Block device/).check();
  await screenshotScreen(page, testInfo, "review-queue decide form");
  await pending.getByRole("button", { name: "Reject", exact: true }).click();

  const notice = page.getByRole("status").filter({ hasText: "rejected as abuse" });
  await expect(notice).toContainText(flagged.paymentId);
  await expect(notice).toContainText("promo farming");
  const caseLink = notice.getByRole("link", { name: "Open a case for clawback with Alipay+" });
  const href = new URL((await caseLink.getAttribute("href"))!, baseUrl);
  expect(href.pathname).toBe("/staff/cases/new");
  expect(Object.fromEntries(href.searchParams)).toEqual({
    paymentRequestId: flagged.paymentRequestId,
    customerId: flagged.customerId,
    deviceId: flagged.deviceId,
  });
  await expect(page.getByRole("row").filter({ hasText: flagged.paymentId })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "review-queue after reject");

  await page.getByRole("link", { name: "Decided", exact: true }).click();
  const decided = page.getByRole("row").filter({ hasText: flagged.paymentId });
  await expect(decided).toContainText("Rejected (abuse)");
  await expect(decided).toContainText(analyst.email);
  await screenshotScreen(page, testInfo, "review-queue decided tab");

  await decided.getByRole("link", { name: flagged.paymentId }).click();
  await expect(page.getByRole("region", { name: "Review", exact: true })).toContainText(
    "Rejected as abuse",
  );
  const lists = page.getByRole("region", { name: "List entries in force" });
  await expect(lists.getByRole("row").filter({ hasText: flagged.deviceId })).toContainText("BLOCK");
  await screenshotScreen(page, testInfo, "payment-investigation after reject");
});

test("a viewer sees the queue and the investigation but no approve or reject controls", async ({
  page,
}, testInfo) => {
  const [viewer, flagged] = await Promise.all([
    createStaffAccount("VIEWER", "reviews-ui"),
    flaggedPayment(),
  ]);
  await signInAsStaff(page, viewer);
  await page.goto(`/staff/reviews?merchant=${encodeURIComponent(flagged.merchantId)}`);
  const row = page.getByRole("row").filter({ hasText: flagged.paymentId });
  await expect(row).toContainText("Awaiting an analyst");
  await expect(page.getByText(`Decide ${flagged.paymentId}`)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reject", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "review-queue (viewer)");
  // On a tablet the queue still reads (the table scrolls sideways within its frame).
  await page.setViewportSize({ width: 768, height: 1024 });
  await expect(row).toBeVisible();
  await screenshotScreen(page, testInfo, "review-queue (viewer, tablet)");
  await page.setViewportSize({ width: 1280, height: 720 });

  await row.getByRole("link", { name: flagged.paymentId }).click();
  await expect(page.getByRole("region", { name: "Review", exact: true })).toContainText(
    "An analyst decides it from the review queue.",
  );
  await expect(page.getByRole("button", { name: "Reject", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "payment-investigation (viewer)");

  const missing = await page.goto("/staff/payments/P-DOES-NOT-EXIST");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Payment not found" })).toBeVisible();
  await screenshotScreen(page, testInfo, "payment not found");
});

test("an analyst approves the payment of the simulator's attack-new-account scenario", async ({
  page,
}, testInfo) => {
  const [analyst, attack] = await Promise.all([
    createStaffAccount("ANALYST", "reviews-attack"),
    newAccount(simulatorContext()),
  ]);
  expect(attack.paymentId).toBeDefined();
  const paymentId = attack.paymentId!;
  await signInAsStaff(page, analyst);
  await page.goto(`/staff/payments/${paymentId}`);
  const review = page.getByRole("region", { name: "Review", exact: true });
  await expect(review).toContainText("Awaiting review");
  await expect(page.getByRole("region", { name: "Decision trace" })).toContainText("New account");
  await review
    .getByLabel(`Reason for approving ${paymentId}`)
    .fill("Known customer: opened the account in the store before paying");
  await review.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review).toContainText("Approved");
  await expect(review).toContainText(analyst.email);
  await screenshotScreen(page, testInfo, "payment-investigation approved");
});

test("a verdict goes back to a console page only, whatever returnTo the form carries", async ({
  page,
}) => {
  const [analyst, flagged] = await Promise.all([
    createStaffAccount("ANALYST", "reviews-return-to"),
    flaggedPayment(),
  ]);
  await signInAsStaff(page, analyst);
  await page.goto(`/staff/payments/${flagged.paymentId}`);
  const review = page.getByRole("region", { name: "Review", exact: true });
  // A tampered form (or another site's page posting to the action): normalised, this is
  // //evil.example/x, which a browser reads as another host.
  await review.locator('input[name="returnTo"]').evaluateAll((inputs) => {
    for (const input of inputs) (input as HTMLInputElement).value = "/staff/..//evil.example/x";
  });
  await review
    .getByLabel(`Reason for approving ${flagged.paymentId}`)
    .fill("Known customer: the store vouched for the account");
  await review.getByRole("button", { name: "Approve", exact: true }).click();
  await page.waitForURL(
    (url) =>
      url.origin === new URL(baseUrl).origin &&
      url.pathname === "/staff/reviews" &&
      url.searchParams.get("decided") === flagged.paymentId,
  );
});

/**
 * Moves the focus with Tab, as a keyboard user does, until `target` has it: fails if it is not
 * reached in `limit` presses (not focusable, or hidden from the tab order).
 */
async function tabTo(target: Locator, limit = 60): Promise<void> {
  const page = target.page();
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`${target.toString()} was not reached with ${limit} presses of Tab`);
}

test("an analyst signs in, finds a flagged payment and approves it with the keyboard alone", async ({
  page,
}) => {
  const [analyst, flagged] = await Promise.all([
    createStaffAccount("ANALYST", "reviews-keyboard"),
    flaggedPayment(),
  ]);
  await page.goto("/staff/sign-in");
  await tabTo(page.getByLabel("Email"));
  await page.keyboard.type(analyst.email);
  await tabTo(page.getByLabel("Password"));
  await page.keyboard.type(analyst.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === "/staff");

  await tabTo(
    page
      .getByRole("navigation", { name: "Console sections" })
      .getByRole("link", { name: "Reviews" }),
  );
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
  await tabTo(page.getByLabel("Merchant id"));
  await page.keyboard.type(flagged.merchantId);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.searchParams.get("merchant") === flagged.merchantId);

  const pending = page.getByRole("rowgroup").filter({ hasText: flagged.paymentId });
  await tabTo(pending.getByText(`Decide ${flagged.paymentId}`));
  await page.keyboard.press("Enter");
  await expectNoSeriousViolations(page, "review queue with a decision form open");
  await tabTo(pending.getByLabel(`Reason for approving ${flagged.paymentId}`));
  await page.keyboard.type("Known customer: opened the account in the store before paying");
  await tabTo(pending.getByRole("button", { name: "Approve", exact: true }));
  await page.keyboard.press("Enter");

  const notice = page.getByRole("status").filter({ hasText: "approved" });
  await expect(notice).toContainText(flagged.paymentId);
  await expect(notice).toContainText(analyst.email);
  const connection = createDb(process.env.DATABASE_URL ?? "", { max: 1 });
  try {
    const rows = await connection.db
      .select({ verdict: paymentReviews.verdict, reviewedBy: paymentReviews.reviewedBy })
      .from(paymentReviews)
      .where(eq(paymentReviews.paymentId, flagged.paymentId));
    expect(rows).toEqual([{ verdict: "APPROVED", reviewedBy: analyst.email }]);
  } finally {
    await connection.close();
  }
});

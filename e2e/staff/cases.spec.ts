/**
 * Alipay+ risk cases in Chromium (README "Staff console"): a case Alipay+ posts through the signed
 * API is opened by an analyst, investigated (note, block the customer, claw-back note), concluded
 * with its finding, exported as JSON and CSV (the downloads are checked) and marked communicated; a
 * case made by hand from the review queue's pre-filled link; a CSV import with a bad line; a viewer
 * sees a case but no control. Every screen is attached as a full-page screenshot.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import {
  alipay,
  AUTUMN_JAPAN,
  createCustomer,
  FIRST_PAYMENT,
  pay,
  UJI_SABO,
} from "../fixtures/browser";
import { createStaffAccount, signInAsStaff, screenshotScreen } from "../fixtures/staff";

/** A paid, promoted payment and a case about it (and its customer) posted as Alipay+ would. */
async function caseFromAlipay(deadline: Date) {
  const customerId = await createCustomer();
  const paid = await pay(customerId, UJI_SABO, {
    promotions: [AUTUMN_JAPAN, FIRST_PAYMENT],
    payToMinor: 16_740n,
  });
  const caseId = `ALIPAY-${randomUUID().slice(0, 13)}`;
  const answer = await alipay.call("/api/alipayplus/v1/risk-cases", {
    caseId,
    raisedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    deadline: deadline.toISOString(),
    reason: "Promotion redeemed by a farmed account",
    items: [{ paymentRequestId: paid.plan.paymentRequestId }, { customerId }],
  });
  expect(answer.resultCode, answer.text).toBe("SUCCESS");
  expect(answer.responseSignatureValid).toBe(true);
  return {
    caseId,
    customerId,
    paymentId: paid.paymentId,
    paymentRequestId: paid.plan.paymentRequestId,
  };
}

async function download(
  page: Page,
  linkName: string | RegExp,
): Promise<{ name: string; text: string }> {
  const started = page.waitForEvent("download");
  await page.getByRole("link", { name: linkName }).click();
  const file = await started;
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

test("an analyst investigates a case Alipay+ posted, concludes it and exports JSON and CSV", async ({
  page,
}, testInfo) => {
  const analyst = await createStaffAccount("ANALYST", "cases-spec");
  // Overdue already: the list marks it.
  const flagged = await caseFromAlipay(new Date(Date.now() - 60_000));
  await signInAsStaff(page, analyst);

  await page.goto("/staff/cases?status=OPEN");
  await expect(page.getByRole("heading", { level: 1, name: "Risk cases" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: flagged.caseId });
  await expect(row).toContainText("Overdue");
  await expect(row).toContainText("Alipay+ API");
  await screenshotScreen(page, testInfo, "cases-list");

  await row.getByRole("link", { name: flagged.caseId }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(flagged.caseId);
  await expect(page.getByRole("link", { name: flagged.paymentId }).first()).toHaveAttribute(
    "href",
    `/staff/payments/${flagged.paymentId}`,
  );
  await screenshotScreen(page, testInfo, "case-open");

  await page.getByRole("button", { name: "Start investigation" }).click();
  // The step's form gives way to the next one: concluding.
  await expect(page.getByRole("heading", { level: 3, name: "Conclude" })).toBeVisible();
  await expect(page.getByText("investigating", { exact: true })).toBeVisible();
  await page
    .getByRole("textbox", { name: "Note (internal, not exported)" })
    .fill("Same device as two other accounts.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Note added.")).toBeVisible();

  await page
    .getByRole("textbox", { name: `Reason to block ${flagged.customerId}` })
    .fill("Farmed account");
  await page.getByRole("button", { name: `Block customer ${flagged.customerId}` }).click();
  await expect(page.getByText(`Customer ${flagged.customerId} is blocked.`)).toBeVisible();

  await page
    .getByRole("textbox", { name: /Claw-back note/ })
    .fill("Claw back the KRW 3,720 of promotion savings");
  await page.getByRole("button", { name: "Add claw-back note" }).click();
  await expect(page.getByText("Claw-back note added.")).toBeVisible();
  await screenshotScreen(page, testInfo, "case-investigating");

  await page.getByRole("combobox", { name: "Finding" }).selectOption("CONFIRMED_ABUSE");
  await page
    .getByRole("textbox", { name: "Summary" })
    .fill("The account was farmed for promotions.");
  await page.getByRole("button", { name: "Conclude" }).click();
  await expect(page.getByRole("button", { name: "Mark as communicated to Alipay+" })).toBeVisible();
  await expect(page.getByText("confirmed abuse")).toBeVisible();
  await expect(page.getByText("concluded", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Export JSON" }).click();
  await expect(page.getByText(/Exported JSON as export #\d+/)).toBeVisible();
  const json = await download(page, /^Download JSON #/);
  expect(json.name).toMatch(new RegExp(`^risk-case-${flagged.caseId}-\\d+\\.json$`));
  const exported = JSON.parse(json.text) as {
    caseId: string;
    status: string;
    finding: string;
    summary: string;
    actions: { kind: string; subjectId: string | null; text: string }[];
    items: { paymentRequestId: string | null; payments: { paymentId: string }[] }[];
    concludedBy: string;
  };
  expect(exported).toMatchObject({
    caseId: flagged.caseId,
    status: "CONCLUDED",
    finding: "CONFIRMED_ABUSE",
    summary: "The account was farmed for promotions.",
    concludedBy: analyst.email,
    actions: [
      { kind: "BLOCK_CUSTOMER", subjectId: flagged.customerId, text: "Farmed account" },
      {
        kind: "CLAWBACK_NOTE",
        subjectId: null,
        text: "Claw back the KRW 3,720 of promotion savings",
      },
    ],
  });
  expect(exported.items.map((item) => item.payments.map((p) => p.paymentId))).toEqual([
    [flagged.paymentId],
    [flagged.paymentId],
  ]);
  expect(json.text).not.toContain("Same device as two other accounts.");

  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByText(/Exported CSV as export #\d+/)).toBeVisible();
  const csv = await download(page, /^Download CSV #/);
  expect(csv.name).toMatch(/\.csv$/);
  const lines = csv.text.split("\r\n");
  expect(lines[0]).toMatch(
    /^caseId,status,finding,summary,concludedAt,concludedBy,itemPaymentRequestId,/,
  );
  expect(lines.filter((line) => line.includes(flagged.paymentId))).toHaveLength(2);
  // Text cells are quoted (server/stores/csv.ts spreadsheetCell).
  expect(lines[1]).toContain(
    `"${flagged.caseId}","CONCLUDED","CONFIRMED_ABUSE","The account was farmed for promotions."`,
  );
  await screenshotScreen(page, testInfo, "case-concluded-exported");

  await page.getByRole("button", { name: "Mark as communicated to Alipay+" }).click();
  await expect(page.getByText("communicated", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Mark as communicated to Alipay+" })).toHaveCount(
    0,
  );
  await expect(page.getByRole("link", { name: /^Download (JSON|CSV) #/ })).toHaveCount(2);
  await screenshotScreen(page, testInfo, "case-communicated");
});

test("an analyst opens a case by hand from the review queue's link and imports a CSV", async ({
  page,
}, testInfo) => {
  const analyst = await createStaffAccount("ANALYST", "cases-spec-new");
  await signInAsStaff(page, analyst);
  const suffix = randomUUID().slice(0, 8);
  const paymentRequestId = `PAY-${suffix}`;
  const customerId = `C-${suffix}`;
  await page.goto(
    `/staff/cases/new?${new URLSearchParams({ paymentRequestId, customerId, deviceId: `DEV-${suffix}` })}`,
  );
  await expect(page.getByRole("heading", { level: 1, name: "New risk case" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Payment request id" })).toHaveValue(
    paymentRequestId,
  );
  await expect(page.getByRole("textbox", { name: "Customer id" })).toHaveValue(customerId);
  await page.getByRole("textbox", { name: "Reason" }).fill("Rejected in review: device farm");
  await page.getByRole("textbox", { name: "More items (optional)" }).fill(`,C-${suffix}-2,`);
  await screenshotScreen(page, testInfo, "case-new");
  await page.getByRole("button", { name: "Create case" }).click();
  await page.waitForURL(/\/staff\/cases\/MANUAL-\d{8}-[0-9A-Z]{8}$/);
  await expect(page.getByText("Flagged items (2)")).toBeVisible();
  await expect(page.getByRole("cell", { name: `C-${suffix}-2` })).toBeVisible();
  await screenshotScreen(page, testInfo, "case-made-by-hand");

  // Alipay+'s own id, with characters a URL must escape: the page finds the very same case.
  const oddId = `ALI %41/${suffix} #1`;
  await page.goto(`/staff/cases/new?${new URLSearchParams({ customerId })}`);
  await page.getByRole("textbox", { name: "Case id (optional)" }).fill(oddId);
  await page.getByRole("textbox", { name: "Reason" }).fill("Escaped id");
  await page.getByRole("button", { name: "Create case" }).click();
  await page.waitForURL((url) => url.pathname === `/staff/cases/${encodeURIComponent(oddId)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Case ${oddId}`);

  await page.goto("/staff/cases");
  const caseA = `CSV-${suffix}-A`;
  const csv = [
    "caseId,raisedAt,deadline,reason,paymentRequestId,customerId,deviceId",
    `${caseA},2026-11-20T10:00:00+09:00,,"Farming, two rows",PAY-${suffix}-1,,`,
    `${caseA},2026-11-20T10:00:00+09:00,,"Farming, two rows",,C-${suffix}-9,`,
    `CSV-${suffix}-B,yesterday,,Bad time,,C-${suffix}-8,`,
  ].join("\r\n");
  await page.getByLabel("CSV file").setInputFiles({
    name: "cases.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(
    page.getByText("1 case created, 0 already there, 0 in conflict, 1 row left out."),
  ).toBeVisible();
  await expect(
    page.getByText("Line 4: raisedAt: must be an ISO 8601 date-time with an offset (Z or ±hh:mm)"),
  ).toBeVisible();
  await screenshotScreen(page, testInfo, "cases-import");
  await page.goto(`/staff/cases/${caseA}`);
  await expect(page.getByText("Flagged items (2)")).toBeVisible();
});

test("a viewer sees a case but has no controls", async ({ page }, testInfo) => {
  const viewer = await createStaffAccount("VIEWER", "cases-spec-viewer");
  const flagged = await caseFromAlipay(new Date(Date.now() + 86_400_000));
  await signInAsStaff(page, viewer);
  await page.goto("/staff/cases");
  await expect(page.getByRole("heading", { level: 1, name: "Risk cases" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New case" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "cases-list-viewer");

  await page.goto(`/staff/cases/${flagged.caseId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(flagged.caseId);
  await expect(page.getByText(flagged.customerId).first()).toBeVisible();
  await expect(
    page.getByRole("button", {
      name: /Start investigation|Conclude|Add note|claw-back|Export|Block/,
    }),
  ).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("combobox")).toHaveCount(0);
  await screenshotScreen(page, testInfo, "case-viewer");

  await page.goto("/staff/cases/new");
  await expect(page.getByText("Your role cannot open this page")).toContainText(
    "needs the cases.write permission",
  );
});

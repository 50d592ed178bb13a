/**
 * The Lists screen in a browser (README "Staff console"): an analyst adds an entry with a reason
 * and an expiry, finds it with the filters, changes its reason, and removes it after confirming; a
 * viewer reads the lists without any control to change them.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createStaffAccount, signInAsStaff, screenshotScreen } from "../fixtures/staff";

test("an analyst adds, finds, changes and removes a list entry", async ({ page }, testInfo) => {
  const analyst = await createStaffAccount("ANALYST", "lists-e2e");
  const device = `DEV-LISTS-${randomUUID()}`;
  const expiry = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
  await signInAsStaff(page, analyst);
  await page.goto("/staff/lists");
  await expect(page.getByRole("heading", { level: 1, name: "Lists" })).toBeVisible();

  const add = page.getByRole("region", { name: "Add an entry" });
  await add.getByLabel("Subject type").selectOption("DEVICE");
  await add.getByLabel("Subject id").fill(device);
  await add.getByLabel("List").selectOption("BLOCK");
  await add.getByLabel("Reason").fill("five accounts redeemed on it in an hour");
  await add.getByLabel("Expires (UTC)").fill(expiry);
  await add.getByRole("button", { name: "Add to list" }).click();
  await expect(
    add.getByText(`Device ${device} is on the block list until ${expiry.replace("T", " ")} UTC.`),
  ).toBeVisible();

  const filter = page.getByRole("search", { name: "Filter entries" });
  await filter.getByLabel("Subject id (exact)").fill(device);
  await filter.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/subject=DEV-LISTS-/);
  const row = page.getByRole("row").filter({ hasText: device });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("five accounts redeemed on it in an hour");
  await expect(row).toContainText(`${expiry.replace("T", " ")}:00 UTC`);
  await expect(row).toContainText(analyst.email);
  await screenshotScreen(page, testInfo, "lists");

  // Change the reason (the same list and subject: the entry is replaced, not duplicated).
  await row.getByText("Edit").click();
  await row.getByLabel("Reason").fill("device farm, confirmed");
  await row.getByLabel("Expires (UTC)").fill("");
  await row.getByRole("button", { name: "Save", exact: true }).click();
  await expect(row.getByText(`Device ${device} is on the block list.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: device })).toHaveCount(1);
  await expect(row).toContainText("device farm, confirmed");
  await expect(row).toContainText("never");

  // Remove, after confirming.
  await row.getByText("Remove").first().click();
  await row.getByLabel(/Remove device/).check();
  await screenshotScreen(page, testInfo, "lists-remove");
  await row.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: device })).toHaveCount(0);
  await expect(page.getByText("No entries match.")).toBeVisible();
});

test("a viewer reads the lists but cannot change them", async ({ page }, testInfo) => {
  const viewer = await createStaffAccount("VIEWER", "lists-e2e");
  await signInAsStaff(page, viewer);
  await page.goto("/staff/lists?expired=1");
  await expect(page.getByRole("heading", { level: 1, name: "Lists" })).toBeVisible();
  await expect(page.getByRole("search", { name: "Filter entries" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Add an entry" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Add to list|Save|Remove/ })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "lists-viewer");
  await page.setViewportSize({ width: 768, height: 1024 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await screenshotScreen(page, testInfo, "lists-tablet");
});

/**
 * Every console screen passes the accessibility check (e2e/fixtures/axe.ts), as an admin sees it
 * (every control shown): the sign-in page, then each section with a payment in review, its
 * investigation and device, a case and an inbound call to open. The rule draft and its backtest
 * are checked in e2e/staff/rules.spec.ts, which owns the one draft the database may hold.
 */
import { expect, test } from "@playwright/test";
import { newAccount } from "@/server/simulator/attacks";
import { simulatorContext } from "../fixtures/browser";
import { expectNoSeriousViolations } from "../fixtures/axe";
import { createStaffAccount, signInAsStaff, staffCaller } from "../fixtures/staff";

test("every console screen has no serious or critical accessibility violation", async ({
  page,
}) => {
  // Nineteen screens, some long (the lists and logs the whole suite fills): about a second each.
  test.setTimeout(90_000);
  const [admin, attack] = await Promise.all([
    createStaffAccount("ADMIN", "a11y"),
    newAccount(simulatorContext()),
  ]);
  const paymentId = attack.paymentId!;
  const { caseId } = await (
    await staffCaller(admin)
  ).cases.create({
    // Overdue, so the list shows a row in its warning colours too.
    raisedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    deadline: new Date(Date.now() - 86_400_000).toISOString(),
    reason: "Accessibility check: a case to open",
    items: [{ customerId: attack.customerId }],
  });

  await page.goto("/staff/sign-in");
  await expectNoSeriousViolations(page, "sign-in");
  await page.goto("/staff/sign-in?error=invalid");
  await expect(
    page.getByText("That email and password do not match an active account."),
  ).toBeVisible();
  await expectNoSeriousViolations(page, "sign-in refused");
  await signInAsStaff(page, admin);

  const visit = async (path: string, heading: string | RegExp) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  };
  await visit("/staff", "Overview");
  await visit("/staff/reviews", "Review queue");
  await visit("/staff/reviews?tab=decided", "Review queue");
  await visit(`/staff/payments/${paymentId}`, `Payment ${paymentId}`);
  const device = page.getByRole("region", { name: "Device", exact: true }).getByRole("link");
  await visit((await device.first().getAttribute("href"))!, /^Device /);
  await visit("/staff/payments", "Payments with promotions not fully read");
  await visit("/staff/cases", "Risk cases");
  await visit(`/staff/cases/${caseId}`, new RegExp(caseId));
  await visit("/staff/cases/new", "New risk case");
  await visit("/staff/lists", "Lists");
  await visit("/staff/rules", "Rules");
  await visit("/staff/rules/draft", /draft/i);
  await visit("/staff/audit", "Audit log");
  await visit("/staff/team", "Staff");
  await visit("/staff/account", "My account");
  await visit("/staff/inbound", "Inbound calls");
  // The link sits in each call's folded details: read, not clicked.
  const call = page
    .getByRole("link", { name: /^Open call \d+ with its headers$/, includeHidden: true })
    .first();
  await visit((await call.getAttribute("href"))!, /^Inbound call \d+$/);
});

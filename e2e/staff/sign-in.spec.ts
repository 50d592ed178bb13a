import { expect, test } from "@playwright/test";
import { baseUrl } from "../fixtures/browser";
import { createStaffAccount, signInAsStaff, submitStaffSignIn } from "../fixtures/staff";

test("staff sign in with email and password, see the console, and sign out", async ({ page }) => {
  const analyst = await createStaffAccount("ANALYST", "sign-in");
  await signInAsStaff(page, analyst);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Console sections" })).toBeVisible();
  // Staff management is an admin's: an analyst has no link to it.
  await expect(page.getByRole("link", { name: "Staff", exact: true })).toHaveCount(0);
  const sessionCookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/staff/sign-in");
  await page.goto("/staff/audit");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  // The session's cookie set again (a request in flight during the sign-out, or a stolen copy)
  // does not sign it back in: the sign-out is recorded on the server.
  await page.context().addCookies(sessionCookies);
  await page.goto("/staff/audit");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  const viewer = await createStaffAccount("VIEWER", "wrong-password");
  await submitStaffSignIn(page, viewer.email, "not-the-password-at-all");
  await page.waitForURL("**/staff/sign-in?error=invalid");
  await expect(
    page.getByText("That email and password do not match an active account."),
  ).toBeVisible();
  // An unknown address reads exactly the same (no account enumeration).
  await submitStaffSignIn(page, `nobody-${viewer.staffId}@plusdesk.test`, "whatever-password");
  await expect(
    page.getByText("That email and password do not match an active account."),
  ).toBeVisible();
});

test("changing one's password keeps this browser signed in and signs every other one out", async ({
  page,
  browser,
}) => {
  const viewer = await createStaffAccount("VIEWER", "password-change");
  const elsewhere = await browser.newContext({ baseURL: baseUrl });
  const otherPage = await elsewhere.newPage();
  await signInAsStaff(otherPage, viewer);
  await signInAsStaff(page, viewer);

  await page.goto("/staff/account");
  await page.getByLabel("Current password").fill(viewer.password);
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toHaveText(
    "Password changed. Every other session of this account has ended.",
  );
  await page.goto("/staff/audit");
  await expect(page).toHaveURL(/\/staff\/audit$/);

  await otherPage.goto("/staff/audit");
  await expect(otherPage).toHaveURL(/\/staff\/sign-in$/);
  await elsewhere.close();
});

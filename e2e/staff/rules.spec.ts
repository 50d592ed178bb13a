/**
 * The Rules screens in a browser (README "Staff console"): an admin starts a draft, adds a campaign
 * and edits its threshold (a refused value first), backtests the draft, publishes it, and the next
 * payment through the real signed API is judged by the new version; then rolls back. An analyst has
 * no publish button (and the procedure refuses); a viewer edits nothing; a save or a publish made
 * from a page opened before someone else's save is refused, not applied over it.
 *
 * Publishing changes the live version for every test running against this database. So the tests
 * run one after another, the published version adds only a campaign on a promo id no one else
 * uses (the same effect for every other payment), and the version that was live is live again
 * at the end, whatever happened.
 */
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { createDb } from "@/db";
import { liveRuleSet, riskDecisions, ruleSets } from "@/db/schema";
import { discardRuleDraft, rollBackRuleSet } from "@/server/rule-admin/rule-admin";
import { createCustomer, pay, UJI_SABO } from "../fixtures/browser";
import { expectNoSeriousViolations } from "../fixtures/axe";
import {
  actorOf,
  createStaffAccount,
  signInAsStaff,
  staffCaller,
  type StaffAccount,
  screenshotScreen,
} from "../fixtures/staff";

test.describe.configure({ mode: "serial" });

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
const PROMO = {
  promoId: `PROMO-RULES-E2E-${run}`,
  promoName: "Rules e2e: 100 JPY off",
  promoType: "DISCOUNT",
  offMinor: 100n,
};
const CAMPAIGN = `Rules e2e ${run}`;

const connection = createDb(process.env.DATABASE_URL ?? "", { max: 2 });
const { db } = connection;
let admin: StaffAccount;
let analyst: StaffAccount;
let viewer: StaffAccount;
let liveBefore: number;

async function liveNow(): Promise<number> {
  const [live] = await db.select({ version: liveRuleSet.version }).from(liveRuleSet);
  return live!.version;
}

async function draftNow(): Promise<number | null> {
  const [draft] = await db
    .select({ version: ruleSets.version })
    .from(ruleSets)
    .where(eq(ruleSets.status, "DRAFT"));
  return draft?.version ?? null;
}

test.beforeAll(async () => {
  admin = await createStaffAccount("ADMIN", "rules-e2e");
  analyst = await createStaffAccount("ANALYST", "rules-e2e");
  viewer = await createStaffAccount("VIEWER", "rules-e2e");
  // The suite's database: version 1 is made live on first use.
  liveBefore = (await (await staffCaller(viewer)).rules.overview()).live.version;
  expect(await draftNow(), "another test left a draft on this database").toBeNull();
});

test.afterAll(async () => {
  // Leave the live version's effect as it was for everyone after us.
  try {
    if ((await liveNow()) !== liveBefore) await rollBackRuleSet(db, actorOf(admin), liveBefore);
    const draft = await draftNow();
    if (draft !== null) await discardRuleDraft(db, actorOf(admin), draft);
  } finally {
    await connection.close();
  }
});

test("an admin edits a draft, backtests and publishes it; the next payment is judged by it; then rolls back", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // A payment with this test's promotion under the live version: allowed.
  const customerId = await createCustomer();
  const before = await pay(customerId, UJI_SABO, { promotions: [PROMO], payToMinor: 19_530n });

  await signInAsStaff(page, admin);
  await page.goto("/staff/rules");
  await expect(page.getByRole("heading", { level: 1, name: "Rules" })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Live: version ${liveBefore}` })).toBeVisible();
  await screenshotScreen(page, testInfo, "rules-overview");

  // A draft as a copy of the live version.
  await page.getByRole("button", { name: "Start a draft" }).click();
  await page.waitForURL("**/staff/rules/draft?started=*");
  const heading = page.getByRole("heading", { level: 1, name: /^Draft: version \d+$/ });
  const version = Number((await heading.textContent())!.replace(/\D+/g, ""));
  expect(version).toBeGreaterThan(liveBefore);
  await expect(
    page.getByText(`Draft version ${version} started as a copy of version ${liveBefore}`),
  ).toBeVisible();
  await expect(page.getByText("No differences: the two versions are the same.")).toBeVisible();

  // Add a campaign on this test's promo id; a threshold of 0 is refused next to its field.
  const add = page.locator("form", { has: page.getByRole("button", { name: "Add campaign" }) });
  await add.getByLabel("Name").fill(CAMPAIGN);
  await add.getByLabel("Promo id or prefix").fill(PROMO.promoId);
  await add.getByLabel(/Kill switch/).check();
  await add.getByText(/Overrides of the rules/).click();
  const repeat = add.getByRole("group", { name: "Repeat redemption" });
  await repeat.getByLabel("Earlier redemptions").fill("0");
  await add.getByRole("button", { name: "Add campaign" }).click();
  await expect(add.getByText("Not saved: the rule set refused these values.")).toBeVisible();
  await expect(repeat.getByText(/Too small/)).toBeVisible();
  await expect(repeat.getByLabel("Earlier redemptions")).toHaveAttribute("aria-invalid", "true");
  await expect(repeat.getByLabel("Earlier redemptions")).toHaveValue("0");
  await expect(add.getByLabel("Name")).toHaveValue(CAMPAIGN);
  await screenshotScreen(page, testInfo, "rules-draft-refused");
  await repeat.getByLabel("Earlier redemptions").fill("5");
  await add.getByRole("button", { name: "Add campaign" }).click();
  await expect(page.getByText(`Saved campaign “${CAMPAIGN}”.`)).toBeVisible();

  // Edit its threshold.
  const campaign = page.getByRole("listitem").filter({ hasText: CAMPAIGN });
  await campaign.locator("summary").first().click();
  const edit = campaign.locator("form", {
    has: page.getByRole("button", { name: "Save campaign" }),
  });
  await edit
    .getByRole("group", { name: "Repeat redemption" })
    .getByLabel("Earlier redemptions")
    .fill("4");
  await edit.getByRole("button", { name: "Save campaign" }).click();
  await expect(edit.getByText(`Saved campaign “${CAMPAIGN}”.`)).toBeVisible();

  // The changes from the live version, field by field.
  const changes = page.getByRole("table", { name: /Changes from live version/ });
  await expect(changes.getByRole("row")).toHaveCount(4); // header, name, kill switch, threshold
  const threshold = changes
    .getByRole("row")
    .filter({ hasText: "Repeat redemption: Earlier redemptions" });
  await expect(threshold.getByRole("cell").nth(1)).toHaveText("before: default");
  await expect(threshold.getByRole("cell").nth(2)).toHaveText("after: 4 or more");
  const [saved] = await db
    .select({ config: ruleSets.config })
    .from(ruleSets)
    .where(eq(ruleSets.version, version));
  expect((saved!.config as { campaigns: unknown[] }).campaigns).toContainEqual({
    name: CAMPAIGN,
    promoId: PROMO.promoId,
    killSwitch: true,
    rules: { repeatRedemption: { minPriorRedemptions: 4 } },
  });
  await expectNoSeriousViolations(page, "rules-draft");
  await screenshotScreen(page, testInfo, "rules-draft");

  // Backtest the last seven days against the live version.
  await page.getByRole("link", { name: "Backtest this draft" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Backtest draft version ${version}` }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(
    page.getByRole("heading", {
      name: `Backtest of version ${version} against version ${liveBefore}`,
    }),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/^Backtested \d+ payments in/)).toBeVisible();
  // Only this test's promotion changed: its kill switch would have stopped the earlier payment.
  const killSwitch = page.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: "Campaign kill switch" }),
  });
  await expect(killSwitch.getByRole("cell").first()).toHaveText(/^1\s*\(\+1\)$/);
  await expect(killSwitch.getByRole("cell").nth(2)).toHaveText("₩930");
  const changed = page.getByRole("table", { name: /Payments whose outcome would change \(1\)/ });
  const link = changed.getByRole("link", { name: before.paymentId });
  await expect(link).toHaveAttribute("href", `/staff/payments/${before.paymentId}`);
  await expect(
    changed.getByRole("row").filter({ has: page.getByRole("link", { name: before.paymentId }) }),
  ).toContainText(/ALLOW\s*REJECT/);
  await expectNoSeriousViolations(page, "rules-backtest");
  await screenshotScreen(page, testInfo, "rules-backtest");

  // Publish.
  await page.goto("/staff/rules/draft");
  const publish = page.getByRole("region", { name: "Publish" });
  await publish.getByLabel(/I have checked the changes/).check();
  await publish.getByRole("button", { name: `Publish version ${version}` }).click();
  await page.waitForURL("**/staff/rules?notice=published*");
  await expect(
    page.getByText(`Version ${version} is published and live (it replaced version ${liveBefore})`),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: `Live: version ${version}` })).toBeVisible();
  await screenshotScreen(page, testInfo, "rules-published");

  // The next payment through the real signed API is judged by the new version: the kill switch.
  const after = await pay(customerId, UJI_SABO, {
    promotions: [PROMO],
    payToMinor: 19_530n,
    expectResult: "RISK_REJECT",
  });
  const decisionOf = async (paymentRequestId: string) =>
    (
      await db
        .select()
        .from(riskDecisions)
        .where(eq(riskDecisions.paymentRequestId, paymentRequestId))
    )[0];
  expect(await decisionOf(before.plan.paymentRequestId)).toMatchObject({
    ruleSetVersion: liveBefore,
    outcome: "ALLOW",
    campaigns: [],
  });
  expect(await decisionOf(after.plan.paymentRequestId)).toMatchObject({
    ruleSetVersion: version,
    outcome: "REJECT",
    campaigns: [CAMPAIGN],
  });

  // Roll back to the version that was live.
  const row = page.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: String(liveBefore), exact: true }),
  });
  await row.getByText(`Roll back to version ${liveBefore}…`).click();
  await row.getByLabel(/The next payment on every app instance/).check();
  await row.getByRole("button", { name: `Make version ${liveBefore} live` }).click();
  await page.waitForURL("**/staff/rules?notice=rolled-back*");
  await expect(
    page.getByText(`Version ${liveBefore} is live again (it replaced version ${version})`),
  ).toBeVisible();
  expect(await liveNow()).toBe(liveBefore);
  await screenshotScreen(page, testInfo, "rules-rolled-back");

  // The diff of the two versions, from the versions table.
  await page.goto(`/staff/rules/diff?from=${liveBefore}&to=${version}`);
  await expect(
    page.getByRole("heading", { level: 1, name: `Version ${liveBefore} → version ${version}` }),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: /Changes from version/ })).toContainText(CAMPAIGN);
  await screenshotScreen(page, testInfo, "rules-diff");
  await page.goto(`/staff/rules/${version}`);
  await expect(page.getByRole("heading", { level: 3, name: CAMPAIGN })).toBeVisible();
  await screenshotScreen(page, testInfo, "rules-version");
});

test("an analyst edits drafts but has no publish button, and the procedure refuses", async ({
  page,
}, testInfo) => {
  await signInAsStaff(page, analyst);
  await page.goto("/staff/rules");
  await page.getByRole("button", { name: "Start a draft" }).click();
  await page.waitForURL("**/staff/rules/draft?started=*");
  const version = await draftNow();
  expect(version).not.toBeNull();
  await expect(page.getByRole("button", { name: "Save rules" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Publish/ })).toHaveCount(0);
  await expect(page.getByText("An admin publishes the draft once it is ready.")).toBeVisible();
  await screenshotScreen(page, testInfo, "rules-draft-analyst");
  // On a tablet the editor fits the width (wide tables scroll inside their own box).
  await page.setViewportSize({ width: 768, height: 1024 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await screenshotScreen(page, testInfo, "rules-draft-tablet");
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(
    (await staffCaller(analyst)).rules.publish({ version: version!, revision: 0 }),
  ).rejects.toMatchObject({
    code: "FORBIDDEN",
  });
  expect(await liveNow()).toBe(liveBefore);

  // Analysts discard drafts.
  const discard = page.getByRole("region", { name: "Discard" });
  await discard.getByLabel(/Throw away draft version/).check();
  await discard.getByRole("button", { name: "Discard the draft" }).click();
  await page.waitForURL("**/staff/rules?notice=discarded*");
  await expect(page.getByText(`Draft version ${version} was discarded.`)).toBeVisible();
  expect(await draftNow()).toBeNull();
});

test("a viewer reads the rules and the draft but can change nothing", async ({
  page,
}, testInfo) => {
  const { version } = await (await staffCaller(analyst)).rules.createDraft({});
  await signInAsStaff(page, viewer);
  await page.goto("/staff/rules");
  await expect(page.getByRole("button", { name: "Start a draft" })).toHaveCount(0);
  await expect(page.getByText(/^(Roll back to|Make live)/)).toHaveCount(0);
  await page.getByRole("link", { name: "View the draft" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Draft: version ${version}` }),
  ).toBeVisible();
  await expect(
    page.getByText("Your role reads the draft; analysts and admins edit it."),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: /Save|Add campaign|Publish|Discard|Backtest/ }),
  ).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Backtest this draft" })).toHaveCount(0);
  await screenshotScreen(page, testInfo, "rules-draft-viewer");
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto("/staff/rules");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await screenshotScreen(page, testInfo, "rules-overview-tablet");
  await page.goto("/staff/rules/draft/backtest");
  await expect(page.getByText(/^Your role cannot open this page/)).toContainText("rules.draft");
  const api = await staffCaller(viewer);
  await expect(api.rules.discardDraft({ version })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(
    api.rules.updateDraft({
      version,
      revision: 0,
      config: (await api.rules.version({ version })).config,
    }),
  ).rejects.toMatchObject({ code: "FORBIDDEN" });
  await (await staffCaller(analyst)).rules.discardDraft({ version });
});

test("a draft saved by someone else since the page opened is not overwritten, nor published unseen", async ({
  page,
}) => {
  const api = await staffCaller(analyst);
  const { version } = await api.rules.createDraft({});
  await signInAsStaff(page, admin);
  await page.goto("/staff/rules/draft");
  await expect(
    page.getByRole("heading", { level: 1, name: `Draft: version ${version}` }),
  ).toBeVisible();
  // Meanwhile an analyst saves the draft (revision 0 → 1).
  const { config } = await api.rules.version({ version });
  await api.rules.updateDraft({ version, revision: 0, config, note: "the analyst's edit" });

  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(
    page.getByText(/^Not saved: someone saved this draft after you opened it/),
  ).toBeVisible();
  const publish = page.getByRole("region", { name: "Publish" });
  await publish.getByRole("checkbox").check();
  await publish.getByRole("button", { name: `Publish version ${version}` }).click();
  await expect(publish.getByText(/the draft changed since you opened it/)).toBeVisible();
  expect(await liveNow()).toBe(liveBefore);
  expect((await api.rules.version({ version })).summary).toMatchObject({
    status: "DRAFT",
    revision: 1,
    note: "the analyst's edit",
  });
  await api.rules.discardDraft({ version });
});

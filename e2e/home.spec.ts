import { expect, test } from "@playwright/test";

test("the home page renders in a real browser and the API reports healthy", async ({
  page,
  request,
}) => {
  await page.goto("/");
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Plusdesk" })).toBeVisible();

  const health = await request.get("/api/trpc/system.health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ result: { data: { status: "ok" } } });
});

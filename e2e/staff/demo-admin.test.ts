/**
 * `npm run dev`'s demo admin: created once with a password kept under the dev directory, the same
 * sign-in printed on every start, and no password printed once it was changed in the console.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { changeOwnPassword, findActiveStaff } from "@/server/staff/staff-members";
import { DEMO_ADMIN_EMAIL, ensureDemoAdmin } from "@/server/staff/demo-admin";
import { signInStaff } from "@/server/staff/sign-in";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";

let isolated: IsolatedDatabase;
let devDir: string;
beforeAll(async () => {
  isolated = await createIsolatedDatabase();
  devDir = await mkdtemp(path.join(os.tmpdir(), "plusdesk-demo-admin-"));
});
afterAll(async () => {
  await isolated.drop();
  await rm(devDir, { recursive: true, force: true });
});

it("creates the admin once and prints the same working sign-in on every start", async () => {
  const first = await ensureDemoAdmin(isolated.db, devDir);
  expect(first).toMatchObject({ email: DEMO_ADMIN_EMAIL, created: true });
  const file = path.join(devDir, "demo-admin.json");
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
    email: DEMO_ADMIN_EMAIL,
    password: first.password,
  });

  const again = await ensureDemoAdmin(isolated.db, devDir);
  expect(again).toEqual({ email: DEMO_ADMIN_EMAIL, password: first.password, created: false });
  const signedIn = await signInStaff(isolated.db, {
    email: DEMO_ADMIN_EMAIL,
    password: first.password!,
    clientAddress: "demo-admin-test",
  });
  expect(signedIn).toMatchObject({ ok: true, staff: { email: DEMO_ADMIN_EMAIL, role: "ADMIN" } });

  const actor = signedIn.ok ? signedIn.staff : null;
  expect(
    await findActiveStaff(isolated.db, { staffId: actor!.staffId, signedInAt: Date.now() }),
  ).toEqual(actor);
  await changeOwnPassword(isolated.db, actor!, first.password!, "changed in the console");
  expect(await ensureDemoAdmin(isolated.db, devDir)).toEqual({
    email: DEMO_ADMIN_EMAIL,
    password: null,
    created: false,
  });
});

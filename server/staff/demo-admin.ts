/**
 * `npm run dev`'s demo admin (README "Staff console"): its password is generated once and kept
 * beside the other dev secrets (`.data/dev/demo-admin.json`, mode 0600), so every start can print
 * the sign-in.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { staffMembers } from "@/db/schema";
import { generatePassword, verifyPassword } from "../auth/passwords";
import { createStaffMember } from "./staff-members";

export const DEMO_ADMIN_EMAIL = "admin@plusdesk.test";

export type DemoAdmin =
  | { email: string; password: string; created: boolean }
  /** The account exists but its password was changed in the console: nothing to print. */
  | { email: string; password: null; created: false };

export async function ensureDemoAdmin(db: Db, devDir: string): Promise<DemoAdmin> {
  const file = path.join(devDir, "demo-admin.json");
  let password: string;
  try {
    password = (JSON.parse(await fs.readFile(file, "utf8")) as { password: string }).password;
  } catch {
    password = generatePassword();
    await fs.mkdir(devDir, { recursive: true, mode: 0o700 });
    await fs.writeFile(file, JSON.stringify({ email: DEMO_ADMIN_EMAIL, password }, null, 2), {
      mode: 0o600,
    });
  }
  const [existing] = await db
    .select({ passwordHash: staffMembers.passwordHash })
    .from(staffMembers)
    .where(eq(staffMembers.email, DEMO_ADMIN_EMAIL));
  if (!existing) {
    await createStaffMember(
      db,
      { email: DEMO_ADMIN_EMAIL, role: "ADMIN", password },
      "npm run dev",
    );
    return { email: DEMO_ADMIN_EMAIL, password, created: true };
  }
  return (await verifyPassword(existing.passwordHash, password))
    ? { email: DEMO_ADMIN_EMAIL, password, created: false }
    : { email: DEMO_ADMIN_EMAIL, password: null, created: false };
}

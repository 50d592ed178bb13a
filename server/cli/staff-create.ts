/**
 * `npm run staff:create -- <email> <viewer|analyst|admin> [--password <password>]`: creates a
 * console account (README "Staff console"). Without --password one is generated and printed once as
 * `password: <password>`. Exit code 0 on success, 1 when refused (address taken, weak password),
 * 2 for a usage problem.
 *
 * The database is DATABASE_URL, else the embedded dev server under `.data/postgres`.
 */
import { createDb } from "@/db";
import { isStaffRole } from "../auth/staff-permissions";
import { DomainError } from "../errors";
import { prepareProjectDatabase } from "../platform/project-database";
import { createStaffMember } from "../staff/staff-members";

const USAGE =
  "usage: npm run staff:create -- <email> <viewer|analyst|admin> [--password <password>]";

function fail(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const passwordAt = args.indexOf("--password");
const password = passwordAt === -1 ? undefined : args[passwordAt + 1];
if (passwordAt !== -1 && (password === undefined || password.startsWith("--")))
  fail("--password needs a value");
const positional =
  passwordAt === -1 ? args : args.filter((_, i) => i !== passwordAt && i !== passwordAt + 1);
if (positional.length !== 2)
  fail(`expected <email> <role>, got: ${positional.join(" ") || "nothing"}`);
const [email, roleArg] = positional as [string, string];
const role = roleArg.toUpperCase();
if (!isStaffRole(role)) fail(`role must be viewer, analyst or admin, got "${roleArg}"`);

const { db, close } = createDb((await prepareProjectDatabase()).url, { max: 1 });
try {
  const created = await createStaffMember(db, { email, role, password }, "npm run staff:create");
  console.log(`created ${created.staff.role.toLowerCase()} ${created.staff.email}`);
  if (password === undefined) console.log(`password: ${created.password}`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await close();
}

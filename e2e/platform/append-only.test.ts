/**
 * The ledger and the staff audit log are append-only at the database (README "Database roles"):
 * the role the app runs as may insert into them but is granted no UPDATE, DELETE or TRUNCATE, and
 * a trigger refuses those to any role, the owner included. Tried on the suite's database as its
 * server's own role, then on a database set up as production is: a non-superuser owner that
 * migrates, and an app role that `applyMigrations` grants.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPEND_ONLY_TABLES } from "@/server/platform/app-role-grants";
import { applyMigrations } from "@/server/platform/migrate";

const appUrl = process.env.DATABASE_URL;
const ownerUrl = process.env.DATABASE_MIGRATION_URL;
if (!appUrl || !ownerUrl)
  throw new Error("DATABASE_URL and DATABASE_MIGRATION_URL: run `npm test`");

const CHANGES = [
  ["UPDATE", (table: string) => `update ${table} set id = id`],
  ["DELETE", (table: string) => `delete from ${table}`],
  ["TRUNCATE", (table: string) => `truncate ${table}`],
] as const;
const ATTEMPTS = APPEND_ONLY_TABLES.flatMap((table) =>
  CHANGES.map(([verb, statement]) => ({ table, verb, statement: statement(table) })),
);

const opened: postgres.Sql[] = [];
function connect(url: string): postgres.Sql {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  opened.push(sql);
  return sql;
}

/**
 * Runs a statement that must be refused, in a transaction rolled back whatever happens: if the
 * control were missing, the suite's rows would still be there. Returns the refusal.
 */
async function refusal(sql: postgres.Sql, statement: string) {
  const rolledBack = new Error("rolled back");
  const error = await sql
    .begin(async (tx) => {
      await tx.unsafe(statement);
      throw rolledBack;
    })
    .then(
      () => rolledBack,
      (e: unknown) => e,
    );
  expect(error, `${statement} went through`).not.toBe(rolledBack);
  return error as postgres.PostgresError;
}

const PERMISSION_DENIED = "42501";

afterAll(async () => {
  await Promise.all(opened.map((sql) => sql.end({ timeout: 5 })));
});

describe("the suite server's own role", () => {
  const app = connect(appUrl);

  it("is neither the owner nor a superuser", async () => {
    const [role] = await app<{ name: string; superuser: boolean }[]>`
      select current_user as name, rolsuper as superuser from pg_roles where rolname = current_user`;
    const [owner] = await connect(ownerUrl)<{ name: string }[]>`select current_user as name`;
    expect(role).toMatchObject({ superuser: false });
    expect(role!.name).not.toBe(owner!.name);
  });

  it.each(ATTEMPTS)("may not $verb $table", async ({ table, statement }) => {
    expect(await refusal(app, statement)).toMatchObject({
      code: PERMISSION_DENIED,
      message: `permission denied for table ${table}`,
    });
  });

  it("reads, inserts, updates and deletes every other table (retention), truncates none", async () => {
    const tables = await app<{ table: string; privileges: string[] }[]>`
      select c.relname as table,
             array(select p from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                    where has_table_privilege(c.oid, p)) as privileges
        from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
         and not c.relispartition
       order by c.relname`;
    expect(tables.length).toBeGreaterThan(20);
    for (const { table, privileges } of tables) {
      expect({ table, privileges }).toEqual({
        table,
        privileges: APPEND_ONLY_TABLES.includes(table)
          ? ["SELECT", "INSERT"]
          : ["SELECT", "INSERT", "UPDATE", "DELETE"],
      });
    }
  });
});

describe("a database set up as in production", () => {
  const suffix = randomUUID().replaceAll("-", "").slice(0, 10);
  const [ownerRole, appRole, name] = [`t_owner_${suffix}`, `t_app_${suffix}`, `t_prod_${suffix}`];
  const as = (role: string) =>
    Object.assign(new URL(ownerUrl), { username: role, pathname: `/${name}` }).toString();
  const admin = connect(ownerUrl);
  let owner: postgres.Sql;
  let app: postgres.Sql;

  beforeAll(async () => {
    await admin.unsafe(`create role ${ownerRole} login`);
    await admin.unsafe(`create role ${appRole} login`);
    await admin.unsafe(`create database ${name} owner ${ownerRole}`);
    await applyMigrations(as(ownerRole), as(appRole));
    [owner, app] = [connect(as(ownerRole)), connect(as(appRole))];
  }, 60_000);

  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`drop role if exists ${appRole}`);
    await admin.unsafe(`drop role if exists ${ownerRole}`);
  });

  it.each(ATTEMPTS)("the owner may not $verb $table either: the trigger refuses", async (a) => {
    expect(await refusal(owner, a.statement)).toMatchObject({
      message: `${a.table} is append-only`,
    });
  });

  it.each(ATTEMPTS)("the app role may not $verb $table", async ({ statement }) => {
    expect(await refusal(app, statement)).toMatchObject({ code: PERMISSION_DENIED });
  });

  it.each(APPEND_ONLY_TABLES)("the app role cannot switch off %s's trigger", async (table) => {
    expect(
      await refusal(app, `alter table ${table} disable trigger ${table}_append_only`),
    ).toMatchObject({ code: PERMISSION_DENIED, message: `must be owner of table ${table}` });
  });

  it("refuses an app role that is a superuser, and two different databases", async () => {
    const superuser = Object.assign(new URL(ownerUrl), { pathname: `/${name}` }).toString();
    await expect(applyMigrations(as(ownerRole), superuser)).rejects.toThrow(/is a superuser/);
    await expect(applyMigrations(as(ownerRole), appUrl)).rejects.toThrow(
      /DATABASE_URL and DATABASE_MIGRATION_URL name different databases/,
    );
  });
});

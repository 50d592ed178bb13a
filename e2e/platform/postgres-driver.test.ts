/**
 * postgres.js must not let a query that fails mid row-stream corrupt the next query's result on the
 * same connection. Upstream bug porsager/postgres#1119 / #1181 (fix proposed in PR #1190): the
 * connection-scoped row counter was not reset on ErrorResponse, so the next query resolved with a
 * sparse array (leading holes, length = stale offset + its rows) and no error. And when the server
 * closed the connection mid-stream, its "terminating connection" error was handed to the first
 * query of the reconnected connection. We carry the fixes as patches/postgres+3.4.9.patch
 * (applied by `patch-package` on install); these tests run against a real Postgres with one
 * connection, through both builds Node loads (ESM for `import`, CommonJS for `require`) and
 * through Drizzle, and fail without the patch.
 */
import { createRequire } from "node:module";
import { sql as drizzleSql } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "@/db";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set (run through `npm test`)");
const databaseUrl = url;

type Sql = ReturnType<typeof postgres>;

/** The CommonJS build (node_modules/postgres/cjs/src), which `require("postgres")` resolves to. */
const postgresCjs = createRequire(import.meta.url)("postgres") as typeof postgres;

const builds = [
  { build: "ESM", connect: postgres },
  { build: "CommonJS", connect: postgresCjs },
];

/** Each one streams rows 1-3 to the client, then fails at row 4 with the given SQLSTATE. */
const failures: {
  failure: string;
  code: string;
  setup?: (sql: Sql) => Promise<unknown>;
  run: (sql: Sql) => Promise<unknown>;
}[] = [
  {
    failure: "per-row error (division by zero)",
    code: "22012",
    run: (sql) => sql`select i, 1 / (4 - i) as boom from generate_series(1, 10) i`,
  },
  {
    failure: "statement timeout",
    code: "57014",
    setup: (sql) => sql`set statement_timeout = 300`,
    run: (sql) =>
      sql`select i, pg_sleep(case when i > 3 then 1 else 0 end) from generate_series(1, 10) i`,
  },
  {
    failure: "cancellation",
    code: "57014",
    run: (sql) => {
      const query = sql`select i, pg_sleep(case when i > 3 then 2 else 0 end) from generate_series(1, 10) i`;
      setTimeout(() => void query.cancel(), 200);
      return query;
    },
  },
];

const modes = [
  {
    mode: "after it settled",
    both: async (failing: () => Promise<unknown>, next: () => Promise<unknown>) => {
      const error = await failing().catch((e: unknown) => e);
      return { error, rows: await next() };
    },
  },
  {
    mode: "pipelined behind it",
    both: async (failing: () => Promise<unknown>, next: () => Promise<unknown>) => {
      const first = failing().catch((e: unknown) => e);
      const second = next();
      return { error: await first, rows: await second };
    },
  },
];

const cases = builds.flatMap((build) =>
  failures.flatMap((failure) => modes.map((mode) => ({ ...build, ...failure, ...mode }))),
);

const EXPECTED = [1, 2, 3, 4, 5].map((x) => ({ x }));

/** Exactly the expected rows: right length, no holes (a sparse array hides them from toEqual). */
function expectExactRows(rows: unknown, expected: unknown[]) {
  expect(Array.isArray(rows)).toBe(true);
  const array = rows as unknown[];
  expect(array.length).toBe(expected.length);
  expect(Object.keys(array)).toEqual(expected.map((_, i) => String(i)));
  expect(array.every((row) => row !== undefined)).toBe(true);
  expect([...array]).toEqual(expected);
}

const clients: { end: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end()));
});

describe("postgres.js: a query that fails mid row-stream leaves the connection's next result intact", () => {
  it.each(cases)(
    "$build build, $failure, next query $mode",
    async ({ connect, setup, run, code, both }) => {
      const sql = connect(databaseUrl, { max: 1, onnotice: () => undefined });
      clients.push({ end: () => sql.end({ timeout: 5 }) });
      await setup?.(sql);

      const { error, rows } = await both(
        () => run(sql),
        () => sql`select x from generate_series(1, 5) x`,
      );

      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code });
      expectExactRows(rows, EXPECTED);
      expect(rows).toMatchObject({ count: 5 });
      // And the connection keeps working after that.
      expectExactRows(await sql`select x from generate_series(1, 2) x`, EXPECTED.slice(0, 2));
    },
  );

  it.each(builds)(
    "$build build, the server closes the connection mid-stream: the reconnected one starts clean",
    async ({ connect }) => {
      const sql = connect(databaseUrl, { max: 1, onnotice: () => undefined });
      const admin = connect(databaseUrl, { max: 1 });
      clients.push(
        { end: () => sql.end({ timeout: 5 }) },
        { end: () => admin.end({ timeout: 5 }) },
      );
      const backendPid = async () =>
        (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      const pid = await backendPid();
      const slow = sql`select i, pg_sleep(case when i > 3 then 2 else 0 end) from generate_series(1, 10) i`;
      // A postgres.js query runs once awaited or executed.
      setTimeout(() => void admin`select pg_terminate_backend(${pid})`.execute(), 200);
      await expect(slow).rejects.toBeInstanceOf(Error);

      // Fewer rows than the cut-off query had sent: a leftover row would show.
      const rows = await sql`select x from generate_series(1, 2) x`;
      expectExactRows(rows, EXPECTED.slice(0, 2));
      expect(await backendPid()).not.toBe(pid);
    },
  );

  it("through Drizzle (createDb), a query after one that failed mid-stream returns its rows", async () => {
    const { db, close } = createDb(databaseUrl, { max: 1 });
    clients.push({ end: close });
    const boom = db
      .select({ i: drizzleSql<number>`i`, boom: drizzleSql<number>`1 / (4 - i)` })
      .from(drizzleSql`generate_series(1, 10) i`);
    const numbers = () =>
      db
        .select({ x: drizzleSql<number>`x`.mapWith(Number) })
        .from(drizzleSql`generate_series(1, 5) x`);

    // The query builder path (postgres.js raw values, mapped by Drizzle), settled then pipelined.
    await expect(boom).rejects.toMatchObject({ cause: { code: "22012" } });
    expectExactRows(await numbers(), EXPECTED);

    const [error, rows] = await Promise.all([boom.catch((e: unknown) => e), numbers()]);
    expect(error).toMatchObject({ cause: { code: "22012" } });
    expectExactRows(rows, EXPECTED);

    // db.execute (postgres.js objects).
    await expect(
      db.execute(drizzleSql`select i, 1 / (4 - i) as boom from generate_series(1, 10) i`),
    ).rejects.toMatchObject({ cause: { code: "22012" } });
    expectExactRows(await db.execute(drizzleSql`select x from generate_series(1, 5) x`), EXPECTED);
  });
});

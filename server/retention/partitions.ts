/**
 * The append-only tables partitioned by UTC month (migration 0018): the inbound call log by
 * `received_at`, device events by `at`. Partitions are named `<table>_YYYY_MM`, made by the
 * database function `ensure_month_partitions` (the missing ones, one caller at a time) and dropped
 * by `drop_month_partition`: the app's role has no DDL of its own (README "Database roles").
 * There is no default partition (attaching a month would have to scan it, under a lock), so a
 * month must exist before a row of it is inserted: the retention job makes the kept months and
 * MONTHS_AHEAD more, and an insert that still finds none makes its months and runs again.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { postgresErrorOf, SQLSTATE } from "@/db/postgres-error";

export const MONTHLY_TABLES = ["inbound_calls", "device_events"] as const;
export type MonthlyTable = (typeof MONTHLY_TABLES)[number];

/** Months made ahead of the clock: a month boundary never waits for the job. */
export const MONTHS_AHEAD = 2;

export interface MonthPartition {
  name: string;
  /** The month it holds: [start, end). */
  start: Date;
  end: Date;
}

/** Makes every missing month from `from`'s to `to`'s; answers how many. */
export async function ensureMonthPartitions(
  db: DbOrTx,
  table: MonthlyTable,
  from: Date,
  to: Date,
): Promise<number> {
  const [row] = await db.execute<{ created: number }>(
    sql`select ensure_month_partitions(${table}::regclass, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz) as created`,
  );
  return row?.created ?? 0;
}

/** The table's months, oldest first. */
export async function monthPartitions(db: DbOrTx, table: MonthlyTable): Promise<MonthPartition[]> {
  const rows = await db.execute<{ name: string }>(sql`
    select c.relname as name
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = ${table}::regclass`);
  return rows
    .map((row) => ({ name: row.name, ...monthOfName(table, row.name) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * Drops one month (the database function `drop_month_partition`, run as the tables' owner). False
 * when its readers kept it past the function's 1 s lock timeout: it is left for the next round.
 */
export async function dropMonthPartition(
  db: DbOrTx,
  table: MonthlyTable,
  partition: MonthPartition,
): Promise<boolean> {
  try {
    await db.execute(sql`select drop_month_partition(${table}::regclass, ${partition.name})`);
    return true;
  } catch (error) {
    if (postgresErrorOf(error)?.code === SQLSTATE.lockNotAvailable) return false;
    throw error;
  }
}

function monthOfName(table: MonthlyTable, name: string): { start: Date; end: Date } {
  const match = /^(\d{4})_(\d{2})$/.exec(name.slice(table.length + 1));
  if (!name.startsWith(`${table}_`) || !match) {
    throw new Error(`${name} is not a monthly partition of ${table}`);
  }
  const [year, month] = [Number(match[1]), Number(match[2])];
  return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)) };
}

/** The first moment of the UTC month `months` after the one `at` falls in. */
export function monthStart(at: Date, months = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

/**
 * Runs `insert` (a statement or a whole transaction of its own) into a monthly table whose rows
 * fall between `first` and `last`. When Postgres has no partition for one of them, the months
 * are made and the insert runs once more, so a missing month never loses a row.
 */
export async function insertIntoMonths<T>(
  db: DbOrTx,
  table: MonthlyTable,
  [first, last]: [Date, Date],
  insert: () => Promise<T>,
): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (!isMissingPartition(error)) throw error;
    await ensureMonthPartitions(db, table, first, last);
    return insert();
  }
}

/** SQLSTATE 23514 "no partition of relation … found for row", wherever Drizzle wrapped it. */
function isMissingPartition(error: unknown): boolean {
  const found = postgresErrorOf(error);
  return found?.code === SQLSTATE.checkViolation && found.message.startsWith("no partition");
}

/**
 * Retention (README "Retention"): what grows with traffic is pruned by age. The inbound call log
 * and device events lose whole months (their partitions are dropped once the month is older than
 * the days kept, so nothing is deleted row by row); the idempotency record of device events,
 * launch-token uses and sign-in failures are deleted in batches.
 *
 * Every app process runs it (./retention-job.ts); a session advisory lock lets one instance prune
 * at a time, the others skip the round. A month still read (a backtest's snapshot) is not waited
 * for beyond 1 s, which would hold up payments' reads and writes behind the drop's lock: it goes
 * in a later round.
 */
import { eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { createDb, type Db, type DbOrTx } from "@/db";
import {
  deviceEventIds,
  launchTokenUses,
  retentionHorizons,
  staffSignInFailures,
} from "@/db/schema";
import type { Env } from "../env";
import {
  dropMonthPartition,
  ensureMonthPartitions,
  MONTHLY_TABLES,
  monthPartitions,
  MONTHS_AHEAD,
  monthStart,
  type MonthlyTable,
} from "./partitions";

/** Days kept, per kind of record. */
export interface RetentionSettings {
  inboundCallsDays: number;
  deviceEventsDays: number;
  launchTokenUsesDays: number;
  signInFailuresDays: number;
}

export function retentionSettingsOf(env: Env): RetentionSettings {
  return {
    inboundCallsDays: env.INBOUND_CALLS_RETENTION_DAYS,
    deviceEventsDays: env.DEVICE_EVENTS_RETENTION_DAYS,
    launchTokenUsesDays: env.LAUNCH_TOKENS_RETENTION_DAYS,
    signInFailuresDays: env.FAILED_LOGINS_RETENTION_DAYS,
  };
}

export interface RetentionRun {
  partitionsCreated: number;
  partitionsDropped: string[];
  /** Months due to go that their readers held past the lock timeout: the next round drops them. */
  partitionsBusy: string[];
  deleted: { deviceEventIds: number; launchTokenUses: number; signInFailures: number };
}

const DAY_MS = 86_400_000;
/** Rows per DELETE: short transactions, whatever the backlog. */
const DELETE_BATCH = 5000;
/** A batch of a first run's backlog may take longer than the app's usual statement timeout. */
const MAINTENANCE_TIMEOUT_MS = 10 * 60_000;

function daysKept(settings: RetentionSettings, table: MonthlyTable): number {
  return table === "inbound_calls" ? settings.inboundCallsDays : settings.deviceEventsDays;
}

/** The moment before which `days` of retention no longer keep a row. */
function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Makes the months the tables keep now and MONTHS_AHEAD more; answers how many it made. */
export async function ensureKeptMonths(
  db: DbOrTx,
  settings: RetentionSettings,
  now: Date,
): Promise<number> {
  let created = 0;
  for (const table of MONTHLY_TABLES) {
    const from = cutoff(now, daysKept(settings, table));
    created += await ensureMonthPartitions(db, table, from, monthStart(now, MONTHS_AHEAD));
  }
  return created;
}

/**
 * One pass; null when another instance holds the lock (it is doing the same). The lock is a
 * session advisory lock on a connection reserved for it; the work runs on the others.
 */
export async function runRetention(
  databaseUrl: string,
  settings: RetentionSettings,
  now: Date = new Date(),
): Promise<RetentionRun | null> {
  const client = createDb(databaseUrl, { max: 2, timeoutMs: MAINTENANCE_TIMEOUT_MS });
  const lock = await client.sql.reserve();
  try {
    const [held] = await lock<{ locked: boolean }[]>`
      select pg_try_advisory_lock(hashtextextended('retention', 0)) as locked`;
    if (!held?.locked) return null;
    try {
      return await prune(client.db, settings, now);
    } finally {
      await lock`select pg_advisory_unlock(hashtextextended('retention', 0))`;
    }
  } finally {
    lock.release();
    await client.close();
  }
}

async function prune(db: Db, settings: RetentionSettings, now: Date): Promise<RetentionRun> {
  const partitionsCreated = await ensureKeptMonths(db, settings, now);
  const [partitionsDropped, partitionsBusy]: [string[], string[]] = [[], []];
  for (const table of MONTHLY_TABLES) {
    const { dropped, busy } = await dropOldMonths(
      db,
      table,
      cutoff(now, daysKept(settings, table)),
    );
    partitionsDropped.push(...dropped);
    partitionsBusy.push(...busy);
  }
  const eventsKeptSince = await keptSince(db, "device_events");
  return {
    partitionsCreated,
    partitionsDropped,
    partitionsBusy,
    deleted: {
      // After the months: an id is forgotten only once its event is gone, so a replay of a kept
      // event is always recognised.
      deviceEventIds: eventsKeptSince
        ? await deleteInBatches(
            db,
            deviceEventIds,
            deviceEventIds.eventId,
            lt(deviceEventIds.at, eventsKeptSince),
          )
        : 0,
      launchTokenUses: await deleteInBatches(
        db,
        launchTokenUses,
        launchTokenUses.jti,
        // Past its expiry a token is refused anyway: its use no longer guards anything.
        lt(launchTokenUses.expiresAt, cutoff(now, settings.launchTokenUsesDays)),
      ),
      signInFailures: await deleteInBatches(
        db,
        staffSignInFailures,
        staffSignInFailures.id,
        lt(staffSignInFailures.at, cutoff(now, settings.signInFailuresDays)),
      ),
    },
  };
}

/**
 * Drops the months that ended before `before`; answers those dropped and those their readers kept
 * (left for the next round). The horizon is raised first, so a backtest that starts meanwhile
 * already treats those months as gone; one already running keeps its month until it ends.
 */
async function dropOldMonths(
  db: Db,
  table: MonthlyTable,
  before: Date,
): Promise<{ dropped: string[]; busy: string[] }> {
  const old = (await monthPartitions(db, table)).filter((p) => p.end <= before);
  const result = { dropped: [] as string[], busy: [] as string[] };
  if (old.length === 0) return result;
  // Every month before `before`'s ends by it: once they are dropped, that month's start is where
  // the table is whole.
  await db
    .insert(retentionHorizons)
    .values({ tableName: table, keptSince: monthStart(before) })
    .onConflictDoUpdate({
      target: retentionHorizons.tableName,
      set: {
        keptSince: sql`greatest(${retentionHorizons.keptSince}, excluded.kept_since)`,
        updatedAt: sql`now()`,
      },
    });
  for (const partition of old) {
    const dropped = await dropMonthPartition(db, table, partition);
    (dropped ? result.dropped : result.busy).push(partition.name);
  }
  return result;
}

/** Since when the table's rows are all kept; null while retention never dropped any of it. */
export async function keptSince(db: DbOrTx, table: MonthlyTable): Promise<Date | null> {
  const [row] = await db
    .select({ keptSince: retentionHorizons.keptSince })
    .from(retentionHorizons)
    .where(eq(retentionHorizons.tableName, table));
  return row?.keptSince ?? null;
}

async function deleteInBatches(
  db: Db,
  table: PgTable,
  key: PgColumn,
  condition: SQL | undefined,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = db.select({ key }).from(table).where(condition).limit(DELETE_BATCH);
    const result = await db.delete(table).where(inArray(key, batch));
    deleted += result.count;
    if (result.count < DELETE_BATCH) return deleted;
  }
}

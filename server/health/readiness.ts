/**
 * Readiness for a load balancer (README "Metrics and health"): the database answers and holds
 * exactly the migrations this build was made with. Drizzle's migrator records each migration it
 * applied in drizzle.__drizzle_migrations with the journal entry's `when` as created_at, and
 * applies those newer than the last recorded one; so the count and the last `when` must match the
 * journal. A database behind the build (not migrated yet) or ahead of it (a newer build migrated
 * it) is not ready for this build.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import journal from "@/db/migrations/meta/_journal.json";

export type Readiness = { ready: true } | { ready: false; reason: string };

export async function readiness(db: Db): Promise<Readiness> {
  let row: { applied: number; last: string | null } | undefined;
  try {
    [row] = await db.execute<{ applied: number; last: string | null }>(sql`
      select count(*)::int as "applied", max(created_at)::text as "last"
        from drizzle.__drizzle_migrations`);
  } catch {
    return { ready: false, reason: "database unreachable or migrations table unreadable" };
  }
  const expected = journal.entries.length;
  const last = journal.entries.at(-1)?.when;
  if (row?.applied !== expected || row.last !== String(last))
    return {
      ready: false,
      reason: `migrations: the database has ${row?.applied ?? 0} (last ${row?.last}), this build ${expected} (last ${last})`,
    };
  return { ready: true };
}

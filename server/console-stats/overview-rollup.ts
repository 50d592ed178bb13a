/**
 * The overview's daily rollup (db/schema/console-stats.ts): the figures of every closed UTC day
 * are computed once, by the first overview read that needs them, and read back from then on; only
 * the live tail (the days not closed yet) is computed from the source tables on every read.
 *
 * Every figure is attributed to the day of its own event, which is what makes a closed day final:
 * a promotion to its payment's `received_at`, a decision (its outcome, its rule hits) to its
 * `decided_at`. Both are the moment the request was received, written in the transaction that
 * made the payment or decision; a transaction may commit a little after midnight with a time
 * before it, so a day closes only OVERVIEW_GRACE_MS after it ended.
 *
 * One thing does change a past payment: cancelPayment may close a successful payment at any
 * later time, and the overview counts the promotions of payments that are SUCCESS now. So the
 * rollup stores the promotions of payments that succeeded (result code SUCCESS, cancelled since
 * or not: that never changes), and a read subtracts those of the window's payments cancelled
 * after success (status CLOSED with result code SUCCESS: rare, read through their own partial
 * index). The figures are exactly those of the live computation.
 *
 * Nothing here runs on the pay path: the rollup is written by the overview read, and the
 * partial index of cancelled payments only by a cancel.
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { unclearPromotions } from "@/db/schema";
import { startOfUtcDay, utcDay } from "./stats-window";

/** How long after its end a UTC day is still live (a late commit, clock skew between hosts). */
export const OVERVIEW_GRACE_MS = 15 * 60_000;
/** Days filled per transaction: each statement stays far below the pool's 6 s timeout. */
export const ROLLUP_CHUNK_DAYS = 7;

const DAY_MS = 86_400_000;

/** 00:00 UTC of the first day that is not closed at `now`: every day before it is closed. */
export function liveFrom(now: Date): Date {
  return startOfUtcDay(utcDay(new Date(now.getTime() - OVERVIEW_GRACE_MS)))!;
}

/** The days of `[fromAt, toAt)` (whole UTC days), `YYYY-MM-DD`. */
export function daysBetween(fromAt: Date, toAt: Date): string[] {
  const days: string[] = [];
  for (let at = fromAt.getTime(); at < toAt.getTime(); at += DAY_MS)
    days.push(utcDay(new Date(at)));
  return days;
}

const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;
const dateArray = (days: readonly string[]) =>
  sql`array[${sql.join(
    days.map((day) => sql`${day}`),
    sql`, `,
  )}]::date[]`;

/**
 * The promotions of the payments `filters` select (UNION ALL of them), grouped per UTC day of
 * `received_at` four ways: `level` is grouping(day, currency, promo_id, promo_name), 7 the day,
 * 3 day and currency, 1 day, currency and promo id (with its greatest name), 0 also the promo
 * name. `sign` -1 subtracts.
 */
export function promotionGroups(filters: readonly SQL[], sign: 1 | -1 = 1): SQL {
  const selected = sql.join(
    filters.map(
      (filter) => sql`
        select p.payment_id,
               (p.received_at at time zone 'UTC')::date as day,
               pp.currency, pp.promo_id, pp.promo_name, pp.amount_minor
          from payments p
          join payment_promotions pp on pp.payment_id = p.payment_id
         where ${filter}`,
    ),
    sql` union all `,
  );
  return sql`
    select grouping(x.day, x.currency, x.promo_id, x.promo_name)::smallint as level,
           x.day, x.currency, x.promo_id,
           -- Level 1: the greatest of the promo id's names that day.
           max(x.promo_name) as promo_name,
           ${sign}::int * count(distinct x.payment_id)::int as payments,
           ${sign}::int * count(*)::int as promotions,
           -- A line without a readable amount counts as a promotion and adds no money.
           ${sign}::int * coalesce(sum(x.amount_minor), 0) as amount_minor
      from (${selected}) x
     group by grouping sets ((x.day), (x.day, x.currency), (x.day, x.currency, x.promo_id),
                             (x.day, x.currency, x.promo_id, x.promo_name))`;
}

/** Successful payments now, received in `[fromAt, toAt)` (payments_success_received_idx). */
export function successfulIn(fromAt: Date, toAt: Date): SQL {
  return sql`p.status = 'SUCCESS' and p.received_at >= ${ts(fromAt)} and p.received_at < ${ts(toAt)}`;
}

/** Payments cancelled after they succeeded (payments_cancelled_success_received_idx). */
export function cancelledAfterSuccessIn(fromAt: Date, toAt: Date): SQL {
  return sql`p.status = 'CLOSED' and p.result_code = 'SUCCESS'
         and p.received_at >= ${ts(fromAt)} and p.received_at < ${ts(toAt)}`;
}

/** Decisions with a HIT, one row per (decision, rule that hit in it); the window by decided_at. */
export function ruleHitRows(fromAt: Date, toAt: Date): SQL {
  return sql`
    select (d.decided_at at time zone 'UTC')::date as day, hit.rule as rule
      from risk_decisions d
     cross join lateral (
             select distinct r #>> '{}' as rule
               from jsonb_path_query(d.verdicts, 'strict $[*] ? (@.verdict == "HIT").rule') r
           ) hit
     where d.decided_at >= ${ts(fromAt)} and d.decided_at < ${ts(toAt)}
       -- Containment on the binary jsonb is cheap: only decisions with a hit reach the path query.
       and d.verdicts @> '[{"verdict": "HIT"}]'::jsonb`;
}

/**
 * Payments per UTC day of received_at whose promotions were not fully read, whatever their
 * outcome (payments_unclear_promotions_received_idx).
 */
export function unclearPromotionRows(fromAt: Date, toAt: Date): SQL {
  return sql`
    select (received_at at time zone 'UTC')::date as day, count(*)::int as payments
      from payments
     where ${unclearPromotions}
       and received_at >= ${ts(fromAt)} and received_at < ${ts(toAt)}
     group by 1`;
}

/** Decisions per UTC day of decided_at by outcome (grouped by date, formatted after). */
export function outcomeRows(fromAt: Date, toAt: Date): SQL {
  return sql`
    select (decided_at at time zone 'UTC')::date as day,
           count(*)::int as decisions,
           count(*) filter (where outcome = 'ALLOW')::int as allow,
           count(*) filter (where outcome = 'REVIEW')::int as review,
           count(*) filter (where outcome = 'REJECT')::int as reject
      from risk_decisions
     where decided_at >= ${ts(fromAt)} and decided_at < ${ts(toAt)}
     group by 1`;
}

/**
 * Makes sure every closed day of `[fromAt, toAt)` is rolled up (`toAt` at most liveFrom(now)):
 * the missing ones are computed, a chunk of consecutive days per transaction, and their figures
 * inserted with the day's row. A concurrent reader filling the same day waits on the day's
 * primary key, then finds it taken (ON CONFLICT DO NOTHING) and writes none of its figures; the
 * days are inserted in ascending order, so two readers never wait on each other crosswise.
 * Returns the days this call filled.
 */
export async function rollUpClosedDays(db: DbOrTx, fromAt: Date, toAt: Date): Promise<string[]> {
  if (toAt <= fromAt) return [];
  const present = await db.execute<{ day: string }>(sql`
    select to_char(day, 'YYYY-MM-DD') as day from overview_days
     where day >= ${utcDay(fromAt)}::date and day < ${utcDay(toAt)}::date`);
  const have = new Set(present.map((row) => row.day));
  const missing = daysBetween(fromAt, toAt).filter((day) => !have.has(day));
  const filled: string[] = [];
  for (let i = 0; i < missing.length;) {
    // A chunk: up to ROLLUP_CHUNK_DAYS missing days that follow one another.
    const chunk = [missing[i]!];
    while (
      chunk.length < ROLLUP_CHUNK_DAYS &&
      i + chunk.length < missing.length &&
      startOfUtcDay(missing[i + chunk.length]!)!.getTime() ===
        startOfUtcDay(chunk.at(-1)!)!.getTime() + DAY_MS
    ) {
      chunk.push(missing[i + chunk.length]!);
    }
    i += chunk.length;
    filled.push(...(await fillChunk(db, chunk)));
  }
  return filled;
}

async function fillChunk(db: DbOrTx, chunk: readonly string[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    const won = (
      await tx.execute<{ day: string }>(sql`
        insert into overview_days (day)
        select day from unnest(${dateArray(chunk)}) day order by day
        on conflict do nothing
        returning to_char(day, 'YYYY-MM-DD') as day`)
    ).map((row) => row.day);
    if (won.length === 0) return [];
    won.sort();
    const fromAt = startOfUtcDay(won[0]!)!;
    const toAt = new Date(startOfUtcDay(won.at(-1)!)!.getTime() + DAY_MS);
    const wonDays = dateArray(won);
    // Level 0 (a promo id's names) only where a day's promo id came with more than one name: with
    // one name, level 1's max(promo_name) says it all.
    await tx.execute(sql`
      insert into overview_promotion_days
             (day, level, currency, promo_id, promo_name, payments, promotions, amount_minor)
      select g.day, g.level, g.currency, g.promo_id, g.promo_name, g.payments, g.promotions, g.amount_minor
        from (select g.*, count(*) over (partition by g.level, g.day, g.currency, g.promo_id) as names
                from (${promotionGroups([
                  successfulIn(fromAt, toAt),
                  cancelledAfterSuccessIn(fromAt, toAt),
                ])}) g) g
       where g.day = any(${wonDays}) and (g.level <> 0 or g.names > 1)`);
    await tx.execute(sql`
      insert into overview_rule_hit_days (day, rule, decisions)
      select h.day, h.rule, count(*)::int
        from (${ruleHitRows(fromAt, toAt)}) h
       where h.day = any(${wonDays})
       group by 1, 2`);
    await tx.execute(sql`
      insert into overview_outcome_days (day, decisions, allow, review, reject)
      select o.day, o.decisions, o.allow, o.review, o.reject
        from (${outcomeRows(fromAt, toAt)}) o
       where o.day = any(${wonDays})`);
    await tx.execute(sql`
      insert into overview_unclear_promotion_days (day, payments)
      select u.day, u.payments from (${unclearPromotionRows(fromAt, toAt)}) u
       where u.day = any(${wonDays})`);
    return won;
  });
}

/**
 * The notifyPayment outbox's SQL (table `payment_notifications`, docs/protocol.md#notifications).
 *
 * A worker claims due rows by setting a lease (`lease_until`) under `FOR UPDATE SKIP LOCKED`, so
 * two app instances never claim one row at once, and nobody claims a row again before its lease
 * runs out: one message is never in flight twice. The lease value is also the claim's token: a
 * worker writes an attempt's result only while `lease_until` still holds the value its claim set,
 * so a worker that stalled past its lease (and lost the row to another) changes nothing.
 */
import { and, asc, count, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { paymentNotifications } from "@/db/schema";
import { DELIVERY_WINDOW_MS } from "./enqueue";

export type NotificationStatus = (typeof paymentNotifications.$inferSelect)["status"];

export interface ClaimedNotification {
  id: bigint;
  paymentRequestId: string;
  /** null: the configured default target. */
  targetUrl: string | null;
  /** The exact bytes to send. */
  body: string;
  /** Attempts made before this one. */
  attempts: number;
  /** The lease this claim set (millisecond precision, so it survives the round trip as a Date). */
  leaseUntil: Date;
}

const t = paymentNotifications;

/** `ms` milliseconds from the database's now(), as SQL. */
function fromNow(ms: number) {
  return sql`now() + ${Math.round(ms)}::integer * interval '1 millisecond'`;
}

/**
 * Leases up to `limit` due PENDING rows for `leaseMs` and returns them. Rows another worker holds
 * (locked by its claim, or leased and not expired) are skipped. Uses payment_notifications_due_idx.
 */
export async function claimDueNotifications(
  db: DbOrTx,
  { limit, leaseMs }: { limit: number; leaseMs: number },
): Promise<ClaimedNotification[]> {
  const due = db
    .select({ id: t.id })
    .from(t)
    .where(
      and(
        eq(t.status, "PENDING"),
        lte(t.nextAttemptAt, sql`now()`),
        or(isNull(t.leaseUntil), lt(t.leaseUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(t.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(t)
    .set({ leaseUntil: sql`date_trunc('milliseconds', ${fromNow(leaseMs)})` })
    .where(inArray(t.id, due))
    .returning({
      id: t.id,
      paymentRequestId: t.paymentRequestId,
      targetUrl: t.targetUrl,
      body: t.body,
      attempts: t.attempts,
      leaseUntil: t.leaseUntil,
    });
  return rows.map((row) => ({ ...row, leaseUntil: row.leaseUntil! }));
}

/** The row is still ours: PENDING and leased by this very claim. */
function heldBy(claimed: ClaimedNotification) {
  return and(eq(t.id, claimed.id), eq(t.status, "PENDING"), eq(t.leaseUntil, claimed.leaseUntil));
}

/**
 * Acknowledged (docs/protocol.md#notifications): DELIVERED. False when the lease was lost
 * meanwhile.
 */
export async function markDelivered(
  db: DbOrTx,
  claimed: ClaimedNotification,
  attemptedAt: Date,
): Promise<boolean> {
  const rows = await db
    .update(t)
    .set({
      status: "DELIVERED",
      attempts: sql`${t.attempts} + 1`,
      lastAttemptAt: attemptedAt,
      deliveredAt: sql`now()`,
      leaseUntil: null,
    })
    .where(heldBy(claimed))
    .returning({ id: t.id });
  return rows.length === 1;
}

/**
 * Not acknowledged: one more attempt counted, the next one `delayMs` from now, unless that is past
 * the row's `give_up_at`, in which case the row is FAILED. Returns the new status, or null when
 * the lease was lost meanwhile.
 */
export async function scheduleRetry(
  db: DbOrTx,
  claimed: ClaimedNotification,
  { error, delayMs, attemptedAt }: { error: string; delayMs: number; attemptedAt: Date },
): Promise<NotificationStatus | null> {
  const next = fromNow(delayMs);
  const [row] = await db
    .update(t)
    .set({
      attempts: sql`${t.attempts} + 1`,
      lastAttemptAt: attemptedAt,
      lastError: error,
      nextAttemptAt: next,
      // Decided against the row's current give_up_at: a retry by hand may have moved it.
      status: sql`case when ${next} > ${t.giveUpAt} then 'FAILED'::notification_status else 'PENDING'::notification_status end`,
      leaseUntil: null,
    })
    .where(heldBy(claimed))
    .returning({ status: t.status });
  return row?.status ?? null;
}

/** Never sent (host not allowed, invalid url, not https): FAILED at once, attempts unchanged. */
export async function markRefused(
  db: DbOrTx,
  claimed: ClaimedNotification,
  reason: string,
): Promise<boolean> {
  const rows = await db
    .update(t)
    .set({ status: "FAILED", lastError: reason, leaseUntil: null })
    .where(heldBy(claimed))
    .returning({ id: t.id });
  return rows.length === 1;
}

/**
 * Milliseconds until the next row that nobody holds is due (0 when one is due now), or null when
 * none is pending. Measured on the database's clock, the one claims compare against. Rows leased
 * by another worker are left to that worker's result or to the fallback poll.
 */
export async function msUntilNextDue(db: DbOrTx): Promise<number | null> {
  const [row] = await db
    .select({
      ms: sql<number>`greatest(0, ceil(extract(epoch from (${t.nextAttemptAt} - now())) * 1000))::float8`,
    })
    .from(t)
    .where(and(eq(t.status, "PENDING"), or(isNull(t.leaseUntil), lt(t.leaseUntil, sql`now()`))))
    .orderBy(asc(t.nextAttemptAt))
    .limit(1);
  return row ? Number(row.ms) : null;
}

// ---------------------------------------------------------------------------------------------
// For people (the CLI, later the console).

export async function countNotificationsByStatus(
  db: DbOrTx,
): Promise<Record<NotificationStatus, number>> {
  const rows = await db.select({ status: t.status, n: count() }).from(t).groupBy(t.status);
  const counts: Record<NotificationStatus, number> = { PENDING: 0, DELIVERED: 0, FAILED: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** PENDING rows by next attempt, then FAILED rows, newest failure first; at most `limit` of each. */
export async function listOpenNotifications(db: DbOrTx, limit: number) {
  const columns = {
    id: t.id,
    paymentRequestId: t.paymentRequestId,
    status: t.status,
    attempts: t.attempts,
    nextAttemptAt: t.nextAttemptAt,
    leaseUntil: t.leaseUntil,
    lastAttemptAt: t.lastAttemptAt,
    lastError: t.lastError,
    giveUpAt: t.giveUpAt,
  };
  const pending = await db
    .select(columns)
    .from(t)
    .where(eq(t.status, "PENDING"))
    .orderBy(asc(t.nextAttemptAt), asc(t.id))
    .limit(limit);
  const failed = await db
    .select(columns)
    .from(t)
    .where(eq(t.status, "FAILED"))
    .orderBy(sql`${t.lastAttemptAt} desc nulls last`, sql`${t.id} desc`)
    .limit(limit);
  return { pending, failed };
}

export type RetryOutcome =
  | { kind: "retried"; previousStatus: NotificationStatus; giveUpAt: Date }
  | { kind: "not-found" }
  | { kind: "delivered" };

/**
 * A retry by hand: a FAILED (or PENDING) row is due now, with a fresh delivery window and the
 * backoff starting over (attempts back to 0; lastError is kept until the next attempt). A live
 * lease is left alone, so a row in flight is still never sent twice at once. Listening workers
 * are woken at commit.
 */
export async function retryNotification(db: DbOrTx, id: bigint): Promise<RetryOutcome> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: t.status })
      .from(t)
      .where(eq(t.id, id))
      .for("update");
    if (!before) return { kind: "not-found" } as const;
    if (before.status === "DELIVERED") return { kind: "delivered" } as const;
    const [row] = await tx
      .update(t)
      .set({
        status: "PENDING",
        attempts: 0,
        nextAttemptAt: sql`now()`,
        giveUpAt: fromNow(DELIVERY_WINDOW_MS),
      })
      .where(eq(t.id, id))
      .returning({ giveUpAt: t.giveUpAt });
    await tx.execute(sql`select pg_notify('payment_notifications', '')`);
    return { kind: "retried", previousStatus: before.status, giveUpAt: row!.giveUpAt } as const;
  });
}

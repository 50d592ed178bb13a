import { sql } from "drizzle-orm";
import type { Tx } from "@/db";

/**
 * Serialises everything done to one `paymentRequestId` (pay and its duplicates, cancel, inquiry)
 * with a transaction-scoped advisory lock: a concurrent copy waits for the first one's commit and
 * then sees its row. The unique index on `payments.payment_request_id` stays the backstop.
 */
export async function lockPaymentRequest(tx: Tx, paymentRequestId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${"payment:" + paymentRequestId}, 0))`,
  );
}

/** Inquiry only needs to wait for an in-flight pay, not to exclude other readers. */
export async function lockPaymentRequestShared(tx: Tx, paymentRequestId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock_shared(hashtextextended(${"payment:" + paymentRequestId}, 0))`,
  );
}

import type { Db } from "@/db";
import { inboundCalls } from "@/db/schema";
import { insertIntoMonths } from "../retention/partitions";

export type InboundCallRecord = typeof inboundCalls.$inferInsert;

/**
 * Written after the answer is known, outside the business transaction (README "One transaction per
 * call"), into the month of its `receivedAt` (made then if the retention job has not made it yet).
 */
export async function recordInboundCall(db: Db, record: InboundCallRecord): Promise<void> {
  await insertIntoMonths(db, "inbound_calls", [record.receivedAt, record.receivedAt], () =>
    db.insert(inboundCalls).values(record),
  );
}

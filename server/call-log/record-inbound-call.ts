import type { Db } from "@/db";
import { inboundCalls } from "@/db/schema";

export type InboundCallRecord = typeof inboundCalls.$inferInsert;

/** Written after the answer is known, outside the business transaction (ARCHITECTURE §4). */
export async function recordInboundCall(db: Db, record: InboundCallRecord): Promise<void> {
  await db.insert(inboundCalls).values(record);
}

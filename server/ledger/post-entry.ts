import { and, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ledgerEntries, walletAccounts } from "@/db/schema";

export type LedgerKind = (typeof ledgerEntries.$inferInsert)["kind"];

export interface LedgerPosting {
  customerId: string;
  kind: LedgerKind;
  /** Signed: negative debits, positive credits. */
  amountMinor: bigint;
  currency: string;
  paymentId?: string;
  refundId?: string;
  topUpId?: string;
}

/**
 * Moves money on a wallet account and appends the ledger entry, in the caller's transaction. The
 * balance update is one conditional UPDATE (row lock, no read-modify-write race): a debit larger
 * than the balance updates nothing and returns null. Balance overflow raises Postgres 22003.
 */
export async function postLedgerEntry(
  tx: DbOrTx,
  posting: LedgerPosting,
): Promise<{ balanceAfterMinor: bigint } | null> {
  const [account] = await tx
    .update(walletAccounts)
    .set({
      balanceMinor: sql`${walletAccounts.balanceMinor} + ${posting.amountMinor}`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(walletAccounts.customerId, posting.customerId),
        eq(walletAccounts.currency, posting.currency),
        gte(sql`${walletAccounts.balanceMinor} + ${posting.amountMinor}`, 0n),
      ),
    )
    .returning({ balanceAfterMinor: walletAccounts.balanceMinor });
  if (!account) return null;
  await tx
    .insert(ledgerEntries)
    .values({ ...posting, balanceAfterMinor: account.balanceAfterMinor });
  return account;
}

import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { postgresErrorOf, SQLSTATE } from "@/db/postgres-error";
import { customers, ledgerEntries, topUps, walletAccounts } from "@/db/schema";
import type { Money } from "../money/amount";
import { postLedgerEntry } from "../ledger/post-entry";
import type { WalletLimits } from "../payments/limits";

export type CustomerStatus = (typeof customers.$inferSelect)["status"];
export type KycStatus = (typeof customers.$inferSelect)["kycStatus"];
export type CreditRating = NonNullable<(typeof customers.$inferSelect)["creditRating"]>;

export interface CustomerInput {
  displayName?: string;
  currency?: string;
  status?: CustomerStatus;
  kycStatus?: KycStatus;
  /**
   * Risk fields (README "Customer risk fields"): undefined keeps the stored value, null clears it.
   */
  creditRating?: CreditRating | null;
  creditScore?: number | null;
  accountCreatedAt?: Date | null;
  /** The customer's own wallet limits: undefined keeps each, null clears it; `null` clears all. */
  limits?: LimitsInput | null;
}

/** Amounts in the wallet currency (README "Wallet limits"). */
export interface LimitsInput {
  singlePaymentMax?: Money | null;
  dailyAmountMax?: Money | null;
  dailyCountMax?: number | null;
}

export interface CustomerView {
  customerId: string;
  displayName: string;
  currency: string;
  status: CustomerStatus;
  kycStatus: KycStatus;
  /** Null until the wallet app backend sends them. */
  creditRating: CreditRating | null;
  creditScore: number | null;
  accountCreatedAt: Date | null;
  balance: Money;
  /** The customer's own limits (null: none of its own; a configured default may apply). */
  ownLimits: WalletLimits;
}

/** A wallet-API refusal: the route maps `kind` to an HTTP status and names `field`. */
export class WalletApiError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found" | "conflict",
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = "WalletApiError";
  }
}

/**
 * Creates or updates a customer mirrored from the wallet app backend; omitted fields keep their
 * value. The wallet currency is set on creation and may change only while the account has no
 * ledger entry (docs/protocol.md#who-pays).
 */
export async function upsertCustomer(
  db: Db,
  customerId: string,
  input: CustomerInput,
): Promise<CustomerView> {
  return db.transaction(async (tx) => {
    // Concurrent first PUTs of one id (a retried call) must not both try to insert it: the row
    // lock below cannot lock a row that does not exist yet, so serialise on the id itself.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${"customer:" + customerId}, 0))`,
    );
    const [current] = await tx
      .select({
        currency: walletAccounts.currency,
        singlePaymentMax: walletAccounts.singlePaymentMaxMinor,
        dailyAmountMax: walletAccounts.dailyAmountMaxMinor,
      })
      .from(walletAccounts)
      .where(eq(walletAccounts.customerId, customerId))
      .for("update");
    if (!current) {
      if (!input.displayName)
        throw new WalletApiError(
          "invalid",
          "displayName",
          "displayName is required for a new customer",
        );
      if (!input.currency)
        throw new WalletApiError("invalid", "currency", "currency is required for a new customer");
      await tx.insert(customers).values({
        customerId,
        displayName: input.displayName,
        status: input.status ?? "ACTIVE",
        kycStatus: input.kycStatus ?? "PENDING",
        creditRating: input.creditRating ?? null,
        creditScore: input.creditScore ?? null,
        accountCreatedAt: input.accountCreatedAt ?? null,
      });
      await tx
        .insert(walletAccounts)
        .values({ customerId, currency: input.currency, ...limitColumns(input, input.currency) });
    } else {
      if (input.currency && input.currency !== current.currency) {
        const [entry] = await tx
          .select({ id: ledgerEntries.id })
          .from(ledgerEntries)
          .where(eq(ledgerEntries.customerId, customerId))
          .limit(1);
        if (entry) {
          throw new WalletApiError(
            "conflict",
            "currency",
            "the wallet currency cannot change once money has moved",
          );
        }
      }
      const currency = input.currency ?? current.currency;
      const account = {
        ...(currency !== current.currency ? { currency } : {}),
        ...limitColumns(input, currency, current),
      };
      if (Object.keys(account).length > 0) {
        await tx
          .update(walletAccounts)
          .set(account)
          .where(eq(walletAccounts.customerId, customerId));
      }
      const { currency: _currency, limits: _limits, ...fields } = input;
      if (Object.values(fields).some((v) => v !== undefined)) {
        await tx
          .update(customers)
          .set({ ...fields, updatedAt: sql`now()` })
          .where(eq(customers.customerId, customerId));
      }
    }
    const view = await findCustomer(tx, customerId);
    if (!view) throw new Error(`customer ${customerId} vanished inside its own transaction`);
    return view;
  });
}

type LimitColumns = Pick<
  typeof walletAccounts.$inferInsert,
  "singlePaymentMaxMinor" | "dailyAmountMaxMinor" | "dailyCountMax"
>;

const AMOUNT_LIMITS = [
  ["singlePaymentMax", "singlePaymentMaxMinor"],
  ["dailyAmountMax", "dailyAmountMaxMinor"],
] as const;

/**
 * The wallet-row columns a PUT's `limits` sets. Amounts must be in the wallet currency; an amount
 * limit the account already has must be restated or cleared when the wallet currency changes, or
 * it would silently be read in the new one.
 */
function limitColumns(
  input: CustomerInput,
  walletCurrency: string,
  previous?: { currency: string; singlePaymentMax: bigint | null; dailyAmountMax: bigint | null },
): LimitColumns {
  const given: LimitsInput =
    input.limits === null
      ? { singlePaymentMax: null, dailyAmountMax: null, dailyCountMax: null }
      : (input.limits ?? {});
  const columns: LimitColumns = {};
  for (const [field, column] of AMOUNT_LIMITS) {
    const value = given[field];
    if (value === undefined) {
      if (previous && previous.currency !== walletCurrency && previous[field] !== null) {
        throw new WalletApiError(
          "invalid",
          `limits.${field}`,
          `limits.${field} is in ${previous.currency}: set it in ${walletCurrency} or clear it (null) when changing the wallet currency`,
        );
      }
    } else if (value !== null && value.currency !== walletCurrency) {
      throw new WalletApiError(
        "invalid",
        `limits.${field}.currency`,
        `limits.${field}.currency must be the wallet currency, ${walletCurrency}`,
      );
    } else {
      columns[column] = value?.amountMinor ?? null;
    }
  }
  if (given.dailyCountMax !== undefined) columns.dailyCountMax = given.dailyCountMax;
  return columns;
}

export async function findCustomer(db: DbOrTx, customerId: string): Promise<CustomerView | null> {
  const [row] = await db
    .select({
      customerId: customers.customerId,
      displayName: customers.displayName,
      status: customers.status,
      kycStatus: customers.kycStatus,
      creditRating: customers.creditRating,
      creditScore: customers.creditScore,
      accountCreatedAt: customers.accountCreatedAt,
      currency: walletAccounts.currency,
      balanceMinor: walletAccounts.balanceMinor,
      singlePaymentMax: walletAccounts.singlePaymentMaxMinor,
      dailyAmountMax: walletAccounts.dailyAmountMaxMinor,
      dailyCountMax: walletAccounts.dailyCountMax,
    })
    .from(customers)
    .innerJoin(walletAccounts, eq(walletAccounts.customerId, customers.customerId))
    .where(eq(customers.customerId, customerId));
  if (!row) return null;
  const { balanceMinor, singlePaymentMax, dailyAmountMax, dailyCountMax, ...rest } = row;
  return {
    ...rest,
    balance: { amountMinor: balanceMinor, currency: row.currency },
    ownLimits: { singlePaymentMax, dailyAmountMax, dailyCountMax },
  };
}

/**
 * The customer behind a wallet-backend request that starts something new for them (payment codes,
 * auth codes): unknown → 404, frozen → 409.
 */
export async function requireActiveCustomer(db: DbOrTx, customerId: string): Promise<CustomerView> {
  const customer = await findCustomer(db, customerId);
  if (!customer) {
    throw new WalletApiError("not_found", "customerId", `customer ${customerId} does not exist`);
  }
  if (customer.status !== "ACTIVE") {
    throw new WalletApiError("conflict", "customerId", `customer ${customerId} is frozen`);
  }
  return customer;
}

export interface TopUpResult {
  created: boolean;
  topUpId: string;
  customerId: string;
  amount: Money;
  balanceAfter: Money;
}

/**
 * Credits the wallet, idempotent on `topUpId`: a retry with the same body answers the first
 * result, another body under the same id is a conflict. Concurrent copies wait on the primary key.
 */
export async function topUp(
  db: Db,
  customerId: string,
  topUpId: string,
  amount: Money,
): Promise<TopUpResult> {
  try {
    return await db.transaction(async (tx) => {
      const [customer] = await tx
        .select({ customerId: customers.customerId })
        .from(customers)
        .where(eq(customers.customerId, customerId));
      if (!customer)
        throw new WalletApiError("not_found", null, `customer ${customerId} does not exist`);
      const [inserted] = await tx
        .insert(topUps)
        .values({ topUpId, customerId, amountMinor: amount.amountMinor, currency: amount.currency })
        .onConflictDoNothing()
        .returning({ topUpId: topUps.topUpId });
      if (!inserted) return replayTopUp(tx, customerId, topUpId, amount);

      const credited = await postLedgerEntry(tx, {
        customerId,
        kind: "TOP_UP",
        amountMinor: amount.amountMinor,
        currency: amount.currency,
        topUpId,
      });
      if (!credited) {
        throw new WalletApiError(
          "invalid",
          "amount.currency",
          "the top-up currency must be the wallet currency",
        );
      }
      return {
        created: true,
        topUpId,
        customerId,
        amount,
        balanceAfter: { amountMinor: credited.balanceAfterMinor, currency: amount.currency },
      };
    });
  } catch (error) {
    if (postgresErrorOf(error)?.code === SQLSTATE.numericValueOutOfRange) {
      throw new WalletApiError("invalid", "amount.value", "the top-up would overflow the balance");
    }
    throw error;
  }
}

async function replayTopUp(
  db: DbOrTx,
  customerId: string,
  topUpId: string,
  amount: Money,
): Promise<TopUpResult> {
  const [previous] = await db
    .select({
      customerId: topUps.customerId,
      amountMinor: topUps.amountMinor,
      currency: topUps.currency,
      balanceAfterMinor: ledgerEntries.balanceAfterMinor,
    })
    .from(topUps)
    .innerJoin(ledgerEntries, eq(ledgerEntries.topUpId, topUps.topUpId))
    .where(eq(topUps.topUpId, topUpId));
  const same =
    previous?.customerId === customerId &&
    previous.amountMinor === amount.amountMinor &&
    previous.currency === amount.currency;
  if (!previous || !same) {
    throw new WalletApiError(
      "conflict",
      "topUpId",
      "this topUpId was already used for a different top-up",
    );
  }
  return {
    created: false,
    topUpId,
    customerId,
    amount,
    balanceAfter: { amountMinor: previous.balanceAfterMinor, currency: previous.currency },
  };
}

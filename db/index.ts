import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle: domain functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbOptions {
  /** Pool size; Postgres work per request is short, so a small pool serves many requests. */
  max?: number;
  /** Statement and lock timeout; default 6 s. Background maintenance may wait longer. */
  timeoutMs?: number;
}

/**
 * One pool per process. Timeouts keep every Alipay+ call inside its deadline (8 s pay/refund/cancel,
 * 5 s inquiry): an unreachable or stuck database turns into an error quickly, which the gateway
 * answers as `U`, never as a guess.
 */
export function createDb(url: string, options: DbOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 3,
    idle_timeout: 60,
    onnotice: () => undefined,
    connection: {
      application_name: "plusdesk",
      statement_timeout: options.timeoutMs ?? 6000,
      lock_timeout: options.timeoutMs ?? 6000,
      idle_in_transaction_session_timeout: 15000,
    },
  });
  const db = drizzle(sql, { schema, casing: "snake_case" });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

export { schema };

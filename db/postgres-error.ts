/**
 * The error Postgres raised, wherever it sits in the chain Drizzle (DrizzleQueryError, `cause`)
 * and transactions wrap it in: its SQLSTATE and message, or undefined for any other error.
 */
export function postgresErrorOf(error: unknown): { code: string; message: string } | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
      return { code, message: typeof message === "string" ? message : "" };
  }
  return undefined;
}

/** SQLSTATEs the app acts on (postgresql.org/docs/current/errcodes-appendix.html). */
export const SQLSTATE = {
  numericValueOutOfRange: "22003",
  checkViolation: "23514",
  lockNotAvailable: "55P03",
} as const;

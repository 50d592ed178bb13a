/**
 * Typed errors for input problems found past the schema (e.g. a refund naming another payment's
 * id). Business outcomes (balance short, risk reject…) are answers, not errors; anything else that
 * throws is an unknown and is answered `U`.
 */
export class ParamIllegalError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = "ParamIllegalError";
  }
}

/**
 * A refusal of a staff action that the caller can act on (unknown id, a state that forbids it,
 * input valid in shape but not in meaning). server/trpc/init.ts maps `kind` to a tRPC error code
 * in one place; the message is shown to staff as it is.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "forbidden",
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

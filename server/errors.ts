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

/**
 * DTOs cross to the browser as JSON (the console's convention): bigints become their decimal
 * strings (money in minor units never goes through a Number) and Dates their ISO 8601 strings. One
 * typed walk for the investigation's many row shapes instead of a hand-written mapper per table.
 */
export type JsonSafe<T> = T extends bigint
  ? string
  : T extends Date
    ? string
    : T extends readonly (infer U)[]
      ? JsonSafe<U>[]
      : T extends object
        ? { [K in keyof T]: JsonSafe<T[K]> }
        : T;

export function toJsonSafe<T>(value: T): JsonSafe<T> {
  return walk(value) as JsonSafe<T>;
}

function walk(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, walk(v)]));
  }
  return value;
}

/**
 * The overview's window: whole UTC days, both ends inclusive (README "Staff console": UTC
 * days; no time zone is configurable yet, so every day here is a UTC day and the console
 * says so). Queries take `[fromAt, toAt)`.
 */
import { DomainError } from "../errors";

export const DEFAULT_WINDOW_DAYS = 30;
/**
 * A quarter: the longest window. Closed days come from the daily rollup (./overview-rollup.ts), so
 * a read costs little whatever the window, but a day missing from the rollup is computed by the
 * read that first asks for it (about 0.2 s a day at 1,000,000 payments over 90 days): a quarter
 * bounds that first read.
 */
export const MAX_WINDOW_DAYS = 92;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface StatsWindow {
  /** First and last day shown, `YYYY-MM-DD` (UTC). */
  from: string;
  to: string;
  /** Every day of the window in order: the charts' x axis (days without data are zeros). */
  days: string[];
  /** `[fromAt, toAt)`: from 00:00 UTC of `from` to 00:00 UTC of the day after `to`. */
  fromAt: Date;
  toAt: Date;
}

/** The UTC day of a moment, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** 00:00 UTC of a `YYYY-MM-DD` day; null when it is not a real calendar day. */
export function startOfUtcDay(day: string): Date | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Date.UTC rolls 2026-02-31 over into March: only a day that survives the round trip is real.
  return Number.isNaN(at.getTime()) || utcDay(at) !== day ? null : at;
}

/**
 * Optional whole UTC days, both inclusive, as `[fromAt, toAt)` (a list's date filter); an end not
 * given stays open.
 */
export function utcDayRange(
  fromDay: string | undefined,
  toDay: string | undefined,
): { fromAt?: Date; toAt?: Date } {
  return {
    fromAt: fromDay === undefined ? undefined : dayOrRefuse(fromDay, "from"),
    toAt: toDay === undefined ? undefined : new Date(dayOrRefuse(toDay, "to").getTime() + DAY_MS),
  };
}

function dayOrRefuse(day: string, name: string): Date {
  const at = startOfUtcDay(day);
  if (!at) throw new DomainError("invalid", `${name} must be a day as YYYY-MM-DD, got "${day}"`);
  return at;
}

/**
 * The window for optional `from`/`to` days: by default the last 30 UTC days up to today; only
 * `to` given: the 30 days ending there; only `from` given: from there up to today.
 */
export function statsWindow(input: { from?: string; to?: string }, now = new Date()): StatsWindow {
  const toStart =
    input.to === undefined ? startOfUtcDay(utcDay(now))! : dayOrRefuse(input.to, "to");
  const fromStart =
    input.from === undefined
      ? new Date(toStart.getTime() - (DEFAULT_WINDOW_DAYS - 1) * DAY_MS)
      : dayOrRefuse(input.from, "from");
  const count = Math.round((toStart.getTime() - fromStart.getTime()) / DAY_MS) + 1;
  if (count < 1) throw new DomainError("invalid", "from must be on or before to");
  if (count > MAX_WINDOW_DAYS) {
    throw new DomainError("invalid", `the window is at most ${MAX_WINDOW_DAYS} days`);
  }
  const days = Array.from({ length: count }, (_, i) =>
    utcDay(new Date(fromStart.getTime() + i * DAY_MS)),
  );
  return {
    from: days[0]!,
    to: days.at(-1)!,
    days,
    fromAt: fromStart,
    toAt: new Date(toStart.getTime() + DAY_MS),
  };
}

/**
 * Calls whose signature did not verify (a wrong or missing signature, an unknown client, a body
 * too large to check) cost nothing but a call-log row each, and anyone can send them: a source
 * that keeps sending them gets HTTP 429 and no more rows once it is over its limit for the
 * current minute, and so do all sources together past the total. Valid calls never come here:
 * the verdict is known before the limiter is asked, so it can neither delay nor change them.
 *
 * Counted in memory, per app process, in fixed one-minute windows: a flood is then refused
 * without a database write (counting in Postgres would be the very write it saves). With N
 * processes a source gets at most N times its limit logged a minute, still a bound.
 */
import { logEvent } from "../log";

export interface UnverifiedCallLimits {
  perSourcePerMinute: number;
  totalPerMinute: number;
}

export interface UnverifiedCallLimiter {
  /** Counts one call from `source`; false when it is over a limit (answer 429, log no row). */
  admit(source: string): boolean;
}

const WINDOW_MS = 60_000;

export function createUnverifiedCallLimiter(
  limits: UnverifiedCallLimits,
  now: () => number = Date.now,
): UnverifiedCallLimiter {
  let window = -1;
  let admitted = 0;
  let refused = 0;
  // Only admitted sources are counted, so the map never holds more than totalPerMinute entries.
  let perSource = new Map<string, number>();
  return {
    admit(source) {
      const current = Math.floor(now() / WINDOW_MS);
      if (current !== window) {
        if (refused > 0) logEvent("alipayplus.unverified_calls_refused", { refused }, "warn");
        [window, admitted, refused, perSource] = [current, 0, 0, new Map<string, number>()];
      }
      const fromSource = perSource.get(source) ?? 0;
      if (fromSource >= limits.perSourcePerMinute || admitted >= limits.totalPerMinute) {
        if (refused++ === 0) {
          logEvent(
            "alipayplus.unverified_calls_limited",
            { source, limit: fromSource >= limits.perSourcePerMinute ? "source" : "total" },
            "warn",
          );
        }
        return false;
      }
      perSource.set(source, fromSource + 1);
      admitted++;
      return true;
    },
  };
}

/**
 * What the benchmark commands (bench-pay, bench-risk, bench-console) share: latency percentiles,
 * elapsed seconds, and a VACUUM ANALYZE outside the app pool's statement timeout.
 */
import postgres from "postgres";

/** The p-th percentile (nearest rank) of ascending values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** Seconds since a `performance.now()` reading, one decimal. */
export function secondsSince(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

/**
 * VACUUM ANALYZE (of `tables`, else the whole database) on a connection of its own with no
 * statement timeout: on a million rows it takes longer than the pool's 6 s.
 */
export async function vacuumAnalyze(url: string, tables?: readonly string[]): Promise<void> {
  const admin = postgres(url, {
    max: 1,
    onnotice: () => undefined,
    connection: { statement_timeout: 0 },
  });
  try {
    await admin.unsafe(tables ? `vacuum analyze ${tables.join(", ")}` : "vacuum analyze");
  } finally {
    await admin.end();
  }
}

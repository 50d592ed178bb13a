/**
 * notifyPayment retry spacing (docs/protocol.md#notifications): 5 s after the first failed attempt,
 * doubling after each further one, never more than 1 h apart.
 */

/**
 * docs/protocol.md#notifications: the first retry 5 s after the first failure
 * (OUTBOX_BACKOFF_BASE_MS overrides).
 */
export const DEFAULT_BACKOFF_BASE_MS = 5000;
/** docs/protocol.md#notifications: at most 1 h apart. */
export const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** The wait before the next attempt once `failedAttempts` (≥ 1) attempts have failed. */
export function retryDelayMs(
  failedAttempts: number,
  baseMs: number = DEFAULT_BACKOFF_BASE_MS,
  maxMs: number = MAX_BACKOFF_MS,
): number {
  const doublings = Math.max(0, Math.floor(failedAttempts) - 1);
  // 2^31 × 5 s is far past any cap; stopping the exponent there keeps the number finite.
  return Math.min(maxMs, baseMs * 2 ** Math.min(doublings, 31));
}

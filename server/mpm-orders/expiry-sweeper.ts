/**
 * Closes MPM orders whose `paymentExpiryTime` passed while nobody was at the cashier page, so
 * Alipay+ hears ORDER_IS_CLOSED (API.md §7 "Notifications") without waiting for the customer to
 * come back. Runs in every app server process (instrumentation.ts): closing takes the order's
 * locks and re-checks it, so instances sweeping at once close each order once.
 */
import { logEvent } from "../log";
import { getRuntime } from "../runtime";
import { closeExpiredOrders } from "./cashier";

/** How often to look: an expired order closes within this much of its expiry. */
const SWEEP_INTERVAL_MS = 5_000;

const holder = globalThis as typeof globalThis & { plusdeskOrderSweeper?: NodeJS.Timeout };

export function startOrderExpirySweeper(): void {
  if (holder.plusdeskOrderSweeper) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    closeExpiredOrders(getRuntime().db)
      .then((closed) => {
        if (closed > 0) logEvent("mpm.orders_expired", { closed });
      })
      .catch((error: unknown) =>
        logEvent(
          "mpm.expiry_sweep_failed",
          { error: error instanceof Error ? error.message : String(error) },
          "error",
        ),
      )
      .finally(() => {
        running = false;
      });
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  holder.plusdeskOrderSweeper = timer;
  process.once("SIGTERM", () => clearInterval(timer));
}

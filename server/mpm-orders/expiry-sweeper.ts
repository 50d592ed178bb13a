/**
 * Closes MPM orders whose `paymentExpiryTime` passed while nobody was at the cashier page, so
 * Alipay+ hears ORDER_IS_CLOSED (docs/protocol.md#notifications) without waiting for the customer
 * to come back. Runs in every app server process (instrumentation.ts): closing takes the order's
 * locks and re-checks it, so instances sweeping at once close each order once.
 */
import { logEvent } from "../log";
import { startPeriodicJob } from "../platform/periodic-job";
import { getRuntime } from "../runtime";
import { closeExpiredOrders } from "./cashier";

/** How often to look: an expired order closes within this much of its expiry. */
const SWEEP_INTERVAL_MS = 5_000;

export function startOrderExpirySweeper(): void {
  startPeriodicJob({
    name: "mpm-order-expiry",
    everyMs: SWEEP_INTERVAL_MS,
    failureEvent: "mpm.expiry_sweep_failed",
    pass: async () => {
      const closed = await closeExpiredOrders(getRuntime().db);
      if (closed > 0) logEvent("mpm.orders_expired", { closed });
    },
  });
}

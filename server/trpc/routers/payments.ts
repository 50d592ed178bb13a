import { z } from "zod";
import { utcDayRange } from "../../console-stats/stats-window";
import { DomainError } from "../../errors";
import { deviceActivity } from "../../investigation/device-activity";
import { toJsonSafe } from "../../investigation/json-safe";
import { investigatePayment } from "../../investigation/payment-investigation";
import { listPayments } from "../../investigation/payment-list";
import { createTRPCRouter, staffProcedure } from "../init";

export const DEVICE_PAYMENTS_PAGE_SIZE = 25;
export const PAYMENTS_PAGE_SIZE = 50;

const ZId = z.string().trim().min(1).max(200);
const ZDay = z.iso.date();

export const paymentsRouter = createTRPCRouter({
  /** Everything about one payment (the investigation page); NOT_FOUND for an unknown id. */
  investigate: staffProcedure("console.read")
    .input(z.strictObject({ paymentId: ZId }))
    .query(async ({ ctx, input }) => {
      const found = await investigatePayment(ctx.db, input.paymentId);
      if (!found) throw new DomainError("not_found", `payment ${input.paymentId} does not exist`);
      return toJsonSafe(found);
    }),

  /** One device: integrity, locations, accounts of the last 30 days, payments made from it. */
  device: staffProcedure("console.read")
    .input(
      z.strictObject({
        deviceId: ZId,
        customerId: ZId.optional(),
        after: ZId.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [activity, page] = await Promise.all([
        deviceActivity(ctx.db, input.deviceId, null),
        listPayments(ctx.db, { ...input, limit: DEVICE_PAYMENTS_PAGE_SIZE }),
      ]);
      return toJsonSafe({ ...activity, payments: page.rows, nextAfter: page.nextAfter });
    }),

  /**
   * Payments whose promotion information was not fully read (partly read or not understood),
   * newest first, optionally one customer's, one status, a range of UTC days (both inclusive).
   */
  list: staffProcedure("console.read")
    .input(
      z.strictObject({
        status: z.enum(["SUCCESS", "FAILED", "CLOSED"]).optional(),
        customerId: ZId.optional(),
        fromDay: ZDay.optional(),
        toDay: ZDay.optional(),
        after: ZId.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const days = utcDayRange(input.fromDay, input.toDay);
      const page = await listPayments(ctx.db, {
        unclearPromotions: true,
        customerId: input.customerId,
        status: input.status,
        receivedFrom: days.fromAt,
        receivedTo: days.toAt,

        after: input.after,
        limit: PAYMENTS_PAGE_SIZE,
      });
      return toJsonSafe(page);
    }),
});

import { z } from "zod";
import { DomainError } from "../../errors";
import { deviceActivity } from "../../investigation/device-activity";
import { listDevicePayments } from "../../investigation/device-payments";
import { toJsonSafe } from "../../investigation/json-safe";
import { investigatePayment } from "../../investigation/payment-investigation";
import { createTRPCRouter, staffProcedure } from "../init";

export const DEVICE_PAYMENTS_PAGE_SIZE = 25;

const ZId = z.string().trim().min(1).max(200);

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
        listDevicePayments(ctx.db, { ...input, limit: DEVICE_PAYMENTS_PAGE_SIZE }),
      ]);
      return toJsonSafe({ ...activity, payments: page.rows, nextAfter: page.nextAfter });
    }),
});

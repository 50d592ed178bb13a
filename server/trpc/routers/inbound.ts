import { z } from "zod";
import {
  decodeCursor,
  encodeCursor,
  getInboundCall,
  listInboundCalls,
  RESULT_STATUS_FILTERS,
  SIGNATURE_VERDICTS,
  type InboundCallDetail,
} from "../../inbound-log/inbound-calls";
import { createTRPCRouter, staffProcedure } from "../init";

export const INBOUND_PAGE_SIZE = 50;

function toCallDto<T extends Omit<InboundCallDetail, "headers">>(
  call: T,
): Omit<T, "id" | "receivedAt"> & { id: string; receivedAt: string } {
  return { ...call, id: call.id.toString(), receivedAt: call.receivedAt.toISOString() };
}

export const inboundRouter = createTRPCRouter({
  /** Newest first; `before` is the previous page's `nextBefore`. */
  list: staffProcedure("console.read")
    .input(
      z.strictObject({
        api: z
          .string()
          .regex(/^[A-Za-z-]{1,40}$/)
          .optional(),
        verdict: z.enum(SIGNATURE_VERDICTS).optional(),
        resultStatus: z.enum(RESULT_STATUS_FILTERS).optional(),
        requestId: z.string().trim().max(64).optional(),
        before: z.string().max(80).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listInboundCalls(ctx.db, {
        api: input.api,
        verdict: input.verdict,
        resultStatus: input.resultStatus,
        requestId: input.requestId || undefined,
        before: input.before === undefined ? undefined : decodeCursor(input.before),
        limit: INBOUND_PAGE_SIZE,
      });
      return {
        rows: page.rows.map(({ cursor: _cursor, ...row }) => toCallDto(row)),
        nextBefore: page.nextBefore ? encodeCursor(page.nextBefore) : null,
      };
    }),

  /** One call with its headers and both bodies whole (stored redacted). */
  get: staffProcedure("console.read")
    .input(z.strictObject({ id: z.string().regex(/^[1-9][0-9]{0,18}$/) }))
    .query(async ({ ctx, input }) => {
      const call = await getInboundCall(ctx.db, BigInt(input.id));
      return { ...toCallDto(call), headers: call.headers };
    }),
});

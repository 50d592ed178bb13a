import { z } from "zod";
import { listAuditLog } from "../../audit/audit-log";
import { createTRPCRouter, staffProcedure } from "../init";

export const AUDIT_PAGE_SIZE = 50;

export const auditRouter = createTRPCRouter({
  /** Newest first; `beforeId` is the previous page's `nextBeforeId`. */
  list: staffProcedure("console.read")
    .input(
      z.strictObject({
        search: z.string().trim().max(200).optional(),
        action: z.string().max(100).optional(),
        subjectType: z.string().max(100).optional(),
        subjectId: z.string().max(200).optional(),
        beforeId: z
          .string()
          .regex(/^[1-9][0-9]{0,18}$/)
          .optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listAuditLog(ctx.db, {
        ...input,
        search: input.search || undefined,
        beforeId: input.beforeId === undefined ? undefined : BigInt(input.beforeId),
        limit: AUDIT_PAGE_SIZE,
      });
      return {
        rows: page.rows.map((row) => ({
          ...row,
          id: row.id.toString(),
          at: row.at.toISOString(),
        })),
        nextBeforeId: page.nextBeforeId?.toString() ?? null,
      };
    }),
});

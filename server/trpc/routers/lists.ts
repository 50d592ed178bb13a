import { z } from "zod";
import {
  LIST_KINDS,
  LIST_SUBJECT_TYPES,
  listListEntries,
  putListEntry,
  removeListEntry,
  type ListEntry,
} from "../../risk/lists";
import { createTRPCRouter, staffProcedure } from "../init";

export const LISTS_PAGE_SIZE = 50;

const ZId = z.string().regex(/^[1-9][0-9]{0,18}$/);
const ZList = z.enum(LIST_KINDS);
const ZSubjectType = z.enum(LIST_SUBJECT_TYPES);

function toEntryDto(entry: ListEntry, now: number) {
  return {
    id: entry.id.toString(),
    list: entry.list,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    reason: entry.reason,
    expiresAt: entry.expiresAt?.toISOString() ?? null,
    expired: entry.expiresAt !== null && entry.expiresAt.getTime() <= now,
    createdAt: entry.createdAt.toISOString(),
    createdBy: entry.createdBy,
  };
}
export type ListEntryDto = ReturnType<typeof toEntryDto>;

export const listsRouter = createTRPCRouter({
  /** Newest first; `beforeId` is the previous page's `nextBeforeId`. Expired entries on request. */
  list: staffProcedure("console.read")
    .input(
      z.strictObject({
        list: ZList.optional(),
        subjectType: ZSubjectType.optional(),
        subjectId: z.string().trim().max(200).optional(),
        includeExpired: z.boolean().optional(),
        beforeId: ZId.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await listListEntries(ctx.db, {
        ...input,
        subjectId: input.subjectId || undefined,
        beforeId: input.beforeId === undefined ? undefined : BigInt(input.beforeId),
        limit: LISTS_PAGE_SIZE,
      });
      const now = Date.now();
      return {
        rows: page.rows.map((entry) => toEntryDto(entry, now)),
        nextBeforeId: page.nextBeforeId?.toString() ?? null,
      };
    }),

  /** Adds an entry, or replaces the reason and expiry of the same subject on the same list. */
  put: staffProcedure("lists.write")
    .input(
      z.strictObject({
        list: ZList,
        subjectType: ZSubjectType,
        subjectId: z.string().trim().min(1).max(200),
        reason: z.string().trim().min(1, "a reason is required").max(500),
        expiresAt: z.iso.datetime({ offset: true }).nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      toEntryDto(
        await putListEntry(ctx.db, ctx.staff, {
          ...input,
          expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt),
        }),
        Date.now(),
      ),
    ),

  remove: staffProcedure("lists.write")
    .input(z.strictObject({ id: ZId }))
    .mutation(async ({ ctx, input }) => {
      await removeListEntry(ctx.db, ctx.staff, BigInt(input.id));
      return { removed: input.id };
    }),
});

import { z } from "zod";
import { listTransactions } from "../../customer-views/list-transactions";
import { ZTransactionCursor } from "../../customer-views/transaction-cursor";
import { toTransactionRowView } from "../../customer-views/transaction-row-view";
import { createTRPCRouter, customerProcedure } from "../init";

export const transactionsRouter = createTRPCRouter({
  /**
   * The session customer's history from a cursor on (the infinite-scroll loader). The input is
   * the cursor alone: a strict object, so nothing else (a customer id) can even be sent.
   */
  list: customerProcedure
    .input(z.strictObject({ cursor: ZTransactionCursor.optional() }))
    .query(async ({ ctx, input }) => {
      const page = await listTransactions(ctx.db, ctx.customerId, input.cursor ?? null);
      return { rows: page.transactions.map(toTransactionRowView), nextCursor: page.nextCursor };
    }),
});

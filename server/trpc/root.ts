import { createTRPCRouter } from "./init";
import { systemRouter } from "./routers/system";
import { transactionsRouter } from "./routers/transactions";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  transactions: transactionsRouter,
});

export type AppRouter = typeof appRouter;

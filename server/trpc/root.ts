import { createCallerFactory, createTRPCRouter } from "./init";
import { auditRouter } from "./routers/audit";
import { staffRouter } from "./routers/staff";
import { systemRouter } from "./routers/system";
import { transactionsRouter } from "./routers/transactions";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  transactions: transactionsRouter,
  staff: staffRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls (the console's server components and actions) with the same checks. */
export const createCaller = createCallerFactory(appRouter);

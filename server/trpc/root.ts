import { createCallerFactory, createTRPCRouter } from "./init";
import { auditRouter } from "./routers/audit";
import { casesRouter } from "./routers/cases";
import { inboundRouter } from "./routers/inbound";
import { overviewRouter } from "./routers/overview";
import { listsRouter } from "./routers/lists";
import { rulesRouter } from "./routers/rules";
import { paymentsRouter } from "./routers/payments";
import { reviewsRouter } from "./routers/reviews";
import { staffRouter } from "./routers/staff";
import { systemRouter } from "./routers/system";
import { transactionsRouter } from "./routers/transactions";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  transactions: transactionsRouter,
  staff: staffRouter,
  audit: auditRouter,
  cases: casesRouter,
  overview: overviewRouter,
  inbound: inboundRouter,
  rules: rulesRouter,
  lists: listsRouter,
  reviews: reviewsRouter,
  payments: paymentsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls (the console's server components and actions) with the same checks. */
export const createCaller = createCallerFactory(appRouter);

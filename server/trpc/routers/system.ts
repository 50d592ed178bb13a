import { sql } from "drizzle-orm";
import { createTRPCRouter, publicProcedure } from "../init";

export const systemRouter = createTRPCRouter({
  /** Liveness of the app and its database, for load balancers and the console. */
  health: publicProcedure.query(async ({ ctx }) => {
    const started = performance.now();
    await ctx.db.execute(sql`select 1`);
    return { status: "ok" as const, databaseLatencyMs: Math.round(performance.now() - started) };
  }),
});

/**
 * tRPC wiring (create-t3-app's shape): a context with the database and the session, and the
 * procedure builders. Staff procedures (declared permission) join here with the console.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import type { Db } from "@/db";
import { auth } from "../auth/config";
import { getRuntime } from "../runtime";

export interface TrpcContext {
  db: Db;
  /** next-auth's session of the caller, if any (the wallet launch starts a customer session). */
  session: Session | null;
}

export async function createTrpcContext(): Promise<TrpcContext> {
  return { db: getRuntime().db, session: await auth() };
}

const t = initTRPC.context<TrpcContext>().create();

export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;

/**
 * For the signed-in customer only. The customer id comes from the session, never from input
 * (ARCHITECTURE.md convention 6): procedures see `ctx.customerId` and nothing that could name
 * another customer.
 */
export const customerProcedure = t.procedure.use(({ ctx, next }) => {
  const customer = ctx.session?.customer;
  if (!customer) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { db: ctx.db, customerId: customer.customerId } });
});

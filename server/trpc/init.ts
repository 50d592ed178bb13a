/**
 * tRPC wiring (create-t3-app's shape): a context with the database, and the procedure builders.
 * Customer procedures (session customer id) and staff procedures (declared permission) join here
 * with the customer pages and the console.
 */
import { initTRPC } from "@trpc/server";
import type { Db } from "@/db";
import { getRuntime } from "../runtime";

export interface TrpcContext {
  db: Db;
}

export function createTrpcContext(): TrpcContext {
  return { db: getRuntime().db };
}

const t = initTRPC.context<TrpcContext>().create();

export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;

/**
 * The request's tRPC context: the app's database and next-auth's session. Apart from init.ts so
 * that the router itself loads without next-auth (tests build contexts of their own).
 */
import { auth } from "../auth/config";
import { getRuntime } from "../runtime";
import type { TrpcContext } from "./init";

export async function createTrpcContext(): Promise<TrpcContext> {
  return { db: getRuntime().db, session: await auth() };
}

/**
 * tRPC wiring (create-t3-app's shape): a context with the database and the session, and the
 * procedure builders: public, customer (the session's customer only) and staff (a declared
 * permission, checked against the account's current role on every call).
 */
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { Session } from "next-auth";
import type { Db } from "@/db";
import { roleCan, type StaffPermission } from "../auth/staff-permissions";
import { DomainError } from "../errors";
import { findActiveStaff } from "../staff/staff-members";

export interface TrpcContext {
  db: Db;
  /** next-auth's session of the caller, if any (the wallet launch starts a customer session). */
  session: Session | null;
}

/** What a procedure declares about itself; the router-wide permission test reads it. */
export interface ProcedureMeta {
  /** The staff permission a staff procedure needs (server/auth/staff-permissions.ts). */
  permission?: StaffPermission;
  /** A procedure meant for the signed-in customer. */
  customer?: true;
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    /**
     * An unexpected failure (a bug, the database) reaches a browser as "Internal server error"
     * only: its own text can name tables, constraints, hosts or values. The route logs it.
     */
    errorFormatter({ shape, error }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return shape;
      return {
        ...shape,
        message: "Internal server error",
        data: { ...shape.data, stack: undefined },
      };
    },
  });

const DOMAIN_ERROR_CODES: Record<DomainError["kind"], TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  forbidden: "FORBIDDEN",
};

/** The one place a domain refusal becomes a tRPC error. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: DOMAIN_ERROR_CODES[cause.kind], message: cause.message, cause });
  }
  return result;
});

const procedure = t.procedure.use(domainErrors);

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = procedure;

/**
 * For the signed-in customer only. The customer id comes from the session, never from input
 * (README "Customer pages"): procedures see `ctx.customerId` and nothing that could name
 * another customer.
 */
export const customerProcedure = procedure.meta({ customer: true }).use(({ ctx, next }) => {
  const customer = ctx.session?.customer;
  if (!customer) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { db: ctx.db, customerId: customer.customerId } });
});

/**
 * For staff holding `permission`. The role is read from the database on every call (a session
 * carries only the staff id and its sign-in time), so a demotion, a disabled account or a sign-out
 * stops the next call; a customer session has no staff id and never gets past here. Runs before
 * input parsing: an unauthorised caller learns nothing about the input either.
 */
export function staffProcedure(permission: StaffPermission) {
  return procedure.meta({ permission }).use(async ({ ctx, next }) => {
    const claims = ctx.session?.staff;
    const staff = claims ? await findActiveStaff(ctx.db, claims) : null;
    if (!staff) throw new TRPCError({ code: "UNAUTHORIZED" });
    if (!roleCan(staff.role, permission))
      throw new TRPCError({ code: "FORBIDDEN", message: `needs the ${permission} permission` });
    return next({ ctx: { db: ctx.db, staff } });
  });
}

/**
 * How console pages and actions reach the server: the tRPC router called in-process with the
 * caller's session, so a page runs the very permission checks a browser call would (README "Staff
 * console": pages re-check). Cached per request.
 */
import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { ActionState } from "@/components/staff/action-form";
import { createTrpcContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

export const STAFF_SIGN_IN_PATH = "/staff/sign-in";

export const getStaffApi = cache(async () => createCaller(await createTrpcContext()));

/**
 * The signed-in staff member, or null: checked against the database (enabled, not signed out
 * since), not just the cookie, which a signed-out or disabled account may still present.
 */
export const currentStaff = cache(async () => {
  try {
    return await (await getStaffApi()).staff.me();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return null;
    throw error;
  }
});

/** The signed-in staff member, or off to the sign-in page. */
export const requireStaff = cache(
  async () => (await currentStaff()) ?? redirect(STAFF_SIGN_IN_PATH),
);

export type StaffApi = Awaited<ReturnType<typeof getStaffApi>>;

export type { ActionState };

export type StaffRead<T> = { allowed: true; data: T } | { allowed: false; message: string };

/** A read whose "not found" is an answer (no such call, version, draft): null, not an error. */
export async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/**
 * Loads a page's data; a role below the procedure's permission gets `allowed: false` (the page
 * shows <NotAllowed>) instead of an error page.
 */
export async function staffRead<T>(load: (api: StaffApi) => Promise<T>): Promise<StaffRead<T>> {
  try {
    return { allowed: true, data: await load(await getStaffApi()) };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "UNAUTHORIZED") redirect(STAFF_SIGN_IN_PATH);
    if (error.code === "FORBIDDEN") return { allowed: false, message: error.message };
    throw error;
  }
}

/**
 * Runs one staff mutation for a form action: a refusal (bad input, missing permission, a state
 * that forbids it) becomes the message the form shows; anything else is a bug and throws.
 */
export async function runStaffAction<State extends ActionState = ActionState>(
  act: (api: StaffApi) => Promise<string>,
  /** How the form shows a refusal; default: its text (refusalText). */
  refused: (error: TRPCError) => State | ActionState = (error) => ({
    ok: false,
    message: refusalText(error),
  }),
): Promise<State | ActionState> {
  try {
    return { ok: true, message: await act(await getStaffApi()) };
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
    if (error.code === "UNAUTHORIZED") redirect(STAFF_SIGN_IN_PATH);
    return refused(error);
  }
}

/** The input issues of a refusal by the procedure's zod input, each with its path; else null. */
export function inputIssues(error: TRPCError): { path: PropertyKey[]; message: string }[] | null {
  if (error.code !== "BAD_REQUEST" || !error.cause || !("issues" in error.cause)) return null;
  const { issues } = error.cause as { issues: unknown };
  return Array.isArray(issues) ? (issues as { path: PropertyKey[]; message: string }[]) : null;
}

/** A refusal in words: a missing permission, each input issue with its path, or the message. */
export function refusalText(error: TRPCError): string {
  if (error.code === "FORBIDDEN") return `Your role cannot do this (${error.message}).`;
  const issues = inputIssues(error);
  if (issues) {
    return issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
  }
  return error.message;
}

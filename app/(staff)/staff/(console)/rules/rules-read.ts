import { TRPCError } from "@trpc/server";

/** A read whose "not found" is an answer (no such version, no draft): null instead of an error. */
export async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** A version number from the URL, or null. */
export function versionParam(text: string | undefined): number | null {
  return text && /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

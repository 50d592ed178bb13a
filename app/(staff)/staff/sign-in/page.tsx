import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentStaff } from "../staff-api";
import { signInStaffAction } from "./actions";

export const metadata: Metadata = { title: "Sign in · Plusdesk console" };

const ERRORS: Record<string, string> = {
  invalid: "That email and password do not match an active account.",
  rate_limited: "Too many failed attempts. Wait 15 minutes, then try again.",
};

/** Outside the console's role-checked layout: the one staff page a signed-out visitor sees. */
export default async function StaffSignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  if (await currentStaff()) redirect("/staff");
  const { error } = await searchParams;
  const message = error ? (ERRORS[error] ?? ERRORS.invalid) : undefined;
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <form
        action={signInStaffAction}
        className="w-full max-w-sm space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <div>
          <p className="text-sm font-medium text-sky-800">Plusdesk console</p>
          <h1 className="text-xl font-semibold">Staff sign-in</h1>
        </div>
        {message && (
          <p
            role="alert"
            className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800"
          >
            {message}
          </p>
        )}
        <label className="block text-sm font-medium">
          Email
          <input
            name="email"
            type="email"
            required
            autoComplete="username"
            className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input
            name="password"
            type="password"
            required
            autoComplete="current-password"
            className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        <button
          type="submit"
          className="w-full rounded bg-sky-800 px-4 py-2 font-medium text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        >
          Sign in
        </button>
      </form>
    </main>
  );
}

import type { ReactNode } from "react";

/** One phone-width column; the root layout sets `<html lang>` from the customer's session. */
export default function CustomerLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto flex min-h-dvh w-full max-w-md flex-col bg-white sm:shadow-sm [&:lang(ko)]:break-keep">
      {children}
    </div>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface ConsoleNavItem {
  href: string;
  label: string;
}

/** The console's sections; the current one is marked for sighted and screen-reader users alike. */
export function ConsoleNav({ items }: { items: ConsoleNavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Console sections">
      <ul className="flex flex-wrap gap-1 lg:flex-col">
        {items.map((item) => {
          const current =
            item.href === "/staff" ? pathname === "/staff" : pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={`block rounded px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-700 ${
                  current ? "bg-sky-100 text-sky-900" : "text-slate-700 hover:bg-slate-100"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

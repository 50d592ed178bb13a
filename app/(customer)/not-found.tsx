import Link from "next/link";
import { customerPaths } from "@/components/customer-paths";
import { PageShell } from "@/components/page-shell";
import { getCustomerContext } from "./customer-context";

/**
 * What notFound() shows on the customer pages: the same for an id that does not exist and for
 * someone else's, so the page reveals nothing about other customers.
 */
export default async function CustomerNotFound() {
  const { t } = await getCustomerContext();
  return (
    <PageShell title={t.pages.notFound.title} navigationLabel={t.pages.navigation}>
      <div className="space-y-4 px-4 py-6">
        <p className="leading-relaxed text-slate-700">{t.pages.notFound.body}</p>
        <Link
          href={customerPaths.transactions}
          className="inline-block rounded-lg bg-sky-800 px-4 py-3 font-medium text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        >
          {t.pages.notFound.action}
        </Link>
      </div>
    </PageShell>
  );
}

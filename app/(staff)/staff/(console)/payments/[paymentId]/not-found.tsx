import Link from "next/link";
import { PageHeader } from "@/components/staff/page-header";

/** An unknown payment id (a typo, a link from another system): said plainly, with a way back. */
export default function PaymentNotFound() {
  return (
    <>
      <PageHeader title="Payment not found" />
      <p role="alert" className="mb-4 max-w-xl text-sm text-slate-700">
        No payment has this id. The review queue, the decision traces and the device pages link to
        the payments that exist.
      </p>
      <Link href="/staff/reviews" className="text-sm font-medium text-sky-800 underline">
        Back to the review queue
      </Link>
    </>
  );
}

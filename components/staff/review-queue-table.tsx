import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import type { ActionState } from "./action-form";
import { MoneyByCurrency, StaffMoney } from "./money-by-currency";
import { caseLinkFor, ReviewDecisionForms } from "./review-decision-forms";
import { StaffTime } from "./staff-time";
import { ruleLabel } from "@/server/rule-admin/rule-catalogue";
import { ConsoleTable } from "@/components/staff/console-table";

export type ReviewQueueRowDto = inferRouterOutputs<AppRouter>["reviews"]["list"]["rows"][number];
type Action = (state: ActionState | null, form: FormData) => Promise<ActionState>;

const TH = "px-3 py-2";
const COLUMNS = 8;

/**
 * The review queue's rows: when, who, where, how much, what the promotions saved, which rules hit;
 * the payment id opens the investigation. Pending rows carry the decision forms for roles that
 * may decide; decided rows show the verdict, its reason, who and when.
 */
export function ReviewQueueTable({
  rows,
  tab,
  decide,
}: {
  rows: ReviewQueueRowDto[];
  tab: "pending" | "decided";
  /** Present when the signed-in role may decide (the procedure checks again). */
  decide?: { returnTo: string; approveAction: Action; rejectAction: Action };
}) {
  const pending = tab === "pending";
  return (
    <ConsoleTable
      caption={
        <>{pending ? "Payments awaiting review, oldest first" : "Decided reviews, newest first"}</>
      }
      columns={[
        "Payment",
        "Decided by risk",
        "Customer",
        "Merchant / store",
        { label: "Amount", className: "text-right" },
        { label: "Promotion savings", className: "text-right" },
        "Rules hit",
        <>{pending ? "Verdict" : "Staff verdict"}</>,
      ]}

      empty={
        rows.length === 0 && <>{pending ? "No payments await review." : "No decided reviews."}</>
      }
    >
      {rows.map((row) => (
        // One group per payment: its facts, then (for a role that decides) its decision forms
        // across the whole width.
        <tbody
          key={row.decisionId}
          data-payment-id={row.paymentId}
          className="border-t border-slate-200 align-top"
        >
          <tr>
            <th scope="row" className={`${TH} font-normal`}>
              <Link
                href={`/staff/payments/${encodeURIComponent(row.paymentId)}`}
                className="break-all font-mono text-xs font-medium text-sky-800 underline"
              >
                {row.paymentId}
              </Link>
            </th>
            <td className={TH}>
              <StaffTime value={row.decidedAt} />
            </td>
            <td className={TH}>
              <span className="block">{row.customerName ?? "—"}</span>
              <span className="break-all font-mono text-xs text-slate-600">
                {row.customerId ?? "unknown"}
              </span>
            </td>
            <td className={TH}>
              <span className="block">{row.merchantName ?? row.merchantId ?? "—"}</span>
              <span className="block break-all text-xs text-slate-600">
                {row.merchantId}
                {row.storeId ? ` · ${row.storeName ?? row.storeId}` : ""}
              </span>
            </td>
            <td className={`${TH} text-right`}>
              {row.paymentAmount ? <StaffMoney {...row.paymentAmount} /> : "—"}
              {row.payToAmount && (
                <span className="block text-xs text-slate-600">
                  paid <StaffMoney {...row.payToAmount} />
                </span>
              )}
            </td>
            <td className={`${TH} text-right`}>
              <MoneyByCurrency amounts={row.savings} />
            </td>
            <td className={TH}>
              <ul className="space-y-1">
                {row.hits.map((hit) => (
                  <li key={`${hit.rule}-${hit.campaign ?? ""}`}>
                    <span className="whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                      {ruleLabel(hit.rule)}
                    </span>{" "}
                    <span className="text-xs text-slate-600">
                      {hit.action.toLowerCase()}
                      {hit.campaign ? ` · ${hit.campaign}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </td>
            <td className={TH}>
              {row.review ? (
                <DecidedVerdict row={row} review={row.review} />
              ) : decide ? (
                <span className="text-slate-600">Pending: decide below</span>
              ) : (
                <span className="text-slate-600">Awaiting an analyst</span>
              )}
            </td>
          </tr>
          {!row.review && decide && (
            <tr>
              <td colSpan={COLUMNS} className="px-3 pb-3">
                <details className="rounded border border-slate-200 bg-slate-50 px-3 py-2">
                  <summary className="cursor-pointer rounded text-sm font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-700">
                    Decide <span className="font-mono text-xs">{row.paymentId}</span>
                  </summary>
                  <div className="mt-3">
                    <ReviewDecisionForms
                      paymentId={row.paymentId}
                      paymentRequestId={row.paymentRequestId}
                      customerId={row.customerId}
                      deviceId={row.deviceId}
                      {...decide}
                    />
                  </div>
                </details>
              </td>
            </tr>
          )}
        </tbody>
      ))}
    </ConsoleTable>
  );
}

function DecidedVerdict({
  row,
  review,
}: {
  row: ReviewQueueRowDto;
  review: NonNullable<ReviewQueueRowDto["review"]>;
}) {
  const rejected = review.verdict === "REJECTED";
  return (
    <div className="space-y-1">
      <span
        className={`rounded px-1.5 py-0.5 text-xs font-semibold ${
          rejected ? "bg-red-100 text-red-900" : "bg-emerald-100 text-emerald-900"
        }`}
      >
        {rejected ? "Rejected (abuse)" : "Approved"}
      </span>
      <p className="whitespace-pre-wrap break-words">{review.reason}</p>
      <p className="text-xs text-slate-600">
        {review.reviewedBy}, <StaffTime value={review.reviewedAt} />
      </p>
      {rejected && (
        <Link href={caseLinkFor(row)} className="text-xs font-medium text-sky-800 underline">
          Open a case for clawback
        </Link>
      )}
    </div>
  );
}

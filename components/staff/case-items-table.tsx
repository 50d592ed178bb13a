import Link from "next/link";
import { StaffMoney } from "./money-by-currency";
import { StaffTime } from "./staff-time";
import { ConsoleTable } from "@/components/staff/console-table";

export interface CaseItemDto {
  itemId: string;
  paymentRequestId: string | null;
  customerId: string | null;
  deviceId: string | null;
  lookup: string;
  window: { from: string; to: string; limit: number; truncated: boolean } | null;
  payments: {
    paymentId: string;
    paymentRequestId: string;
    status: string;
    resultCode: string | null;
    customerId: string | null;
    deviceId: string | null;
    merchantName: string | null;
    payToAmount: { amountMinor: string; currency: string } | null;
    receivedAt: string;
    decisions: { outcome: string; ruleSetVersion: number; rulesHit: string[] }[];
  }[];
}

function Id({ value }: { value: string | null }) {
  return value ? (
    <span className="break-all font-mono text-xs">{value}</span>
  ) : (
    <span className="text-slate-500">—</span>
  );
}

/** A case's flagged items, each with the payments found for it (links to their investigation). */
export function CaseItemsTable({ items }: { items: CaseItemDto[] }) {
  return (
    <ConsoleTable
      caption="Flagged items and their payments"
      columns={["Payment request", "Customer", "Device", "Payments"]}
    >
      <tbody className="divide-y divide-slate-100 align-top">
        {items.map((item) => (
          <tr key={item.itemId}>
            <th scope="row" className="px-4 py-2 font-normal">
              <Id value={item.paymentRequestId} />
            </th>
            <td className="px-4 py-2">
              <Id value={item.customerId} />
            </td>
            <td className="px-4 py-2">
              <Id value={item.deviceId} />
            </td>
            <td className="px-4 py-2">
              <ItemPayments item={item} />
            </td>
          </tr>
        ))}
      </tbody>
    </ConsoleTable>
  );
}

function ItemPayments({ item }: { item: CaseItemDto }) {
  if (item.payments.length === 0) {
    return (
      <span className="text-slate-600">
        {item.lookup === "PAYMENT_REQUEST_ID"
          ? "No payment with this request id."
          : "No payments in the window."}
      </span>
    );
  }
  return (
    <ul className="space-y-2">
      {item.payments.map((payment) => {
        const decision = payment.decisions.at(-1);
        return (
          <li key={payment.paymentId}>
            <Link
              href={`/staff/payments/${encodeURIComponent(payment.paymentId)}`}
              className="break-all font-mono text-xs font-medium text-sky-800 underline hover:text-sky-950"
            >
              {payment.paymentId}
            </Link>{" "}
            <span className="text-xs text-slate-600">
              {payment.merchantName ?? "unknown merchant"} ·{" "}
              {payment.payToAmount ? <StaffMoney {...payment.payToAmount} /> : "—"} ·{" "}
              {payment.resultCode ?? payment.status} · <StaffTime value={payment.receivedAt} />
              {decision && (
                <>
                  {" "}
                  · risk {decision.outcome.toLowerCase()} (v{decision.ruleSetVersion}
                  {decision.rulesHit.length > 0 && `: ${decision.rulesHit.join(", ")}`})
                </>
              )}
            </span>
          </li>
        );
      })}
      {item.window?.truncated && (
        <li className="text-xs text-slate-600">
          More payments in the window than the {item.window.limit} shown here (see the export).
        </li>
      )}
    </ul>
  );
}

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "@/server/trpc/root";
import { Badge, DataTable, TD, TD_NUM } from "./investigation-parts";
import { PromotionReading } from "./investigation-promotions";
import { StaffMoneyOrDash } from "./money-by-currency";
import { StaffTime } from "./staff-time";

export type PaymentListRowDto = inferRouterOutputs<AppRouter>["payments"]["list"]["rows"][number];

/** A page of payments (./investigation-parts DataTable), each linked to its investigation. */
export function PaymentListTable({
  rows,
  caption,
  empty,
  showDevice = true,
}: {
  rows: readonly PaymentListRowDto[];
  caption: string;
  empty: string;
  /** Off on a device's own page, where every row has that device. */
  showDevice?: boolean;
}) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: "Payment" },
        { label: "Received" },
        { label: "Customer" },
        ...(showDevice ? [{ label: "Device" }] : []),
        { label: "Merchant" },
        { label: "Result" },
        { label: "Risk" },
        { label: "Promotions" },
        { label: "Amount", numeric: true },
      ]}
      empty={empty}
      rowCount={rows.length}
    >
      {rows.map((payment) => (
        <tr key={payment.paymentId}>
          <th scope="row" className={`${TD} font-normal`}>
            <Link
              href={`/staff/payments/${encodeURIComponent(payment.paymentId)}`}
              className="break-all font-mono text-xs text-sky-800 underline"
            >
              {payment.paymentId}
            </Link>
          </th>
          <td className={TD}>
            <StaffTime value={payment.receivedAt} />
          </td>
          <td className={`${TD} break-all font-mono text-xs`}>{payment.customerId ?? "—"}</td>
          {showDevice && (
            <td className={`${TD} break-all font-mono text-xs`}>
              {payment.deviceId ? (
                <Link
                  href={`/staff/devices/${encodeURIComponent(payment.deviceId)}`}
                  className="text-sky-800 underline"
                >
                  {payment.deviceId}
                </Link>
              ) : (
                "—"
              )}
            </td>
          )}
          <td className={TD}>{payment.merchantName ?? "—"}</td>
          <td className={TD}>
            {payment.status} {payment.resultCode}
          </td>
          <td className={TD}>{payment.outcome ? <Badge>{payment.outcome}</Badge> : "—"}</td>
          <td className={TD}>
            {payment.promotionReading ? (
              <PromotionReading reading={payment.promotionReading} problems={[]} />
            ) : (
              "none"
            )}
          </td>
          <td className={TD_NUM}>
            <StaffMoneyOrDash
              amountMinor={payment.paymentAmount?.amountMinor ?? null}
              currency={payment.paymentAmount?.currency ?? null}
            />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

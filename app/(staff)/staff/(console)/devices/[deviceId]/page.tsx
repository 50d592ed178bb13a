import type { Metadata } from "next";
import Link from "next/link";
import { DeviceHistory, deviceHref } from "@/components/staff/investigation-device";
import {
  Badge,
  DataTable,
  InvestigationSection,
  TD,
  TD_NUM,
} from "@/components/staff/investigation-parts";
import { StaffMoney } from "@/components/staff/money-by-currency";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { StaffTime } from "@/components/staff/staff-time";
import { staffRead } from "../../../staff-api";
import { routeParam } from "../../../route-param";

type Params = { deviceId: string };
type Search = { customerId?: string; after?: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Device ${routeParam((await params).deviceId)}` };
}

/** One device: the accounts seen on it, its integrity and location history, its payments. */
export default async function DevicePage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Search>;
}) {
  const deviceId = routeParam((await params).deviceId).slice(0, 200);
  const { customerId, after } = await searchParams;
  const found = await staffRead((api) =>
    api.payments.device({
      deviceId,
      customerId: customerId || undefined,
      after: after || undefined,
    }),
  );
  if (!found.allowed) return <NotAllowed message={found.message} />;
  const device = found.data;
  const query = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...(customerId ? { customerId } : {}), ...extra })}`;
  return (
    <>
      <PageHeader
        title={`Device ${deviceId}`}
        description="What the wallet app backend reported about this device, and the payments made from it."
      />
      <InvestigationSection
        id="payments"
        title={
          customerId ? `Payments of ${customerId} from this device` : "Payments from this device"
        }
        description={
          customerId ? (
            <Link href={deviceHref(deviceId)} className="text-sky-800 underline">
              Show every account&apos;s payments
            </Link>
          ) : undefined
        }
      >
        <DataTable
          caption="Payments made from this device, newest first"
          columns={[
            { label: "Payment" },
            { label: "Received" },
            { label: "Customer" },
            { label: "Merchant" },
            { label: "Result" },
            { label: "Risk" },
            { label: "Amount", numeric: true },
          ]}
          empty="No payments from this device."
          rowCount={device.payments.length}
        >
          {device.payments.map((payment) => (
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
              <td className={TD}>{payment.merchantName ?? "—"}</td>
              <td className={TD}>
                {payment.status} {payment.resultCode}
              </td>
              <td className={TD}>{payment.outcome ? <Badge>{payment.outcome}</Badge> : "—"}</td>
              <td className={TD_NUM}>
                {payment.paymentAmount ? <StaffMoney {...payment.paymentAmount} /> : "—"}
              </td>
            </tr>
          ))}
        </DataTable>
        <div className="mt-3 flex gap-4 text-sm font-medium">
          {after && (
            <Link href={`${deviceHref(deviceId, customerId)}`} className="text-sky-800 underline">
              Newest payments
            </Link>
          )}
          {device.nextAfter && (
            <Link
              href={`/staff/devices/${encodeURIComponent(deviceId)}${query({ after: device.nextAfter })}`}
              className="text-sky-800 underline"
            >
              Older payments
            </Link>
          )}
        </div>
      </InvestigationSection>
      <InvestigationSection id="history" title="Device history">
        <DeviceHistory device={device} />
      </InvestigationSection>
    </>
  );
}

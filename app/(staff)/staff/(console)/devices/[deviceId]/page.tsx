import type { Metadata } from "next";
import Link from "next/link";
import { DeviceHistory, deviceHref } from "@/components/staff/investigation-device";
import { InvestigationSection } from "@/components/staff/investigation-parts";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { PaymentListTable } from "@/components/staff/payment-list-table";
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
        <PaymentListTable
          rows={device.payments}
          caption="Payments made from this device, newest first"
          empty="No payments from this device."
          showDevice={false}
        />
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

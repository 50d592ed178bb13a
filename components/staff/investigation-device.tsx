import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { Badge, DataTable, TD, TD_NUM } from "./investigation-parts";
import { StaffTime } from "./staff-time";

export type DeviceActivityDto = NonNullable<
  inferRouterOutputs<AppRouter>["payments"]["investigate"]["device"]
>;

function yesNo(value: boolean | null, bad: boolean) {
  if (value === null) return <span className="text-slate-500">—</span>;
  return <Badge tone={value === bad ? "bad" : "good"}>{value ? "yes" : "no"}</Badge>;
}

/** Kilometres to the metre. */
export function formatKm(km: number): string {
  return `${km.toLocaleString("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 })} km`;
}

export function deviceHref(deviceId: string, customerId?: string): string {
  const query = customerId ? `?${new URLSearchParams({ customerId })}` : "";
  return `/staff/devices/${encodeURIComponent(deviceId)}${query}`;
}

/**
 * A device's history from its events: the accounts seen on it, its integrity checks and its
 * location fixes (a table with the distance to the payment's store: no map tiles, there is no
 * internet).
 */
export function DeviceHistory({
  device,
  payerId,
  storeLabel,
  headingLevel = 3,
}: {
  device: DeviceActivityDto;
  /** The payment's customer, marked among the accounts. */
  payerId?: string | null;
  /** Where distances are measured to; none: no distance column. */
  storeLabel?: string | null;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const heading = "mb-2 mt-4 text-base font-semibold";
  return (
    <div>
      <H className={heading}>
        Accounts seen on the device since {device.accountsSince.slice(0, 10)}
      </H>
      <DataTable
        caption={`Accounts that logged in on device ${device.deviceId} in the last 30 days`}
        columns={[
          { label: "Customer" },
          { label: "First seen" },
          { label: "Last seen" },
          { label: "Logins", numeric: true },
          { label: "Payments" },
        ]}
        empty="No logins on this device in the last 30 days."
        rowCount={device.accounts.length}
      >
        {device.accounts.map((account) => (
          <tr key={account.customerId}>
            <th scope="row" className={`${TD} font-normal`}>
              <span className="block">
                {account.displayName ?? "Unknown to the wallet"}{" "}
                {account.customerId === payerId && <Badge tone="warn">payer</Badge>}
              </span>
              <span className="break-all font-mono text-xs text-slate-600">
                {account.customerId}
              </span>
            </th>
            <td className={TD}>
              <StaffTime value={account.firstSeen} />
            </td>
            <td className={TD}>
              <StaffTime value={account.lastSeen} />
            </td>
            <td className={TD_NUM}>{account.logins}</td>
            <td className={TD}>
              <Link
                href={deviceHref(device.deviceId, account.customerId)}
                className="text-sky-800 underline"
              >
                Payments of {account.customerId} from this device
              </Link>
            </td>
          </tr>
        ))}
      </DataTable>

      <H className={heading}>Integrity checks</H>
      <DataTable
        caption={`Integrity history of device ${device.deviceId}, newest first`}
        columns={[
          { label: "At (device time)" },
          { label: "App signature valid" },
          { label: "Emulator" },
          { label: "Rooted / jailbroken" },
          { label: "Hooking framework" },
          { label: "Verdict" },
        ]}
        empty="No integrity results for this device."
        rowCount={device.integrity.length}
      >
        {device.integrity.map((check, i) => (
          <tr key={`${check.at}-${i}`}>
            <th scope="row" className={`${TD} font-normal`}>
              <StaffTime value={check.at} />
            </th>
            <td className={TD}>{yesNo(check.appSignatureValid, false)}</td>
            <td className={TD}>{yesNo(check.emulator, true)}</td>
            <td className={TD}>{yesNo(check.rooted, true)}</td>
            <td className={TD}>{yesNo(check.hooked, true)}</td>
            <td className={TD}>
              {check.tampered ? (
                <Badge tone="bad">tampered</Badge>
              ) : (
                <Badge tone="good">clean</Badge>
              )}
            </td>
          </tr>
        ))}
      </DataTable>

      <H className={heading}>Locations</H>
      <DataTable
        caption={`Location fixes of device ${device.deviceId}, newest first${
          storeLabel ? `, with the distance to ${storeLabel}` : ""
        }`}
        columns={[
          { label: "At (device time)" },
          { label: "Latitude", numeric: true },
          { label: "Longitude", numeric: true },
          { label: "Accuracy", numeric: true },
          { label: "Customer" },
          ...(storeLabel ? [{ label: `Distance to ${storeLabel}`, numeric: true }] : []),
        ]}
        empty="No location fixes for this device."
        rowCount={device.locations.length}
      >
        {device.locations.map((fix, i) => (
          <tr key={`${fix.at}-${i}`}>
            <th scope="row" className={`${TD} font-normal`}>
              <StaffTime value={fix.at} />
            </th>
            <td className={TD_NUM}>{fix.lat.toFixed(5)}</td>
            <td className={TD_NUM}>{fix.lng.toFixed(5)}</td>
            <td className={TD_NUM}>{fix.accuracyM === null ? "—" : `${fix.accuracyM} m`}</td>
            <td className={`${TD} break-all font-mono text-xs`}>{fix.customerId ?? "—"}</td>
            {storeLabel && (
              <td className={TD_NUM}>{fix.distanceKm === null ? "—" : formatKm(fix.distanceKm)}</td>
            )}
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

/**
 * Entry codes: static merchant QR codes that open the merchant's own ordering page
 * (docs.alipayplus.com/alipayplus/alipayplus/api_mpp/pay_private_order_code, `actionForm`). Alipay+
 * later sends the payment as a `pay` with `paymentFactor.inStorePaymentScenario` EntryCode naming
 * the customer only (`paymentMethod.customerId`, no payment code). The scan is the one moment the
 * wallet knows the device, so it is kept: the customer's latest scan within
 * ENTRY_CODE_DEVICE_WINDOW_MS before such a pay gives the pay its device (README "MPM / Cashier").
 */
import { and, desc, eq, gte, lte } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { entryCodeScans } from "@/db/schema";
import { keyedHash } from "../alipayplus/secret-hash";
import type { PayRequest } from "../alipayplus/wire";

/** Ordering on a merchant's page takes minutes; a scan older than this names no payment's device. */
export const ENTRY_CODE_DEVICE_WINDOW_MS = 30 * 60_000;

export interface EntryCodeScan {
  codeValue: string;
  customerId: string;
  deviceId: string;
}

export async function recordEntryCodeScan(
  db: Db,
  scan: EntryCodeScan,
  merchantPageUrl: string,
  hashSecret: string,
): Promise<void> {
  await db.insert(entryCodeScans).values({
    customerId: scan.customerId,
    deviceId: scan.deviceId,
    codeValueHash: keyedHash(hashSecret, scan.codeValue),
    merchantPageUrl,
  });
}

/**
 * The device of the customer's latest entry-code scan in the window before `at`, for a pay whose
 * scenario is EntryCode; undefined for any other pay or when there is no such scan.
 */
export async function entryCodeDevice(
  tx: Tx,
  request: PayRequest,
  customerId: string,
  at: Date,
): Promise<string | undefined> {
  if (request.paymentFactor?.inStorePaymentScenario !== "EntryCode") return undefined;
  const [scan] = await tx
    .select({ deviceId: entryCodeScans.deviceId })
    .from(entryCodeScans)
    .where(
      and(
        eq(entryCodeScans.customerId, customerId),
        gte(entryCodeScans.scannedAt, new Date(at.getTime() - ENTRY_CODE_DEVICE_WINDOW_MS)),
        lte(entryCodeScans.scannedAt, at),
      ),
    )
    .orderBy(desc(entryCodeScans.scannedAt), desc(entryCodeScans.id))
    .limit(1);
  return scan?.deviceId;
}

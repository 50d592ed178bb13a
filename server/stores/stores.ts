/**
 * The wallet's store registry (README "Store registry"): Alipay+ sends a store's address but no
 * coordinates (docs/protocol.md#payment-context), so the location rule reads positions from here.
 * Seeded for the demo merchants by `npm run dev`; `npm run stores:import -- file.csv` adds and
 * updates.
 */
import { iso1A2Code } from "@rapideditor/country-coder";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { stores } from "@/db/schema";
import { isIsoRegion } from "./iso-3166";

export interface StoreInput {
  referenceStoreId: string;
  referenceMerchantId: string | null;
  storeName: string | null;
  /** ISO 3166 alpha-2. */
  region: string;
  city: string | null;
  /** WGS 84 degrees. */
  lat: number;
  lng: number;
}

/** No control characters (a CSV cell or a log line cannot be broken by one). */
const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/\p{Cc}/u.test(value), "must not contain control characters");

/** An absent optional value is null; "" (an empty CSV cell) is absent. */
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .transform((value) => (value === "" ? null : value));

const degrees = (min: number, max: number) =>
  z
    .number("must be a number")
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

export const ZStoreInput = z.object({
  // Alipay+ ids are at most 64 characters (docs/protocol.md#required-fields).
  referenceStoreId: text(64).min(1, "is required"),
  referenceMerchantId: optionalText(64),
  storeName: optionalText(256),
  region: z
    .string()
    .refine(isIsoRegion, "must be an ISO 3166-1 alpha-2 country code in capitals (JP, SG…)"),
  city: optionalText(128),
  lat: degrees(-90, 90),
  lng: degrees(-180, 180),
}) satisfies z.ZodType<StoreInput, unknown>;

/**
 * Why a store's position contradicts its region (a typo, swapped lat/lng), or null. Offline, from
 * country-coder's borders; a region may name a territory (HK, PR) or its country (CN, US), so
 * either level matches. A position in no country (at sea, disputed) contradicts nothing.
 */
export function positionProblem(store: Pick<StoreInput, "region" | "lat" | "lng">): string | null {
  const point: [number, number] = [store.lng, store.lat];
  const country = iso1A2Code(point);
  if (country === null) return null;
  const territory = iso1A2Code(point, { level: "territory" });
  if (store.region === country || store.region === territory) return null;
  return `lies in ${territory ?? country}, not in the region ${store.region}`;
}

export interface UpsertStoresResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Rows per INSERT: 7 parameters each, far below Postgres's 65,535. */
const CHUNK = 1000;

/**
 * Adds or updates stores by `referenceStoreId`, in one transaction. A row equal to the stored
 * one is left alone (its `updatedAt` keeps telling when the position last changed). Ids must be
 * unique within `rows` (Postgres cannot update one row twice in a statement).
 */
export async function upsertStores(
  db: Db,
  rows: readonly StoreInput[],
): Promise<UpsertStoresResult> {
  const ids = new Set(rows.map((row) => row.referenceStoreId));
  if (ids.size !== rows.length) throw new Error("upsertStores: referenceStoreId repeats");
  return db.transaction(async (tx) => {
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const written = await tx
        .insert(stores)
        .values(rows.slice(i, i + CHUNK).map((row) => ({ ...row })))
        .onConflictDoUpdate({
          target: stores.referenceStoreId,
          set: {
            referenceMerchantId: sql`excluded.reference_merchant_id`,
            storeName: sql`excluded.store_name`,
            region: sql`excluded.region`,
            city: sql`excluded.city`,
            lat: sql`excluded.lat`,
            lng: sql`excluded.lng`,
            updatedAt: sql`now()`,
          },
          setWhere: sql`(${stores.referenceMerchantId}, ${stores.storeName}, ${stores.region}, ${stores.city}, ${stores.lat}, ${stores.lng})
            is distinct from (excluded.reference_merchant_id, excluded.store_name, excluded.region, excluded.city, excluded.lat, excluded.lng)`,
        })
        // xmax is 0 on a freshly inserted row version, the updating transaction's id otherwise.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      for (const row of written) {
        if (row.inserted) inserted++;
        else updated++;
      }
    }
    return { inserted, updated, unchanged: rows.length - inserted - updated };
  });
}

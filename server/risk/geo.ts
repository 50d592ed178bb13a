/**
 * Distances and countries for the location rule, offline (no map service: there is no internet).
 * Great-circle distance on a sphere of the Earth's mean radius is well within the rule's tolerance
 * (tens of kilometres); the country comes from country-coder's bundled borders.
 */
import { iso1A2Code } from "@rapideditor/country-coder";

const EARTH_RADIUS_KM = 6371.0088;

export interface Position {
  lat: number;
  lng: number;
}

/** Haversine distance in kilometres. */
export function distanceKm(a: Position, b: Position): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The ISO 3166 alpha-2 codes that may name the place at a position: the territory (HK, MO, PR…)
 * and the country it belongs to (CN, US…), since a store's `region` may be either. Empty at sea or
 * where borders are disputed.
 */
export function regionsAt(position: Position): string[] {
  const point: [number, number] = [position.lng, position.lat];
  const codes = [iso1A2Code(point, { level: "territory" }), iso1A2Code(point)];
  return [...new Set(codes.filter((code): code is string => code !== null))];
}

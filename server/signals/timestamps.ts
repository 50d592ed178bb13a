/**
 * Times the wallet app backend sends (device events' `at`, a customer's `accountCreatedAt`): ISO
 * 8601 with seconds and an explicit offset (`Z` or `±hh:mm`), so that a time never depends on the
 * server's zone; at most FUTURE_TOLERANCE_MS ahead of the server clock, for the phone's clock skew.
 */
import { z } from "zod";

/** How far ahead of the server clock a reported time may be (5 minutes). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

const ISO_WITH_OFFSET = z.iso.datetime({ offset: true });

/** A time with offset → Date; the message says what is wrong, the caller names the field. */
export function zOffsetDateTime(now: () => number = Date.now) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .refine((value) => ISO_WITH_OFFSET.safeParse(value).success, {
      message: "must be an ISO 8601 date-time with seconds and an offset (Z or ±hh:mm)",
      abort: true,
    })
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() - now() <= FUTURE_TOLERANCE_MS, {
      message: "is more than 5 minutes in the future",
    })
    .meta({ format: "date-time" }); // what the wallet API's OpenAPI document shows
}

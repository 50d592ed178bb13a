/**
 * shared/alipayplus/examples as the simulator and the tests send them. The example pay was made on
 * 2026-11-26 with a `paymentExpiryTime` one minute later: sent unchanged after that it is refused
 * as expired (README "Expiry"). So that one value is moved to the same moment of 2099 — always the
 * same bytes, so a second send is still a replay of the first, and everything else as written.
 */
import path from "node:path";

export const EXAMPLES_DIR = path.resolve(
  import.meta.dirname,
  "../../../shared/alipayplus/examples",
);

export function withFutureExpiry(payText: string): string {
  return payText.replace(/("paymentExpiryTime"\s*:\s*")\d{4}/, "$12099");
}

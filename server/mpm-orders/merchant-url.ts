/**
 * The one check for an address Alipay+ hands over for the customer's web view to open: the
 * merchant's page after paying (`paymentRedirectUrl`) and an entry code's merchant page
 * (`actionForm.redirectionUrl`), both from userInitiatedPay
 * (docs.alipayplus.com/alipayplus/alipayplus/api_mpp/pay_private_order_code). Plusdesk never
 * fetches these addresses itself; it only puts them in front of the customer, so what matters is
 * that they cannot run script (`javascript:`), read local data (`file:`, `data:`), carry
 * credentials, or travel unencrypted.
 *
 * README "Configuration": http is accepted only when ALIPAYPLUS_BASE_URL itself is http, which is
 * the case in dev and test, where the simulated Alipay+ serves its merchant pages over http.
 */
import { parseLinkableUrl } from "../auth/safe-next";

/** Where the customer's web view may be sent (built once from the environment: server/runtime.ts). */
export interface CustomerLinks {
  /** WALLET_HOME_URL: Confirm's target when there is no merchant page to return to. */
  walletHome: string;
  /** Merchant pages over http too: only while ALIPAYPLUS_BASE_URL itself is http (dev, test). */
  allowHttpMerchantPages: boolean;
}

/** The address, normalised, when it is safe to open; null otherwise. */
export function readMerchantUrl(value: unknown, links: CustomerLinks): string | null {
  const url = parseLinkableUrl(value);
  if (!url || url.hostname === "") return null;
  const secure =
    url.protocol === "https:" || (links.allowHttpMerchantPages && url.protocol === "http:");
  return secure ? url.href : null;
}

/**
 * Where Confirm on a payment result takes the customer. A payment made on the cashier page (MPM /
 * Cashier) goes back to the merchant: the order's `paymentRedirectUrl` from userInitiatedPay
 * (docs.alipayplus.com/alipayplus/alipayplus/api_mpp/pay_private_order_code), when it is a safe
 * address, after a countdown the customer can stop. Everything else goes to the wallet
 * (`WALLET_HOME_URL`, README "Configuration").
 *
 * Only a payment that went through goes to the merchant. A merchant's return page is where its
 * checkout continues as paid; sending there the customer of a refused payment (or of one since
 * cancelled or refunded) would tell the merchant's page nothing true and the customer something
 * false. Alipay+ hears the refusal through notifyPayment and tells the merchant; the customer goes
 * to their wallet, where the result page has already said why nothing was taken.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { mpmOrders } from "@/db/schema";
import { readMerchantUrl, type CustomerLinks } from "../mpm-orders/merchant-url";
import type { TransactionStatus } from "./transaction-status";

/** How long the result page shows before it opens the merchant's page by itself. */
export const MERCHANT_RETURN_SECONDS = 6;

export type ConfirmTarget =
  /** The merchant's page, opened after a countdown the customer can stop. */
  { kind: "merchant"; url: string } | { kind: "wallet"; url: string };

export async function findConfirmTarget(
  db: Db,
  customerId: string,
  payment: { paymentId: string; status: TransactionStatus },
  links: CustomerLinks,
): Promise<ConfirmTarget> {
  const wallet: ConfirmTarget = { kind: "wallet", url: links.walletHome };
  if (payment.status !== "paid") return wallet;
  const [order] = await db
    .select({ paymentRedirectUrl: mpmOrders.paymentRedirectUrl })
    .from(mpmOrders)
    .where(
      and(
        eq(mpmOrders.paymentId, payment.paymentId),
        eq(mpmOrders.customerId, customerId),
        eq(mpmOrders.status, "PAID"),
      ),
    );
  const url = readMerchantUrl(order?.paymentRedirectUrl, links);
  return url ? { kind: "merchant", url } : wallet;
}

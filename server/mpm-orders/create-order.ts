/**
 * MPM / Cashier, first half (docs/protocol.md#userinitiatedpay): the customer scanned a
 * merchant's code; Plusdesk asks Alipay+ what it is, with the customer's id (#risk: one person, one
 * stable id), and keeps the order it answers with — amounts, quote and every promotion — until the
 * customer pays or leaves it at the cashier page. An entry code is answered with the merchant's own
 * page instead (./entry-codes.ts): the scan is recorded and the page handed to the wallet app.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { mpmOrders } from "@/db/schema";
import { newId } from "../alipayplus/answers";
import { outcomeOf, type AlipayPlusClient } from "../alipayplus/client";
import { keyedHash } from "../alipayplus/secret-hash";
import { requireActiveCustomer, WalletApiError } from "../customers/customers";
import { recordEntryCodeScan } from "./entry-codes";
import type { CustomerLinks } from "./merchant-url";
import { readScanAnswer } from "./order-answer";

export interface ScannedCode {
  /** The QR text as scanned (≤ 512): forwarded to Alipay+, stored only as a hash. */
  codeValue: string;
  customerId: string;
  /** The wallet app's device id: the order's device for risk (docs/protocol.md#devices). */
  deviceId: string;
}

export type CreateOrderOutcome =
  | { kind: "created" | "existing"; orderId: string }
  /** An entry code: the merchant's ordering page (a validated URL) for the web view to open. */
  | { kind: "merchant-page"; url: string }
  /** Alipay+ answered `F`: its resultCode. */
  | { kind: "refused"; resultCode: string }
  /** No answer, `U`, or not sent (host not allowed). */
  | { kind: "unavailable"; reason: string }
  /** A static store QR without an amount: the customer would enter one; not supported yet. */
  | { kind: "store-code" }
  /** `S` with an answer Plusdesk cannot use (a required field missing or malformed). */
  | { kind: "invalid-answer"; problem: string };

export async function createMpmOrder(
  db: Db,
  client: AlipayPlusClient,
  scan: ScannedCode,
  links: CustomerLinks,
  hashSecret: string,
): Promise<CreateOrderOutcome> {
  await requireActiveCustomer(db, scan.customerId);
  const answer = await client.call("userInitiatedPay", {
    codeValue: scan.codeValue,
    customerId: scan.customerId,
  });
  const outcome = outcomeOf(answer);
  if (outcome.kind !== "succeeded") return outcome;

  const order = readScanAnswer(outcome.json, scan.customerId, links);
  if (order.kind === "merchant-page") {
    await recordEntryCodeScan(db, scan, order.url, hashSecret);
    return order;
  }
  if (order.kind === "store-code") return order;
  if (order.kind === "invalid") return invalid(order.problem);
  const { request } = order;

  const orderId = newId("O");
  // userInitiatedPay is idempotent per code (docs/protocol.md#userinitiatedpay): a second scan of
  // the same code answers the same paymentRequestId, which names one order.
  const [created] = await db
    .insert(mpmOrders)
    .values({
      orderId,
      paymentRequestId: request.paymentRequestId,
      customerId: scan.customerId,
      deviceId: scan.deviceId,
      codeValueHash: keyedHash(hashSecret, scan.codeValue),
      payToAmountMinor: request.payToAmount.amountMinor,
      payToCurrency: request.payToAmount.currency,
      expiresAt: order.expiresAt,
      paymentNotifyUrl: request.paymentNotifyUrl,
      paymentRedirectUrl: order.redirectUrl,
      answer: outcome.json,
    })
    .onConflictDoNothing({ target: mpmOrders.paymentRequestId })
    .returning({ orderId: mpmOrders.orderId });
  if (created) return { kind: "created", orderId: created.orderId };

  const [existing] = await db
    .select({ orderId: mpmOrders.orderId, customerId: mpmOrders.customerId })
    .from(mpmOrders)
    .where(eq(mpmOrders.paymentRequestId, request.paymentRequestId));
  if (!existing || existing.customerId !== scan.customerId) {
    throw new WalletApiError("conflict", "codeValue", "this order belongs to another customer");
  }
  return { kind: "existing", orderId: existing.orderId };
}

function invalid(problem: string): CreateOrderOutcome {
  return { kind: "invalid-answer", problem };
}

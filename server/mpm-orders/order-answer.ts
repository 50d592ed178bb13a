/**
 * Reading Alipay+'s userInitiatedPay answer (API.md §3). An ORDER_CODE answer carries the same
 * fields as a `pay` request (order, amounts, quote, factor, promotions), so it is read with the
 * pay request's schema: the cashier then records the payment exactly as a UPM pay is recorded,
 * with the amounts taken as given. Parsed tolerantly: unknown fields are kept.
 */
import { z } from "zod";
import type { JsonValue } from "../alipayplus/strict-json";
import { describeIssue, ZPayRequest, type PayRequest } from "../alipayplus/wire";

const ZCodeType = z.looseObject({
  codeType: z.enum(["ORDER_CODE", "STORE_CODE"]).nullish(),
});

export type OrderAnswer =
  | { kind: "order"; request: PayRequest; expiresAt: Date | null; redirectUrl: string | null }
  | { kind: "store-code" }
  | { kind: "invalid"; problem: string };

/**
 * The answer as the pay request the customer's confirmation makes: `paymentMethod` names the
 * customer who scanned the code (API.md §7 "Who pays": the wallet knows who is paying).
 */
export function readOrderAnswer(answer: JsonValue, customerId: string): OrderAnswer {
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) {
    return { kind: "invalid", problem: "not a JSON object" };
  }
  const codeType = ZCodeType.safeParse(answer);
  if (codeType.success && codeType.data.codeType === "STORE_CODE") return { kind: "store-code" };
  const withPayer = {
    ...answer,
    paymentMethod: { paymentMethodType: "CONNECT_WALLET", customerId },
  };
  const parsed = ZPayRequest.safeParse(withPayer);
  if (!parsed.success) return { kind: "invalid", problem: describeIssue(parsed.error, withPayer) };
  return {
    kind: "order",
    request: parsed.data,
    // Read as a pay reads it (strict): an order without one never expires.
    expiresAt: parsed.data.paymentExpiryTime ?? null,
    redirectUrl: typeof answer.paymentRedirectUrl === "string" ? answer.paymentRedirectUrl : null,
  };
}

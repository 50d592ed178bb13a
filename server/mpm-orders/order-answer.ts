/**
 * Reading Alipay+'s userInitiatedPay answer (docs/protocol.md#userinitiatedpay). An ORDER_CODE
 * answer carries the same fields as a `pay` request (order, amounts, quote, factor, promotions), so
 * it is read with the pay request's schema: the cashier then records the payment exactly as a UPM
 * pay is recorded, with the amounts taken as given. Parsed tolerantly: unknown fields are kept.
 *
 * An entry code (a static merchant QR that opens the merchant's own ordering page) is answered
 * with `actionForm` `{actionFormType: "REDIRECTION", redirectionUrl}` instead of an order
 * (docs.alipayplus.com/alipayplus/alipayplus/api_mpp/pay_private_order_code): the wallet opens
 * that page, and the payment arrives later as a `pay` with `inStorePaymentScenario` EntryCode.
 */
import { z } from "zod";
import type { JsonValue } from "../alipayplus/strict-json";
import { describeIssue, ZPayRequest, type PayRequest } from "../alipayplus/wire";
import { readMerchantUrl, type CustomerLinks } from "./merchant-url";

const ZCodeType = z.looseObject({
  codeType: z.enum(["ORDER_CODE", "STORE_CODE"]).nullish(),
});

const ZActionForm = z.object({
  actionForm: z.looseObject({ actionFormType: z.string(), redirectionUrl: z.unknown() }),
});

export type OrderAnswer =
  | { kind: "order"; request: PayRequest; expiresAt: Date | null; redirectUrl: string | null }
  | { kind: "store-code" }
  | { kind: "invalid"; problem: string };

export type ScanAnswer = OrderAnswer | { kind: "merchant-page"; url: string };

/**
 * A fresh userInitiatedPay answer: a merchant page to open (an `actionForm` redirection wins over
 * anything else in the answer), else what readOrderAnswer makes of it.
 */
export function readScanAnswer(
  answer: JsonValue,
  customerId: string,
  links: CustomerLinks,
): ScanAnswer {
  const actionForm = isObject(answer) ? answer.actionForm : null;
  if (actionForm === null || actionForm === undefined) return readOrderAnswer(answer, customerId);
  const parsed = ZActionForm.safeParse({ actionForm });
  if (!parsed.success) return { kind: "invalid", problem: describeIssue(parsed.error) };
  const form = parsed.data.actionForm;
  if (form.actionFormType !== "REDIRECTION") {
    return { kind: "invalid", problem: "actionForm.actionFormType: only REDIRECTION is supported" };
  }
  const url = readMerchantUrl(form.redirectionUrl, links);
  return url
    ? { kind: "merchant-page", url }
    : { kind: "invalid", problem: "actionForm.redirectionUrl: not a safe absolute https URL" };
}

/**
 * The answer as the pay request the customer's confirmation makes: `paymentMethod` names the
 * customer who scanned the code (docs/protocol.md#who-pays: the wallet knows who is paying).
 */
export function readOrderAnswer(answer: JsonValue, customerId: string): OrderAnswer {
  if (!isObject(answer)) return { kind: "invalid", problem: "not a JSON object" };
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

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

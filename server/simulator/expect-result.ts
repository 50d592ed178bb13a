/** The simulator's check of every answer it gets: signed, and the result code it expected. */
import { paymentReference } from "./requests";
import type { SimulatorContext } from "./scenarios";
import type { SignedAnswer } from "./signed-client";

export function expectResult(
  ctx: SimulatorContext,
  label: string,
  answer: SignedAnswer,
  code: string,
): SignedAnswer {
  const ids = [answer.json?.paymentId, answer.json?.refundId].filter(Boolean).join(" ");
  ctx.log(
    `${label} → ${answer.status} ${answer.resultStatus ?? "?"} ${answer.resultCode ?? "?"} ${ids}`.trim(),
  );
  if (!answer.responseSignatureValid)
    throw new Error(`${label}: the answer's signature does not verify`);
  if (answer.resultCode !== code) {
    // A repeated run of the demo reuses its customers' promotions: the wallet is right to refuse.
    const hint =
      answer.resultCode === "RISK_REJECT"
        ? " (the wallet's risk control rejected it: repeated runs reuse the demo customers' promotions)"
        : "";
    throw new Error(`${label}: expected ${code}, got ${answer.text}${hint}`);
  }
  return answer;
}

const INQUIRY = "/aps/api/v1/payments/inquiryPayment";

/** inquiryPayment must answer S and report `paymentResult` with this code. */
export async function expectInquiredAs(
  ctx: SimulatorContext,
  paymentRequestId: string,
  code: string,
): Promise<void> {
  const inquiry = expectResult(
    ctx,
    "inquiryPayment",
    await ctx.alipay.call(INQUIRY, paymentReference(paymentRequestId)),
    "SUCCESS",
  );
  const paymentResult = (inquiry.json?.paymentResult as { resultCode?: string } | undefined)
    ?.resultCode;
  if (paymentResult !== code) {
    throw new Error(`${paymentRequestId} inquired as ${paymentResult}, expected ${code}`);
  }
}

/** The simulator's check of every answer it gets: signed, and the result code it expected. */
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

/**
 * Alipay+ raising a risk case (docs/protocol.md#risk-cases): a device farm happens (three fresh
 * accounts on one phone, two paid, the third rejected), then Alipay+'s own checks flag it and it
 * sends `POST /api/alipayplus/v1/risk-cases` naming the paid payments, the accounts and the
 * device, with a deadline a week out. The repeat of the same case must be answered the same way
 * (idempotent on caseId), so the scenario sends it twice.
 */
import { randomBytes } from "node:crypto";
import { deviceFarm } from "./attacks";
import { expectResult } from "./expect-result";
import type { SimulatorContext } from "./scenarios";

const RISK_CASES = "/api/alipayplus/v1/risk-cases";
const WEEK_MS = 7 * 24 * 3_600_000;

export async function raiseRiskCase(ctx: SimulatorContext): Promise<string> {
  const farm = await deviceFarm(ctx);
  const raisedAt = new Date();
  const caseId = `APRC-${raisedAt.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(4).toString("hex").toUpperCase()}`;
  const body = {
    caseId,
    raisedAt: raisedAt.toISOString(),
    deadline: new Date(raisedAt.getTime() + WEEK_MS).toISOString(),
    reason: "Promotion farming: several new accounts redeemed the same campaign on one device",
    items: [
      ...farm.paymentRequestIds.slice(0, 2).map((paymentRequestId) => ({ paymentRequestId })),
      ...farm.customerIds.map((customerId) => ({ customerId })),
      { deviceId: farm.device },
    ],
  };
  for (const attempt of ["raised", "raised again (idempotent)"]) {
    expectResult(
      ctx,
      `risk case ${caseId} ${attempt}`,
      await ctx.alipay.call(RISK_CASES, body),
      "SUCCESS",
    );
  }
  ctx.log(`alipay-risk-case: case ${caseId} names ${body.items.length} items`);
  return caseId;
}

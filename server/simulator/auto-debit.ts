/**
 * `npm run simulate -- autodebit` (README "Auto Debit"; docs/protocol.md#applytoken, #pay, #risk):
 * the whole Auto Debit flow as the wallet app backend and Alipay+ drive it. The wallet API creates
 * and funds the demo customer and hands out an auth code; Alipay+ exchanges it with applyToken,
 * evaluates and makes a promoted Auto Debit pay with the access token, then refreshes the set.
 * Every answer's signature and result code is checked, and the customerId applyToken returned must
 * be the one pay returns (docs/protocol.md#risk: one person, one stable id). Tokens are never
 * printed.
 */
import type { Money } from "../money/amount";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS, type DemoCustomer } from "./demo-data";
import { ACQUIRER_ID, planPay, PSP_ID, simulatorId, type PlannedPay } from "./requests";
import type { SimulatorContext } from "./scenarios";
import type { SignedAnswer } from "./signed-client";

const APPLY_TOKEN = "/aps/api/v1/authorizations/applyToken";
const PAY = "/aps/api/v1/payments/pay";

/** Its own demo customer, so that Auto Debit runs leave the other scenarios' balances alone. */
export const AUTODEBIT_CUSTOMER: DemoCustomer = {
  customerId: "C-000045",
  displayName: "Lee Seo-yeon",
  currency: "KRW",
  fundingMinor: 500_000n,
};

export interface AutoDebitSummary {
  customerId: string;
  /** `customerId` of the applyToken answer (authorization code grant). */
  applyTokenCustomerId: string;
  /** `customerId` of the refresh's applyToken answer. */
  refreshCustomerId: string;
  /** `customerId` of the Auto Debit pay answer. */
  payCustomerId: string;
  paymentRequestId: string;
  paymentId: string;
  payToAmount: Money;
  /** Promotions in the pay's paymentPromoInfo and what they saved, in the wallet currency. */
  promotions: number;
  savings: Money;
}

interface TokenSet {
  accessToken: string;
  refreshToken: string;
  customerId: string;
}

export async function autoDebit(
  ctx: SimulatorContext,
  customer: DemoCustomer = AUTODEBIT_CUSTOMER,
): Promise<AutoDebitSummary> {
  const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
  const promotions = DEMO_PROMOTIONS.JPY ?? [];
  const orderMinor = merchant.orderMinor[Math.floor(ctx.random() * merchant.orderMinor.length)]!;
  const plan = planPay({
    customerId: customer.customerId,
    walletCurrency: customer.currency,
    merchant,
    orderMinor,
    promotions,
    paymentRequestId: simulatorId("ADP"),
  });

  await ctx.wallet.ensureCustomer(customer, `DEMO-FUNDING-${customer.customerId}`);
  // Each run tops up what it is about to pay: repeated runs keep the balance setup gave.
  await ctx.wallet.topUp(customer.customerId, simulatorId("ADT"), plan.payToAmount);
  const authCode = await ctx.wallet.issueAuthCode(customer.customerId);
  ctx.log(`auth code for ${customer.customerId} → ****${authCode.slice(-4)}`);

  const granted = tokensOf(
    expectAnswer(
      ctx,
      "applyToken (AUTHORIZATION_CODE)",
      await ctx.alipay.call(APPLY_TOKEN, grant({ authCode })),
      "SUCCESS",
    ),
  );
  if (granted.customerId !== customer.customerId) {
    throw new Error(`applyToken named ${granted.customerId}, not ${customer.customerId}`);
  }

  // Alipay+ evaluates before it pays: same amounts, its own request id, no money moved.
  expectAnswer(
    ctx,
    "pay (payment evaluation)",
    await ctx.alipay.call(PAY, autoDebitPay(plan, granted, simulatorId("ADE"), true)),
    "SUCCESS",
  );
  const paid = expectAnswer(
    ctx,
    "pay (Auto Debit)",
    await ctx.alipay.call(PAY, autoDebitPay(plan, granted, plan.paymentRequestId, false)),
    "SUCCESS",
  );
  const payCustomerId = String(paid.json?.customerId);
  if (payCustomerId !== granted.customerId) {
    throw new Error(`pay named ${payCustomerId}, applyToken ${granted.customerId}`);
  }

  const refreshed = tokensOf(
    expectAnswer(
      ctx,
      "applyToken (REFRESH_TOKEN)",
      await ctx.alipay.call(APPLY_TOKEN, grant({ refreshToken: granted.refreshToken })),
      "SUCCESS",
    ),
  );
  if (
    refreshed.customerId !== granted.customerId ||
    refreshed.accessToken === granted.accessToken
  ) {
    throw new Error("the refresh did not rotate the customer's token set");
  }
  // The rotated set replaced the first one.
  expectAnswer(
    ctx,
    "pay evaluation (old access token)",
    await ctx.alipay.call(PAY, autoDebitPay(plan, granted, simulatorId("ADE"), true)),
    "INVALID_TOKEN",
  );
  expectAnswer(
    ctx,
    "pay evaluation (refreshed access token)",
    await ctx.alipay.call(PAY, autoDebitPay(plan, refreshed, simulatorId("ADE"), true)),
    "SUCCESS",
  );

  const summary: AutoDebitSummary = {
    customerId: customer.customerId,
    applyTokenCustomerId: granted.customerId,
    refreshCustomerId: refreshed.customerId,
    payCustomerId,
    paymentRequestId: plan.paymentRequestId,
    paymentId: String(paid.json?.paymentId),
    payToAmount: plan.payToAmount,
    promotions: plan.savings.length,
    savings: {
      amountMinor: plan.savings.reduce((sum, s) => sum + s.wallet.amountMinor, 0n),
      currency: plan.payToAmount.currency,
    },
  };
  ctx.log(
    `autodebit: customerId ${summary.applyTokenCustomerId} from applyToken, ` +
      `${summary.payCustomerId} from pay (identical); paid ${summary.paymentId}: ` +
      `${summary.payToAmount.amountMinor} ${summary.payToAmount.currency} with ` +
      `${summary.promotions} promotions saving ${summary.savings.amountMinor} ` +
      `${summary.savings.currency}; evaluation S; refresh rotated the set`,
  );
  return summary;
}

function grant(credential: { authCode: string } | { refreshToken: string }) {
  return {
    acquirerId: ACQUIRER_ID,
    pspId: PSP_ID,
    grantType: "authCode" in credential ? "AUTHORIZATION_CODE" : "REFRESH_TOKEN",
    ...credential,
  };
}

/**
 * The planned pay as an Auto Debit one: the access token names the payer
 * (docs/protocol.md#who-pays).
 */
function autoDebitPay(
  plan: PlannedPay,
  tokens: TokenSet,
  paymentRequestId: string,
  evaluation: boolean,
): Record<string, unknown> {
  return {
    ...plan.body,
    paymentRequestId,
    paymentMethod: {
      paymentMethodType: "CONNECT_WALLET",
      paymentMethodId: tokens.accessToken,
      customerId: tokens.customerId,
    },
    paymentFactor: {
      isAgreementPayment: "true",
      ...(evaluation ? { isPaymentEvaluation: "true" } : {}),
    },
  };
}

function tokensOf(answer: SignedAnswer): TokenSet {
  const { accessToken, refreshToken, customerId } = answer.json ?? {};
  if (
    typeof accessToken !== "string" ||
    typeof refreshToken !== "string" ||
    typeof customerId !== "string"
  ) {
    throw new Error("applyToken answered SUCCESS without tokens or customerId");
  }
  return { accessToken, refreshToken, customerId };
}

/** Logs the outcome (never the tokens), checks the signature and the result code. */
function expectAnswer(
  ctx: SimulatorContext,
  label: string,
  answer: SignedAnswer,
  code: string,
): SignedAnswer {
  const paymentId = typeof answer.json?.paymentId === "string" ? ` ${answer.json.paymentId}` : "";
  ctx.log(
    `${label} → ${answer.status} ${answer.resultStatus ?? "?"} ${answer.resultCode}${paymentId}`,
  );
  if (!answer.responseSignatureValid) {
    throw new Error(`${label}: the answer's signature does not verify`);
  }
  if (answer.resultCode !== code) {
    // resultCode and resultMessage only: an applyToken answer carries tokens.
    const result = JSON.stringify(answer.json?.result ?? answer.text.slice(0, 200));
    throw new Error(`${label}: expected ${code}, got HTTP ${answer.status} ${result}`);
  }
  return answer;
}

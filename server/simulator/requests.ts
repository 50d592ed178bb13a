/**
 * Builds the requests Alipay+ would send, computing what Alipay+ computes (payment amount net of
 * promotions, wallet-currency amounts with the quote). The wallet never recomputes them.
 */
import { randomBytes } from "node:crypto";
import { toWireAmount, type Money } from "../money/amount";
import { convertWithQuote } from "../money/fx";
import { DEMO_QUOTES, type DemoMerchant, type DemoPromotion } from "./demo-data";

export const ACQUIRER_ID = "1020000000000000001";
export const PSP_ID = "1022000000000000001";

export function simulatorId(prefix: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  return `${day}${prefix}${randomBytes(6).toString("hex").toUpperCase()}`;
}

export interface PayPlan {
  customerId: string;
  walletCurrency: string;
  merchant: DemoMerchant;
  orderMinor: bigint;
  promotions: readonly DemoPromotion[];
  paymentRequestId?: string;
}

export interface PlannedPay {
  body: Record<string, unknown>;
  paymentRequestId: string;
  paymentAmount: Money;
  payToAmount: Money;
  quote: { quoteId: string; quoteCurrencyPair: string; quotePrice: string } | undefined;
  /** Each promotion's saving in the wallet currency, in the order of the promotions. */
  savings: readonly { promotion: DemoPromotion; wallet: Money }[];
}

export function planPay(plan: PayPlan): PlannedPay {
  const orderCurrency = plan.merchant.currency;
  const quote = quoteFor(orderCurrency, plan.walletCurrency);
  const toWallet = (minor: bigint): Money =>
    convert({ amountMinor: minor, currency: orderCurrency }, plan.walletCurrency, quote);
  const offMinor = plan.promotions.reduce((sum, p) => sum + p.offMinor, 0n);
  const paymentAmount: Money = { amountMinor: plan.orderMinor - offMinor, currency: orderCurrency };
  const payToAmount = toWallet(paymentAmount.amountMinor);
  const savings = plan.promotions.map((promotion) => ({
    promotion,
    wallet: toWallet(promotion.offMinor),
  }));
  const paymentRequestId = plan.paymentRequestId ?? simulatorId("UPM");
  const { merchant } = plan;
  const now = new Date();
  const body: Record<string, unknown> = {
    acquirerId: ACQUIRER_ID,
    pspId: PSP_ID,
    paymentRequestId,
    order: {
      referenceOrderId: simulatorId("ORD"),
      orderDescription: `Order at ${merchant.merchantDisplayName ?? merchant.merchantName}`,
      orderAmount: toWireAmount({ amountMinor: plan.orderMinor, currency: orderCurrency }),
      merchant: {
        referenceMerchantId: merchant.referenceMerchantId,
        merchantMCC: merchant.merchantMCC,
        merchantName: merchant.merchantName,
        ...(merchant.merchantDisplayName
          ? { merchantDisplayName: merchant.merchantDisplayName }
          : {}),
        merchantAddress: { region: merchant.region, city: merchant.city },
        store: {
          referenceStoreId: merchant.store.referenceStoreId,
          storeName: merchant.store.storeName,
          storeMCC: merchant.store.storeMCC,
          storeTerminalId: "T-01",
          storeAddress: {
            region: merchant.region,
            city: merchant.city,
            address1: merchant.store.address1,
          },
        },
      },
      env: { storeTerminalId: "T-01", storeTerminalRequestTime: now.toISOString() },
    },
    paymentAmount: toWireAmount(paymentAmount),
    payToAmount: toWireAmount(payToAmount),
    ...(quote ? { paymentQuote: quote } : {}),
    paymentMethod: {
      paymentMethodType: "CONNECT_WALLET",
      paymentMethodId: `2810${(randomBytes(8).readBigUInt64BE() % 10n ** 14n).toString().padStart(14, "0")}`,
      customerId: plan.customerId,
    },
    paymentFactor: { isInStorePayment: "true", inStorePaymentScenario: "PaymentCode" },
    paymentExpiryTime: new Date(now.getTime() + 60_000).toISOString(),
    ...(savings.length > 0
      ? {
          paymentPromoInfo: {
            paymentPromoDetails: savings.map(({ promotion, wallet }) => ({
              promoId: promotion.promoId,
              promoName: promotion.promoName,
              promoType: promotion.promoType,
              savingsAmount: toWireAmount(wallet),
            })),
          },
        }
      : {}),
  };
  return { body, paymentRequestId, paymentAmount, payToAmount, quote, savings };
}

/**
 * A refund of `share` (numerator/denominator) of the payment: Alipay+ computes both amounts and
 * each promotion's clawback with the payment's quote, pro rata.
 */
export function planRefund(
  pay: PlannedPay,
  paymentId: string,
  share: { numerator: bigint; denominator: bigint },
) {
  const part = (m: Money): Money => ({
    amountMinor: (m.amountMinor * share.numerator) / share.denominator,
    currency: m.currency,
  });
  const refundRequestId = simulatorId("RFD");
  const body = {
    acquirerId: ACQUIRER_ID,
    pspId: PSP_ID,
    paymentRequestId: pay.paymentRequestId,
    paymentId,
    refundRequestId,
    refundAmount: toWireAmount(part(pay.paymentAmount)),
    refundFromAmount: toWireAmount(part(pay.payToAmount)),
    ...(pay.quote ? { refundQuote: pay.quote } : {}),
    ...(pay.savings.length > 0
      ? {
          refundPromoInfo: {
            paymentPromoDetails: pay.savings.map(({ promotion, wallet }) => ({
              promoId: promotion.promoId,
              promoName: promotion.promoName,
              promoType: promotion.promoType,
              savingsAmount: toWireAmount(part(wallet)),
            })),
          },
        }
      : {}),
  };
  return { body, refundRequestId };
}

export function paymentReference(paymentRequestId: string) {
  return { acquirerId: ACQUIRER_ID, pspId: PSP_ID, paymentRequestId };
}

function quoteFor(orderCurrency: string, walletCurrency: string) {
  if (orderCurrency === walletCurrency) return undefined;
  const pair = `${orderCurrency}/${walletCurrency}`;
  const price = DEMO_QUOTES[pair];
  if (!price) throw new Error(`the simulator has no quote for ${pair}`);
  return { quoteId: simulatorId("Q"), quoteCurrencyPair: pair, quotePrice: price };
}

function convert(amount: Money, toCurrency: string, quote: ReturnType<typeof quoteFor>): Money {
  if (!quote) return amount;
  const converted = convertWithQuote(amount, toCurrency, quote);
  if (!converted) throw new Error(`cannot convert ${amount.currency} to ${toCurrency}`);
  return { amountMinor: converted.amountMinor, currency: toCurrency };
}

/**
 * The pay with a surcharge as Alipay+ computes it: `surchargeAmount = paymentAmount ×
 * surchargeQuote.quotePrice` (docs.alipayplus.com/alipayplus/alipayplus/integration_auto_debit_mpp/
 * understand_amounts), the surcharge quote being the payment's marked up by `percent`. The
 * customer pays the surcharge amount; the wallet still settles payToAmount.
 */
export function withSurcharge(
  plan: PlannedPay,
  percent: bigint,
): PlannedPay & { surcharge: Money } {
  if (!plan.quote) throw new Error("the simulator's surcharges ride on a payment's quote");
  const surchargeQuote = {
    quoteId: simulatorId("QS"),
    quoteCurrencyPair: plan.quote.quoteCurrencyPair,
    quotePrice: markedUp(plan.quote.quotePrice, percent),
  };
  const surcharge = convert(plan.paymentAmount, plan.payToAmount.currency, surchargeQuote);
  return {
    ...plan,
    body: {
      ...plan.body,
      surchargeInfo: { surchargeAmount: toWireAmount(surcharge), surchargeQuote },
    },
    surcharge,
  };
}

/** A decimal price times (100 + percent) / 100, exactly: "9.3" marked up 2 % is "9.486". */
function markedUp(price: string, percent: bigint): string {
  const [whole = "", fraction = ""] = price.split(".");
  const scaled = BigInt(whole + fraction) * (100n + percent);
  const digits = scaled.toString().padStart(fraction.length + 3, "0");
  const point = digits.length - fraction.length - 2;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

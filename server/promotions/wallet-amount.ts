import type { Money } from "../money/amount";
import { convertWithQuote } from "../money/fx";
import type { Quote } from "../alipayplus/wire";

export type Conversion = "SAME_CURRENCY" | "CONVERTED" | "NOT_CONVERTIBLE";

export interface WalletAmount {
  walletAmountMinor: bigint | null;
  conversion: Conversion;
  rate: string | null;
}

/**
 * A promotion's saving in the wallet currency
 * (docs/protocol.md#promotion-amounts-in-the-wallet-currency): as is when already in it (the
 * documented case); else converted with the payment's quote when the quote links the two
 * currencies; else "not convertible" — shown as received and left out of wallet totals.
 */
export function toWalletAmount(
  amount: Money,
  walletCurrency: string,
  quote: Quote | undefined,
): WalletAmount {
  if (amount.currency === walletCurrency) {
    return { walletAmountMinor: amount.amountMinor, conversion: "SAME_CURRENCY", rate: null };
  }
  const converted = quote ? convertWithQuote(amount, walletCurrency, quote) : null;
  if (!converted) return { walletAmountMinor: null, conversion: "NOT_CONVERTIBLE", rate: null };
  return {
    walletAmountMinor: converted.amountMinor,
    conversion: "CONVERTED",
    rate: converted.rate,
  };
}

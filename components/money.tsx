import type { MoneyText } from "@/server/customer-views/transaction-row-view";
import type { Money as DomainMoney } from "@/server/money/amount";
import { formatMoney } from "@/server/money/format";

/**
 * Every amount a customer sees goes through here (README "Money": one <Money>), with our ISO 4217
 * exponents (server/money/format.ts). Server pages pass domain Money; what crossed to the browser
 * arrives as MoneyText, since a bigint cannot be serialised.
 */
export function Money({
  value,
  locale,
  negate = false,
}: {
  value: DomainMoney | MoneyText;
  locale: string;
  /** Shows a saving as what it took off the price: −₩2,790. */
  negate?: boolean;
}) {
  const amountMinor = BigInt(value.amountMinor);
  return (
    <span className="whitespace-nowrap tabular-nums">
      {formatMoney(
        { amountMinor: negate ? -amountMinor : amountMinor, currency: value.currency },
        locale,
      )}
    </span>
  );
}

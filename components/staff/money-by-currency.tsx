import { formatMoney } from "@/server/money/format";

/**
 * Staff figures per currency, one line each, never summed across currencies (README "Staff
 * console"). Amounts arrive as decimal strings of minor units (a bigint does not cross to the
 * browser).
 */
export function MoneyByCurrency({ amounts }: { amounts: Record<string, string> }) {
  const currencies = Object.keys(amounts).sort();
  if (currencies.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <span className="inline-flex flex-col tabular-nums">
      {currencies.map((currency) => (
        <span key={currency} className="whitespace-nowrap">
          {formatMoney({ amountMinor: BigInt(amounts[currency]!), currency }, "en")}
        </span>
      ))}
    </span>
  );
}

/** One amount in the console's English formatting. */
export function StaffMoney({ amountMinor, currency }: { amountMinor: string; currency: string }) {
  return (
    <span className="whitespace-nowrap tabular-nums">
      {formatMoney({ amountMinor: BigInt(amountMinor), currency }, "en")}
    </span>
  );
}

/** An amount from a pair of nullable columns: "—" unless both are there. */
export function StaffMoneyOrDash({
  amountMinor,
  currency,
}: {
  amountMinor: string | null;
  currency: string | null;
}) {
  if (amountMinor === null || currency === null) return <span className="text-slate-500">—</span>;
  return <StaffMoney amountMinor={amountMinor} currency={currency} />;
}

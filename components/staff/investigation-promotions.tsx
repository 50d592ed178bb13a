import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { Badge, DataTable, Facts, TD, TD_NUM } from "./investigation-parts";
import { StaffMoneyOrDash } from "./money-by-currency";

type Investigation = inferRouterOutputs<AppRouter>["payments"]["investigate"];
type Reading = NonNullable<Investigation["payment"]["promotionReading"]>;

const READING_TONE = { READ: "good", PARTLY_READ: "warn", NOT_UNDERSTOOD: "bad" } as const;
const READING_TEXT = {
  READ: "read",
  PARTLY_READ: "partly read",
  NOT_UNDERSTOOD: "not understood",
} as const;

/** How far Plusdesk could read a promotion line (or a payment's promotions), and why not. */
export function PromotionReading({
  reading,
  problems,
}: {
  reading: Reading;
  problems: readonly string[];
}) {
  return (
    <span className="grid gap-1">
      <span>
        <Badge tone={READING_TONE[reading]}>{READING_TEXT[reading]}</Badge>
      </span>
      {problems.length > 0 && (
        <ul className="list-disc pl-4 text-xs text-slate-700">
          {problems.map((problem, index) => (
            // Problems are fixed text in a fixed order: the position is their identity.
            <li key={index}>{problem}</li>
          ))}
        </ul>
      )}
    </span>
  );
}

/** A stored JSON value as Alipay+ sent it, folded away until asked for. */
export function RawJson({ value, label }: { value: unknown; label: string }) {
  return (
    <details>
      <summary className="cursor-pointer text-sm text-sky-800 underline">{label}</summary>
      <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

/**
 * The payment's promotion information as stored: how far it was read (the worst of its lines and
 * of the info's own problems, e.g. a total that is not the entries' sum), the top-level total
 * Alipay+ sent, then every line with its reading and raw JSON.
 */
export function PaymentPromotions({ data }: { data: Investigation }) {
  const { payment, promotions } = data;
  return (
    <>
      {payment.promotionReading && (
        <div className="mb-3">
          <Facts
            items={[
              [
                "Promotion information",
                <PromotionReading
                  key="r"
                  reading={payment.promotionReading}
                  problems={payment.promotionProblems}
                />,
              ],
              [
                "Total saved as sent (savingsAmount)",
                payment.promoTotalMinor === null ? null : (
                  <StaffMoneyOrDash
                    key="t"
                    amountMinor={payment.promoTotalMinor}
                    currency={payment.promoTotalCurrency}
                  />
                ),
              ],
              [
                "Total in the wallet currency",
                payment.promoTotalWalletMinor === null ? null : (
                  <StaffMoneyOrDash
                    key="w"
                    amountMinor={payment.promoTotalWalletMinor}
                    currency={payment.payToCurrency}
                  />
                ),
              ],
            ]}
          />
        </div>
      )}
      <DataTable
        caption="Promotions applied to this payment"
        columns={[
          { label: "#" },
          { label: "Promotion" },
          { label: "Type" },
          { label: "Saving as received", numeric: true },
          { label: "In the wallet currency", numeric: true },
          { label: "Conversion" },
          { label: "Reading" },
          { label: "As received" },
        ]}
        empty="No promotions."
        rowCount={promotions.length}
      >
        {promotions.map((promotion) => (
          <tr key={promotion.id}>
            <td className={TD}>{promotion.position + 1}</td>
            <th scope="row" className={`${TD} font-normal`}>
              <span className="block">{promotion.promoName ?? "—"}</span>
              <span className="font-mono text-xs text-slate-600">{promotion.promoId}</span>
            </th>
            <td className={TD}>{promotion.promoType}</td>
            <td className={TD_NUM}>
              <StaffMoneyOrDash amountMinor={promotion.amountMinor} currency={promotion.currency} />
            </td>
            <td className={TD_NUM}>
              <StaffMoneyOrDash
                amountMinor={promotion.walletAmountMinor}
                currency={promotion.walletCurrency}
              />
            </td>
            <td className={TD}>
              {promotion.conversion ?? "—"}
              {promotion.rate ? ` at ${promotion.rate}` : ""}
            </td>
            <td className={TD}>
              <PromotionReading reading={promotion.reading} problems={promotion.problems} />
            </td>
            <td className={TD}>
              <RawJson value={promotion.raw} label={`JSON of line ${promotion.position + 1}`} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

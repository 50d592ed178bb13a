import type { PromotionLine } from "@/server/customer-views/stored-lines";
import type { Messages } from "@/server/i18n/messages";
import { Money } from "./money";
import { promotionLabel, promotionTypeLabel } from "./promotion-type-label";
import { TemplateText } from "./template-text";

/**
 * Every promotion of a payment on its own line (docs/protocol.md#promotions: the detail page must
 * show all): name, type, the saving in the wallet currency, and the amount as received when that
 * was another currency. One that could not be converted is shown as received and said to be left
 * out of the total (docs/protocol.md#promotion-amounts-in-the-wallet-currency); one Alipay+ sent in
 * a shape Plusdesk could not read is still listed, as "Alipay+ promotion", without an amount.
 */
export function PromotionList({
  promotions,
  labelledBy,
  locale,
  t,
}: {
  promotions: readonly PromotionLine[];
  labelledBy: string;
  locale: string;
  t: Messages;
}) {
  const text = t.transaction;
  return (
    <ul aria-labelledby={labelledBy} className="divide-y divide-slate-100">
      {promotions.map((promotion) => {
        const shown = promotion.saving ?? promotion.received;
        return (
          <li key={promotion.id.toString()} className="py-2">
            <div className="flex items-baseline justify-between gap-4">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{promotionLabel(promotion.name, t)}</p>
                {promotion.type !== null && (
                  <p className="text-sm text-slate-600">
                    {promotionTypeLabel(promotion.type, t.promotionType)}
                  </p>
                )}
              </div>
              {shown && (
                <div className="shrink-0 text-right">
                  <p className="font-medium text-emerald-800">
                    <TemplateText
                      text={text.promotionSaving}
                      values={{ amount: <Money value={shown} locale={locale} /> }}
                    />
                  </p>
                  {promotion.saving &&
                    promotion.received &&
                    promotion.received.currency !== promotion.saving.currency && (
                      <p className="text-sm text-slate-600">
                        <TemplateText
                          text={text.receivedAs}
                          values={{ amount: <Money value={promotion.received} locale={locale} /> }}
                        />
                      </p>
                    )}
                </div>
              )}
            </div>
            {!promotion.saving && promotion.received && (
              <p className="mt-1 text-sm text-slate-600">{text.notConvertible}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

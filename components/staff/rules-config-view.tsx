import type { RuleSetConfig } from "@/server/risk/rule-config";
import { RULE_CATALOGUE } from "@/server/rule-admin/rule-catalogue";
import { CampaignMatch, SettingValue, type ShownValue } from "./rules-values";
import { ConsoleTable } from "@/components/staff/console-table";

const CELL = "px-3 py-2";

/** A rule set as people read it: every rule's settings, then each campaign's overrides. */
export function RulesConfigView({ config }: { config: RuleSetConfig }) {
  return (
    <div className="space-y-8">
      <section aria-labelledby="rules-defaults-heading">
        <h2 id="rules-defaults-heading" className="mb-3 text-lg font-semibold">
          Rules (the defaults)
        </h2>
        <ConsoleTable
          caption="Each rule's settings"
          columns={["Rule", "On", "Action", "Applies to", "Thresholds"]}
        >
          <tbody className="divide-y divide-slate-100 align-top">
            {RULE_CATALOGUE.map((rule) => {
              const settings = config.rules[rule.id] as Record<string, ShownValue>;
              const thresholds = rule.settings.filter(
                (s) => !["enabled", "action", "scope"].includes(s.name),
              );
              return (
                <tr key={rule.id}>
                  <th scope="row" className={`${CELL} font-medium`}>
                    {rule.label}
                    <span className="block max-w-sm text-xs font-normal text-slate-500">
                      {rule.description}
                    </span>
                  </th>
                  <td className={CELL}>
                    <SettingValue rule={rule.id} setting="enabled" value={settings.enabled} />
                  </td>
                  <td className={CELL}>
                    <SettingValue rule={rule.id} setting="action" value={settings.action} />
                  </td>
                  <td className={CELL}>
                    <SettingValue rule={rule.id} setting="scope" value={settings.scope} />
                  </td>
                  <td className={CELL}>
                    {thresholds.length === 0 ? (
                      <span className="text-slate-500">—</span>
                    ) : (
                      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
                        {thresholds.map((s) => (
                          <div key={s.name} className="contents">
                            <dt className="text-slate-600">{s.label}</dt>
                            <dd>
                              <SettingValue
                                rule={rule.id}
                                setting={s.name}
                                value={settings[s.name]}
                              />
                            </dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </ConsoleTable>
      </section>

      <section aria-labelledby="rules-campaigns-heading">
        <h2 id="rules-campaigns-heading" className="mb-1 text-lg font-semibold">
          Campaigns ({config.campaigns.length})
        </h2>
        <p className="mb-3 max-w-3xl text-sm text-slate-600">
          Overrides for a promo id or a promo id prefix: an exact id beats a prefix, a longer prefix
          beats a shorter one; a payment whose promotions fall under several campaigns is judged
          under each and the strictest outcome wins. A kill switch rejects every payment using a
          matching promotion; a budget is watched, never enforced.
        </p>
        {config.campaigns.length === 0 ? (
          <p className="text-sm text-slate-500">
            No campaigns: the defaults apply to every promotion.
          </p>
        ) : (
          <ul className="grid gap-4 xl:grid-cols-2">
            {config.campaigns.map((campaign) => (
              <li
                key={campaign.promoId ?? `^${campaign.promoIdPrefix}`}
                className="rounded-lg border border-slate-200 bg-white p-4"
              >
                <CampaignSummary campaign={campaign} defaults={config.rules} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function CampaignSummary({
  campaign,
  defaults,
}: {
  campaign: RuleSetConfig["campaigns"][number];
  defaults: RuleSetConfig["rules"];
}) {
  const overrides = RULE_CATALOGUE.flatMap((rule) => {
    const set = (campaign.rules[rule.id] ?? {}) as Record<string, ShownValue>;
    const base = defaults[rule.id] as Record<string, ShownValue>;
    return rule.settings
      .filter((s) => set[s.name] !== undefined)
      .map((s) => ({ rule, setting: s, value: set[s.name], base: base[s.name] }));
  });
  return (
    <>
      <h3 className="font-semibold">{campaign.name}</h3>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Matches</dt>
        <dd>
          <CampaignMatch campaign={campaign} />
        </dd>
        <dt className="text-slate-600">Kill switch</dt>
        <dd className={campaign.killSwitch ? "font-semibold text-red-800" : "text-slate-600"}>
          {campaign.killSwitch ? "ON — every matching payment is rejected" : "off"}
        </dd>
        <dt className="text-slate-600">Budget</dt>
        <dd>
          <SettingValue rule="" setting="" value={campaign.budget} empty="none" />
        </dd>
      </dl>
      {overrides.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No overrides: the defaults apply.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Overrides of {campaign.name}</caption>
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Rule
              </th>
              <th scope="col" className="py-1 pr-3">
                Setting
              </th>
              <th scope="col" className="py-1 pr-3">
                Here
              </th>
              <th scope="col" className="py-1">
                Default
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overrides.map(({ rule, setting, value, base }) => (
              <tr key={`${rule.id}.${setting.name}`}>
                <th scope="row" className="py-1 pr-3 font-normal">
                  {rule.label}
                </th>
                <td className="py-1 pr-3">{setting.label}</td>
                <td className="py-1 pr-3 font-medium">
                  <SettingValue rule={rule.id} setting={setting.name} value={value} />
                </td>
                <td className="py-1 text-slate-600">
                  <SettingValue rule={rule.id} setting={setting.name} value={base} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

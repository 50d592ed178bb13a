/**
 * The data `npm run bench:console` reads through the console, bulk-loaded with SQL
 * (generate_series and INSERT … SELECT: the rows never pass through Node) into a database of its
 * own: the console reads whole tables (the review queue, the call log, the overview's windows), so
 * a set cannot share its tables with another one as `npm run bench:risk`'s sets do.
 *
 * On top of bench:risk's set (./bench-risk-data.ts: customers, stores, block/allow lists, device
 * events, payments over `spanDays` with 0–2 promotions each, about 10 % of them refunded):
 * - the rule sets: version 1 (docs/protocol.md#risk-rules defaults) and, published through the
 *   console's own domain functions (audited), version 2 with two campaigns and budgets, live for
 *   the last 14 days;
 * - a risk decision for every promoted payment (as under the defaults, a payment without
 *   promotions is not judged), decided when the payment was received: about 3 % REVIEW
 *   (successful payments: REVIEW lets the money move) and 1 % REJECT (a fifth of the failed
 *   promoted payments become RISK_REJECT), the rest ALLOW. Verdicts and signals are the real
 *   shapes: made by the rules themselves (`evaluateGroup` of server/risk/evaluate.ts) from a few
 *   dozen synthetic signal sets per outcome, checked to give that outcome, and picked per payment
 *   by a hash of its number. A tenth of the decisions of the last 14 days ran under the campaign
 *   "Winter promo" (picked by the hash, not by the payment's promo id: the console never compares
 *   the two);
 * - verdicts (payment_reviews) on the REVIEW decisions: all but 0.5 % of those older than two
 *   days, a fifth of the newer ones (85 % approved), by one of eight analysts, within two days;
 * - the ledger: a debit per successful payment and a credit per refund;
 * - the inbound call log in time order, as the gateway writes it: a `pay` per payment, a `refund`
 *   per refund, `inquiryPayment` for 5 % of payments (2 % of those answered U), `cancelPayment`
 *   for 0.5 %, `applyToken` calls (2 % of the payment count), a `risk-cases` call per case Alipay+
 *   raised through the API, and rare bad calls: 0.1 % with a bad signature (invalid, missing,
 *   unknown client; answered 401), 0.01 % with no result (413, body too large). Bodies and
 *   headers the size real ones have (a pay request about 1.2 kB, headers with a signature);
 * - risk cases (one per 500 payments): MANUAL, CSV or API, 1–10 items each naming a payment, a
 *   customer and half the time a device; raised over the span, a deadline 14 days later; the last
 *   14 days' mostly open or investigating, older ones concluded or communicated but 5 % still open
 *   (overdue);
 * - list entries from the console: the device of every rejected review blocked, and expired
 *   allow-list entries (one per 500 payments);
 * - the append-only staff audit log (one row per 10 payments, in time order): every review
 *   verdict, the rule-set publication, and list, case and rule actions filling the rest.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import type { StaffActor } from "../audit/audit-log";
import { ensureMonthPartitions } from "../retention/partitions";
import { evaluateGroup, outcomeOf, type RiskOutcome } from "../risk/evaluate";
import {
  DEFAULT_RULE_SET_CONFIG,
  effectiveRules,
  ZRuleSetConfig,
  type Campaign,
  type RuleSetConfig,
} from "../risk/rule-config";
import { liveVersion } from "../risk/rule-sets";
import { createRuleDraft, publishRuleDraft, updateRuleDraft } from "../rule-admin/rule-admin";
import { benchId, idSql, loadRiskBenchSet, run, type RiskBenchSet } from "./bench-risk-data";

export type ConsoleBenchSet = RiskBenchSet;

export interface ConsoleBenchShape {
  cases: number;
  auditRows: number;
  /** Expired allow-list entries added by the console (besides bench:risk's lists). */
  expiredListEntries: number;
}

export function consoleShapeOf(set: ConsoleBenchSet): ConsoleBenchShape {
  return {
    cases: Math.max(5, Math.ceil(set.payments / 500)),
    auditRows: Math.max(50, Math.ceil(set.payments / 10)),
    expiredListEntries: Math.max(5, Math.ceil(set.payments / 500)),
  };
}

/** The campaign a tenth of the recent decisions ran under (its name is the review filter's). */
export const BENCH_CAMPAIGN = "Winter promo";
/** Eight analysts give the review verdicts. */
export const BENCH_ANALYSTS = 8;
const VARIANTS = 8;
const DAY_MS = 86_400_000;

/** Version 2: the defaults and two campaigns with budgets (promotions are in JPY here). */
export function benchRuleSetConfig(prefix: string): RuleSetConfig {
  return ZRuleSetConfig.parse({
    rules: DEFAULT_RULE_SET_CONFIG.rules,
    campaigns: [
      {
        name: BENCH_CAMPAIGN,
        promoIdPrefix: `${prefix}-PROMO-00000`,
        budget: { currency: "JPY", amountMinor: "50000000" },
        rules: {
          newAccount: { minAccountAgeHours: 72 },
          repeatRedemption: { minPriorRedemptions: 2 },
        },
      },
      {
        name: "Launch week",
        promoId: benchId(prefix, "PROMO", 1),
        killSwitch: false,
        budget: { currency: "JPY", amountMinor: "2000000" },
      },
    ],
  });
}

type Signals = Parameters<typeof evaluateGroup>[1];

export interface DecisionTemplate {
  outcome: RiskOutcome;
  campaign: boolean;
  n: number;
  verdicts: unknown;
  signals: unknown;
  campaigns: string[];
}

/** A small deterministic PRNG (mulberry32): the same templates on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What makes a REJECT template reject (one rule each, in turn). */
const REJECT_CAUSES = [
  "repeatRedemption",
  "deviceFarming",
  "badCredit",
  "tamperedDevice",
  "sharedDevice",
  "blockList",
  "locationMismatch",
  "gambling",
] as const;

/**
 * VARIANTS decisions per outcome, with and without the campaign, each made by the rules from
 * synthetic signals (a store in Tokyo, fixes near it, credit, windows' counts) and checked to give
 * the outcome it stands for.
 */
export function decisionTemplates(prefix: string, anchor: Date): DecisionTemplate[] {
  const config = benchRuleSetConfig(prefix);
  const campaign = config.campaigns.find((c) => c.name === BENCH_CAMPAIGN)!;
  const random = prng(20261126);
  const iso = (msBefore: number) => new Date(anchor.getTime() - msBefore).toISOString();
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const promoId = benchId(prefix, "PROMO", 42);
  const templates: DecisionTemplate[] = [];

  const base = (): Signals => ({
    customer: {
      creditRating: random() < 0.8 ? "GOOD" : "FAIR",
      creditScore: int(320, 990),
      accountCreatedAt: iso(int(30, 1400) * DAY_MS),
    },
    lists: [],
    redemptions: { [promoId]: int(0, 1) },
    farmingOtherCustomers: int(0, 1),
    refundedPromotedPayments: int(0, 2),
    store: { region: "JP", lat: 35.6717, lng: 139.765 },
    integrity: {
      at: iso(int(1, 72) * 3_600_000),
      appSignatureValid: true,
      emulator: false,
      rooted: false,
      hooked: false,
    },
    location: {
      at: iso(int(1, 20) * 60_000),
      lat: 35.6717 + (random() - 0.5) * 0.05,
      lng: 139.765 + (random() - 0.5) * 0.05,
      accuracyM: int(5, 80),
    },
    loginOtherCustomers: int(0, 1),
    liveVersion: 1,
  });

  const variant = (outcome: RiskOutcome, n: number): { signals: Signals; mcc: string } => {
    const s = base();
    let mcc = "5812";
    if (outcome === "ALLOW" && n === VARIANTS - 1) {
      // A payment from no known device: the device rules cannot tell.
      Object.assign(s, {
        farmingOtherCustomers: null,
        integrity: null,
        location: null,
        loginOtherCustomers: null,
      });
    } else if (outcome === "REVIEW") {
      if (n % 2 === 0) s.customer!.accountCreatedAt = iso(int(1, 20) * 3_600_000);
      else s.refundedPromotedPayments = int(3, 5);
    } else if (outcome === "REJECT") {
      switch (REJECT_CAUSES[n % REJECT_CAUSES.length]!) {
        case "repeatRedemption":
          s.redemptions = { [promoId]: int(3, 6) };
          break;
        case "deviceFarming":
          s.farmingOtherCustomers = int(2, 5);
          break;
        case "badCredit":
          s.customer = { ...s.customer!, creditRating: "BAD", creditScore: int(80, 290) };
          break;
        case "tamperedDevice":
          s.integrity = { ...s.integrity!, rooted: true, hooked: random() < 0.5 };
          break;
        case "sharedDevice":
          s.loginOtherCustomers = int(2, 4);
          break;
        case "blockList":
          s.lists = [{ list: "BLOCK", subjectType: "CUSTOMER" }];
          break;
        case "locationMismatch":
          // A fix in Seoul for a store in Tokyo.
          s.location = { ...s.location!, lat: 37.5665, lng: 126.978 };
          break;
        case "gambling":
          mcc = "7995";
          break;
      }
    }
    return { signals: s, mcc };
  };

  for (const outcome of ["ALLOW", "REVIEW", "REJECT"] as const) {
    for (const inCampaign of [false, true]) {
      const group: Campaign | null = inCampaign ? campaign : null;
      for (let n = 0; n < VARIANTS; n++) {
        const { signals, mcc } = variant(outcome, n);
        const verdicts = evaluateGroup(
          {
            campaign: group?.name ?? null,
            killSwitch: false,
            settings: effectiveRules(config, group),
            promoIds: [promoId],
          },
          signals,
          { at: anchor, promoted: true, inStore: true, merchantMcc: mcc, storeMcc: mcc },
        );
        const decided = outcomeOf(verdicts);
        if (decided !== outcome) {
          throw new Error(`decision template ${outcome}/${n} decides ${decided}`);
        }
        const { liveVersion: _live, ...stored } = signals;
        templates.push({
          outcome,
          campaign: inCampaign,
          n,
          verdicts,
          signals: stored,
          campaigns: group ? [group.name] : [],
        });
      }
    }
  }
  return templates;
}

/**
 * Loads one set into an empty, migrated database. `admin` publishes version 2 (an ADMIN staff
 * account of that database). No ANALYZE: the caller runs VACUUM ANALYZE once it is all in.
 */
export async function loadConsoleBenchSet(
  db: Db,
  set: ConsoleBenchSet,
  admin: StaffActor,
): Promise<void> {
  const p = set.prefix;
  const shape = consoleShapeOf(set);
  const anchor = sql`${set.anchor.toISOString()}::timestamptz`;
  const back = (fraction: SQL) =>
    sql`(${anchor} - ${fraction} * ${set.spanDays}::int * interval '1 day')`;
  const payments = sql`p.payment_id between ${benchId(p, "P", 0)} and ${benchId(p, "P", 9_999_999)}`;
  const number = (column: SQL) => sql`right(${column}, 7)::int`;
  const analyst = (h: SQL) => sql`('analyst-' || (${h} % ${BENCH_ANALYSTS}) || '@plusdesk.test')`;

  await loadRiskBenchSet(db, set);

  // Rule sets: version 1 live (the defaults), then version 2 with the campaigns, as an admin would.
  await liveVersion(db);
  const draft = await createRuleDraft(db, admin);
  const { revision } = await updateRuleDraft(db, admin, {
    version: draft.version,
    revision: 0,
    config: benchRuleSetConfig(p),
    note: "bench campaigns",
  });
  await publishRuleDraft(db, admin, draft.version, revision);

  // 1 % of payments: a fifth of the failed promoted ones were refused by the rules.
  await run(
    db,
    sql`
    update payments p set result_code = 'RISK_REJECT'
     where ${payments} and p.status = 'FAILED'
       and abs(hashint4(${number(sql`p.payment_id`)} + 11)) % 5 = 0
       and exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id)`,
  );

  const templates = decisionTemplates(p, set.anchor);
  await run(
    db,
    sql`create table bench_decision_templates (
          outcome risk_outcome, campaign boolean, n int, verdicts jsonb, signals jsonb,
          campaigns jsonb, primary key (outcome, campaign, n))`,
  );
  await run(
    db,
    sql`
    insert into bench_decision_templates
    select * from jsonb_to_recordset(${JSON.stringify(templates)}::jsonb)
                  as t(outcome risk_outcome, campaign boolean, n int, verdicts jsonb,
                       signals jsonb, campaigns jsonb)`,
  );

  const loadDecisions = async () => {
    // In time order, as live payments write them.
    await run(
      db,
      sql`
      insert into risk_decisions (payment_request_id, payment_id, context, customer_id, device_id,
                                  rule_set_version, outcome, verdicts, signals, campaigns,
                                  decided_at, duration_us)
      select x.payment_request_id, x.payment_id, 'PAY', x.customer_id, x.device_token_id,
             case when x.received_at >= ${anchor} - interval '14 days' then ${draft.version}::int
                  else 1 end,
             t.outcome, t.verdicts, t.signals, t.campaigns, x.received_at, 300 + x.h % 2700
        from (select p.payment_request_id, p.payment_id, p.customer_id, p.device_token_id,
                     p.received_at, abs(hashint4(${number(sql`p.payment_id`)})) h,
                     (case when p.result_code = 'RISK_REJECT' then 'REJECT'
                           when p.status = 'SUCCESS'
                            and abs(hashint4(${number(sql`p.payment_id`)} + 1)) % 10000 < 316
                           then 'REVIEW'
                           else 'ALLOW' end)::risk_outcome outcome,
                     (p.received_at >= ${anchor} - interval '14 days'
                      and abs(hashint4(${number(sql`p.payment_id`)} + 2)) % 10 = 0) in_campaign
                from payments p
               where ${payments}
                 and exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id)
               order by p.received_at) x
       cross join lateral (select * from bench_decision_templates t
                            where t.outcome = x.outcome and t.campaign = x.in_campaign
                              and t.n = x.h % ${VARIANTS}::int) t`,
    );
    await run(
      db,
      sql`
      insert into payment_reviews (decision_id, payment_id, verdict, reason, reviewed_at, reviewed_by)
      select d.id, d.payment_id,
             (case when d.h % 100 < 15 then 'REJECTED' else 'APPROVED' end)::review_verdict,
             case when d.h % 100 < 15 then 'Promotion abuse: same device as flagged accounts'
                  else 'Customer history checked, looks genuine' end,
             least(${anchor}, d.decided_at + (d.h % 2880) * interval '1 minute'),
             ${analyst(sql`d.h`)}
        from (select d.id, d.payment_id, d.decided_at, abs(hashint4(d.id::int)) h
                from risk_decisions d
               where d.outcome = 'REVIEW' and d.payment_id is not null) d
       where (d.decided_at < ${anchor} - interval '2 days' and d.h % 1000 < 995)
          or (d.decided_at >= ${anchor} - interval '2 days' and d.h % 100 < 20)`,
    );
  };

  const loadLedger = () =>
    run(
      db,
      sql`
    insert into ledger_entries (customer_id, kind, amount_minor, currency, balance_after_minor,
                                payment_id, refund_id, created_at)
    select customer_id, kind, amount, 'KRW', 5000000 + abs(hashint4(n)) % 1000000,
           payment_id, refund_id, at
      from (select p.customer_id, 'PAYMENT'::ledger_entry_kind kind, -p.pay_to_amount_minor amount,
                   p.payment_id, null::text refund_id, p.payment_time at,
                   ${number(sql`p.payment_id`)} n
              from payments p
             where ${payments} and p.status = 'SUCCESS'
            union all
            select r.customer_id, 'REFUND', r.refund_from_amount_minor, null, r.refund_id,
                   r.refund_time, ${number(sql`r.refund_id`)}
              from refunds r
             where r.refund_id like ${`${p}-R-%`}
             order by at) e`,
    );

  const loadCases = async () => {
    await run(
      db,
      sql`
      insert into risk_cases (case_id, source, raised_at, deadline, reason, status, finding,
                              summary, concluded_at, concluded_by, request_digest, created_at,
                              created_by, updated_at)
      select c.case_id, c.source, c.raised_at, c.raised_at + interval '14 days',
             'Suspected promotion abuse: repeated redemptions from shared devices',
             c.status, case when c.closed then c.finding end,
             case when c.closed then 'Accounts share devices; promotions clawed back' end,
             case when c.closed then c.raised_at + interval '6 days' end,
             case when c.closed then ${analyst(sql`c.h`)} end,
             md5(c.case_id), c.raised_at, case when c.source = 'MANUAL' then ${analyst(sql`c.h`)}
                                               else 'alipayplus' end,
             c.raised_at + interval '6 days'
        from (select g.*, g.status in ('CONCLUDED', 'COMMUNICATED') closed
                from (select ${p}::text || '-CASE-' || lpad(k::text, 7, '0') case_id,
                             (array['API', 'API', 'CSV', 'MANUAL'])[1 + abs(hashint4(k)) % 4]::risk_case_source source,
                             ${back(sql`(k::float8 / ${shape.cases}::int)`)} raised_at,
                             abs(hashint4(k + 7)) h,
                             (case when k::float8 / ${shape.cases}::int < 14.0 / ${set.spanDays}::int
                                   then (array['OPEN', 'OPEN', 'INVESTIGATING', 'CONCLUDED'])[1 + abs(hashint4(k + 1)) % 4]
                                   when abs(hashint4(k + 1)) % 100 < 5 then 'OPEN'
                                   when abs(hashint4(k + 1)) % 2 = 0 then 'CONCLUDED'
                                   else 'COMMUNICATED' end)::risk_case_status status,
                             (array['CONFIRMED_ABUSE', 'CONFIRMED_ABUSE', 'FALSE_POSITIVE', 'INCONCLUSIVE'])[1 + abs(hashint4(k + 2)) % 4]::risk_case_finding finding
                        from generate_series(0, ${shape.cases}::int - 1) k) g) c`,
    );
    await run(
      db,
      sql`
      insert into risk_case_items (case_id, payment_request_id, customer_id, device_id)
      select c.case_id, ${idSql(p, "PR", sql`x.i`)}, p.customer_id,
             case when j % 2 = 0 then p.device_token_id end
        from risk_cases c
       cross join lateral generate_series(1, 1 + abs(hashint4(${number(sql`c.case_id`)})) % 10) j
       cross join lateral (select abs(hashint4(${number(sql`c.case_id`)} * 16 + j)) % ${set.payments}::int i) x
        join payments p on p.payment_id = ${idSql(p, "P", sql`x.i`)}
       order by c.raised_at, j`,
    );
  };

  const signatureHeader = sql`'algorithm=RSA256,keyVersion=1,signature=' || repeat(md5(coalesce(k.ref, k.n::text)), 11)`;
  const headers = (at: SQL, bodyLength: SQL) => sql`jsonb_build_object(
      'accept', '*/*', 'client-id', 'SANDBOX_5YBZ1Z2Y0K3H01234',
      'content-type', 'application/json; charset=UTF-8', 'content-length', (${bodyLength})::text,
      'host', 'plusdesk.example', 'request-time', to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
      'signature', ${signatureHeader}, 'user-agent', 'AlipayPlus-Gateway/2.4',
      'x-forwarded-for', '203.0.113.' || (abs(hashint4(k.n)) % 250)::text)`;
  const payBody = sql`'{"acquirerId":"1020000000000000001","pspId":"1022000000000000001","paymentRequestId":"' || k.ref
    || '","order":{"referenceOrderId":"ORD-' || k.n || '","orderDescription":"Order at Bench merchant","orderAmount":{"currency":"JPY","value":"'
    || k.amount + 300 || '"},"merchant":{"referenceMerchantId":"' || k.merchant || '","merchantMCC":"5812","merchantName":"Bench merchant","merchantAddress":{"region":"JP","city":"Tokyo"},"store":{"referenceStoreId":"'
    || k.store || '","storeName":"Bench store","storeMCC":"5812","storeTerminalId":"T-01","storeAddress":{"region":"JP","city":"Tokyo","address1":"1-1 Ginza"}}},"env":{"storeTerminalId":"T-01","storeTerminalRequestTime":"'
    || to_char(k.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}},"paymentAmount":{"currency":"JPY","value":"' || k.amount
    || '"},"payToAmount":{"currency":"KRW","value":"' || k.amount * 93 / 10 || '"},"paymentQuote":{"quoteId":"Q' || k.n
    || '","quoteCurrencyPair":"JPY/KRW","quotePrice":"9.3"},"paymentMethod":{"paymentMethodType":"CONNECT_WALLET","paymentMethodId":"****'
    || lpad((k.n % 10000)::text, 4, '0') || '","customerId":"' || coalesce(k.customer, '') || '"},"paymentFactor":{"isInStorePayment":"true","inStorePaymentScenario":"PaymentCode"},"paymentExpiryTime":"'
    || to_char((k.at + interval '1 minute') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    || '","paymentPromoInfo":{"paymentPromoDetails":[{"promoId":"' || ${p}::text || '-PROMO-0000042","promoName":"Bench promotion","promoType":"DISCOUNT","savingsAmount":{"currency":"KRW","value":"2790"}}]}}'`;
  const refBody = sql`'{"acquirerId":"1020000000000000001","pspId":"1022000000000000001","paymentRequestId":"' || coalesce(k.ref, '')
    || case when k.refund_ref is null then '' else '","refundRequestId":"' || k.refund_ref || '","refundAmount":{"currency":"JPY","value":"' || k.amount || '"},"refundReason":"customer returned the goods' end
    || '"}'`;
  const resultBody = sql`'{"result":{"resultCode":"' || k.result_code || '","resultStatus":"' || k.result_status
    || '","resultMessage":"' || case k.result_status when 'S' then 'success' when 'U' then 'unknown exception' else 'failed' end
    || '"}' || case when k.api = 'pay' and k.result_status = 'S' then ',"paymentId":"' || k.payment_id
    || '","paymentTime":"' || to_char(k.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    || '","paymentAmount":{"currency":"JPY","value":"' || k.amount || '"},"payToAmount":{"currency":"KRW","value":"'
    || k.amount * 93 / 10 || '"},"customerId":"' || coalesce(k.customer, '') || '"' else '' end || '}'`;
  const paths = {
    pay: "/aps/api/v1/payments/pay",
    refund: "/aps/api/v1/payments/refund",
    inquiryPayment: "/aps/api/v1/payments/inquiryPayment",
    cancelPayment: "/aps/api/v1/payments/cancelPayment",
    applyToken: "/aps/api/v1/authorizations/applyToken",
    riskCases: "/api/alipayplus/v1/risk-cases",
  };
  const randomPayment = (h: SQL) => sql`(${h}) % ${set.payments}::int`;
  // Every call's narrow facts in time order first; the bodies are built in that order after.
  const loadInbound = () =>
    run(
      db,
      sql`
    insert into inbound_calls (received_at, method, path, headers, raw_body, body_bytes,
                               body_sha256, signature_verdict, http_status, result_status,
                               result_code, response_body, latency_ms, payment_request_id,
                               refund_request_id)
    select k.at, 'POST', k.path,
           ${headers(sql`k.at`, sql`k.body_chars`)},
           k.body,
           case when k.http_status <> 413 then octet_length(k.body) end,
           case when k.verdict not in ('VALID', 'NOT_CHECKED')
                then encode(sha256(convert_to(k.body, 'UTF8')), 'hex') end,
           k.verdict::signature_verdict, k.http_status, k.result_status, k.result_code,
           case when k.http_status = 413 then null else ${resultBody} end,
           8 + abs(hashint4(k.n)) % 120 + case when k.api = 'pay' then 40 else 0 end,
           k.ref, k.refund_ref
      from (select k.*, char_length(k.body) body_chars
              from (select k.*, case when k.http_status = 413 then ''
                                     when k.api = 'pay' then ${payBody}
                                     else ${refBody} end body
                      from (
        select 'pay' api, ${paths.pay} path, p.received_at at, ${number(sql`p.payment_id`)} n,
               p.payment_request_id ref, null::text refund_ref, p.payment_id, p.customer_id customer,
               p.reference_merchant_id merchant, p.reference_store_id store, p.payment_amount_minor amount,
               'VALID' verdict, 200 http_status,
               case when p.status = 'SUCCESS' then 'S' else 'F' end result_status,
               p.result_code
          from payments p where ${payments}
        union all
        select 'refund', ${paths.refund}, r.refund_time, ${number(sql`r.refund_id`)},
               r.payment_request_id, r.refund_request_id, r.payment_id, r.customer_id, null, null,
               r.refund_amount_minor, 'VALID', 200, 'S', 'SUCCESS'
          from refunds r where r.refund_id like ${`${p}-R-%`}
        union all
        select 'inquiryPayment', ${paths.inquiryPayment}, p.received_at + interval '5 seconds',
               ${number(sql`p.payment_id`)}, p.payment_request_id, null, p.payment_id, p.customer_id,
               null, null, p.payment_amount_minor, 'VALID', 200,
               case when abs(hashint4(${number(sql`p.payment_id`)} + 5)) % 50 = 0 then 'U' else 'S' end,
               case when abs(hashint4(${number(sql`p.payment_id`)} + 5)) % 50 = 0 then 'UNKNOWN_EXCEPTION' else 'SUCCESS' end
          from payments p
         where ${payments} and abs(hashint4(${number(sql`p.payment_id`)} + 3)) % 20 = 0
        union all
        select 'cancelPayment', ${paths.cancelPayment}, p.received_at + interval '30 seconds',
               ${number(sql`p.payment_id`)}, p.payment_request_id, null, p.payment_id, p.customer_id,
               null, null, p.payment_amount_minor, 'VALID', 200, 'S', 'SUCCESS'
          from payments p
         where ${payments} and abs(hashint4(${number(sql`p.payment_id`)} + 4)) % 200 = 0
        union all
        select 'applyToken', ${paths.applyToken}, ${back(sql`random()`)}, g, null, null, null,
               ${idSql(p, "C", sql`g % 1000`)}, null, null, 0, 'VALID', 200, 'S', 'SUCCESS'
          from generate_series(0, ${Math.ceil(set.payments / 50)}::int - 1) g
        union all
        select 'risk-cases', ${paths.riskCases}, c.raised_at, ${number(sql`c.case_id`)}, null, null,
               null, null, null, null, 0, 'VALID', 200, 'S', 'SUCCESS'
          from risk_cases c where c.source = 'API'
        union all
        select 'unsigned pay', ${paths.pay}, ${back(sql`random()`)}, g,
               ${idSql(p, "PR", randomPayment(sql`abs(hashint4(g + 9))`))}, null, null, null,
               null, null, 1000,
               (array['INVALID', 'INVALID', 'INVALID', 'MISSING', 'UNKNOWN_CLIENT'])[1 + g % 5],
               401, 'F', 'INVALID_SIGNATURE'
          from generate_series(0, ${Math.ceil(set.payments / 1000)}::int - 1) g
        union all
        select 'pay', ${paths.pay}, ${back(sql`random()`)}, g, null, null, null, null, null, null,
               0, 'NOT_CHECKED', 413, null, null
          from generate_series(0, ${Math.ceil(set.payments / 10000)}::int - 1) g
        order by 3) k) k) k`,
    );

  // Console list entries: every rejected review's device blocked; expired allow entries.
  const loadListEntries = () =>
    run(
      db,
      sql`
    insert into risk_list_entries (list, subject_type, subject_id, reason, expires_at, created_at, created_by)
    select 'BLOCK'::risk_list_kind, 'DEVICE'::risk_subject_type, d.device_id, 'Rejected review: ' || r.payment_id, null, r.reviewed_at, r.reviewed_by
      from payment_reviews r join risk_decisions d on d.id = r.decision_id
     where r.verdict = 'REJECTED' and d.device_id is not null
    union all
    select 'ALLOW', 'CUSTOMER', ${idSql(p, "C", sql`k * 7`)}, 'VIP customer, manual checks done',
           ${back(sql`(k::float8 / ${shape.expiredListEntries}::int)`)} + interval '7 days',
           ${back(sql`(k::float8 / ${shape.expiredListEntries}::int)`)}, ${analyst(sql`k`)}
      from generate_series(0, ${shape.expiredListEntries}::int - 1) k
    on conflict do nothing`,
    );

  // The audit log, in time order: every verdict as decideReview records it, then the rest.
  // The verdicts are about a quarter of the log (2.3 % of payments).
  const fillers = Math.ceil(shape.auditRows * 0.75);
  const loadAudit = () =>
    run(
      db,
      sql`
    insert into staff_audit_log (at, actor_staff_id, actor_email, action, subject_type, subject_id,
                                 before, after)
    select at, 'staff-' || actor, actor, action, subject_type, subject_id, before, after
      from (
        select r.reviewed_at at, r.reviewed_by actor,
               case r.verdict when 'REJECTED' then 'review.reject' else 'review.approve' end action,
               'payment' subject_type, r.payment_id subject_id,
               jsonb_build_object('decisionId', r.decision_id::text, 'outcome', 'REVIEW', 'verdict', null) before,
               jsonb_build_object('decisionId', r.decision_id::text, 'outcome', 'REVIEW',
                                  'verdict', r.verdict, 'reason', r.reason,
                                  'abuse', r.verdict = 'REJECTED', 'blocked', '[]'::jsonb) after
          from payment_reviews r
        union all
        select ${back(sql`random()`)}, ${analyst(sql`g`)}, a.action, a.subject_type,
               case a.subject_type when 'risk-case' then ${p}::text || '-CASE-' || lpad((g % ${shape.cases}::int)::text, 7, '0')
                                   when 'list-entry' then 'BLOCK:DEVICE:' || ${idSql(p, "D", sql`g % 1000`)}
                                   else '2' end,
               case when a.action like 'case.%' then jsonb_build_object('status', 'OPEN') end,
               jsonb_build_object('status', 'INVESTIGATING', 'note', 'Checked the devices of the flagged accounts')
          from generate_series(0, ${fillers}::int - 1) g
         cross join lateral (
               select (array['lists.add', 'lists.add', 'lists.remove', 'case.status', 'case.status',
                             'case.note', 'case.note', 'case.note', 'case.create', 'case.conclude',
                             'case.export', 'case.block-device', 'rules.draft-update'])[1 + g % 13] action) a0
         cross join lateral (
               select a0.action,
                      case when a0.action like 'case.%' then 'risk-case'
                           when a0.action like 'lists.%' then 'list-entry'
                           else 'rule-set' end subject_type) a
         order by 1) x`,
    );

  await loadCases();
  // The calls' months: the span, a day either side (inquiries and cancels follow their pays).
  await ensureMonthPartitions(
    db,
    "inbound_calls",
    new Date(set.anchor.getTime() - (set.spanDays + 1) * 86_400_000),
    new Date(set.anchor.getTime() + 86_400_000),
  );
  await Promise.all([
    (async () => {
      await loadDecisions();
      await loadListEntries();
      await loadAudit();
    })(),
    loadInbound(),
    loadLedger(),
  ]);
  await run(db, sql`drop table bench_decision_templates`);
}

export interface ConsoleBenchCounts {
  payments: number;
  paymentPromotions: number;
  refunds: number;
  deviceEvents: number;
  riskDecisions: number;
  review: number;
  reject: number;
  paymentReviews: number;
  pendingReviews: number;
  ledgerEntries: number;
  inboundCalls: number;
  riskCases: number;
  riskCaseItems: number;
  listEntries: number;
  auditRows: number;
}

/** Rows per table (each set has a database of its own). */
export async function countConsoleBenchSet(db: Db): Promise<ConsoleBenchCounts> {
  const [row] = await db.execute<{ [K in keyof ConsoleBenchCounts]: number }>(sql`
    select
      (select count(*)::int from payments) as "payments",
      (select count(*)::int from payment_promotions) as "paymentPromotions",
      (select count(*)::int from refunds) as "refunds",
      (select count(*)::int from device_events) as "deviceEvents",
      (select count(*)::int from risk_decisions) as "riskDecisions",
      (select count(*)::int from risk_decisions where outcome = 'REVIEW') as "review",
      (select count(*)::int from risk_decisions where outcome = 'REJECT') as "reject",
      (select count(*)::int from payment_reviews) as "paymentReviews",
      (select count(*)::int from risk_decisions d
        where d.outcome = 'REVIEW'
          and not exists (select 1 from payment_reviews r where r.decision_id = d.id)) as "pendingReviews",
      (select count(*)::int from ledger_entries) as "ledgerEntries",
      (select count(*)::int from inbound_calls) as "inboundCalls",
      (select count(*)::int from risk_cases) as "riskCases",
      (select count(*)::int from risk_case_items) as "riskCaseItems",
      (select count(*)::int from risk_list_entries) as "listEntries",
      (select count(*)::int from staff_audit_log) as "auditRows"`);
  if (!row) throw new Error("no counts");
  return row;
}

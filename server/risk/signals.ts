/**
 * Everything the rules look at, read in one round trip (the decision sits inside Alipay+'s 8 s
 * pay deadline and inside the payment's transaction). Every event-based signal is computed "as of"
 * `at`, with inclusive windows measured back from it (PRODUCT.md M7), so the same query serves a
 * live payment and a backtest of a past one. Each subquery is index-backed (README, "Risk").
 */
import { is, Placeholder, sql, type SQL } from "drizzle-orm";
import type { Sql } from "postgres";
import type { Db, DbOrTx } from "@/db";

/** The payment being judged, as far as the signals need it. */
export interface RiskSubject {
  /** When Plusdesk received the request: windows end here. */
  at: Date;
  customerId: string;
  /** API.md §7 "Devices"; undefined: device signals are unavailable. */
  deviceId: string | undefined;
  /** The payment's promo ids (for repeat redemptions). */
  promoIds: readonly string[];
  referenceMerchantId: string | undefined;
  referenceStoreId: string | undefined;
  /** A backtest's payment is already stored: it must not count as its own history. */
  excludePaymentId?: string;
}

/** The look-back windows in force (a campaign may change them). */
export interface SignalWindows {
  redemptionDays: number;
  farmingDays: number;
  refundDays: number;
  loginHours: number;
}

export interface RiskSignals {
  customer: {
    creditRating: string | null;
    creditScore: number | null;
    accountCreatedAt: string | null;
  } | null;
  /** Unexpired list entries naming the customer, the device or the merchant. */
  lists: { list: "BLOCK" | "ALLOW"; subjectType: "CUSTOMER" | "DEVICE" | "MERCHANT" }[];
  /** Per promo id: the customer's earlier successful, uncancelled payments using it. */
  redemptions: Record<string, number>;
  /** Other customers who paid with promotions from the device; null without a device. */
  farmingOtherCustomers: number | null;
  /** The customer's promoted payments with a successful refund in the window. */
  refundedPromotedPayments: number;
  store: { region: string; lat: number; lng: number } | null;
  /** The device's latest integrity result and location fix by `at`, at or before the moment. */
  integrity: {
    at: string;
    appSignatureValid: boolean;
    emulator: boolean;
    rooted: boolean;
    hooked: boolean;
  } | null;
  location: { at: string; lat: number; lng: number; accuracyM: number } | null;
  /** Other customers who logged in on the device in the window; null without a device. */
  loginOtherCustomers: number | null;
  /** The live rule-set version as this statement saw it. */
  liveVersion: number | null;
}

/** Every value the statement takes: its text never changes, so it is prepared once per connection. */
const param = {
  at: sql.placeholder("at"),
  customerId: sql.placeholder("customerId"),
  deviceId: sql.placeholder("deviceId"),
  merchantId: sql.placeholder("merchantId"),
  storeId: sql.placeholder("storeId"),
  promoIds: sql.placeholder("promoIds"),
  excludePaymentId: sql.placeholder("excludePaymentId"),
  redemptionDays: sql.placeholder("redemptionDays"),
  farmingDays: sql.placeholder("farmingDays"),
  refundDays: sql.placeholder("refundDays"),
  loginHours: sql.placeholder("loginHours"),
};

const at = sql`${param.at}::timestamptz`;
const since = (amount: Placeholder, unit: "days" | "hours"): SQL =>
  sql`${param.at}::timestamptz - make_interval(${sql.raw(unit)} => ${amount}::int)`;
const device = sql`${param.deviceId}::text`;

type SignalRow = {
  customer: RiskSignals["customer"];
  lists: RiskSignals["lists"] | null;
  redemptions: Record<string, number> | null;
  farming: number | null;
  refunded: number;
  store: RiskSignals["store"];
  integrity: RiskSignals["integrity"];
  location: RiskSignals["location"];
  logins: number | null;
  liveVersion: number | null;
};

function signalSelect(db: DbOrTx) {
  return db
    .select({
      customer: sql<SignalRow["customer"]>`(select json_build_object(
                'creditRating', c.credit_rating,
                'creditScore', c.credit_score,
                'accountCreatedAt', c.account_created_at)
         from customers c where c.customer_id = ${param.customerId})`,
      lists: sql<
        SignalRow["lists"]
      >`(select json_agg(json_build_object('list', l.list, 'subjectType', l.subject_type))
         from risk_list_entries l
        where (l.expires_at is null or l.expires_at > ${at})
          and ((l.subject_type = 'CUSTOMER' and l.subject_id = ${param.customerId})
            or (l.subject_type = 'DEVICE' and l.subject_id = ${device})
            or (l.subject_type = 'MERCHANT' and l.subject_id = ${param.merchantId}::text)))`,
      redemptions: sql<SignalRow["redemptions"]>`(select json_object_agg(r.promo_id, r.n) from (
                  select pp.promo_id, count(distinct p.payment_id)::int as n
                    from payments p
                    join payment_promotions pp on pp.payment_id = p.payment_id
                   where p.customer_id = ${param.customerId}
                     and p.status = 'SUCCESS'
                     and p.payment_id is distinct from ${param.excludePaymentId}::text
                     and p.received_at between ${since(param.redemptionDays, "days")} and ${at}
                     and pp.promo_id = any(${param.promoIds}::text[])
                   group by pp.promo_id) r)`,
      farming: sql<SignalRow["farming"]>`(select count(distinct p.customer_id)::int
         from payments p
        where ${device} is not null
          and p.device_token_id = ${device}
          and p.status = 'SUCCESS'
          and p.customer_id <> ${param.customerId}
          and p.received_at between ${since(param.farmingDays, "days")} and ${at}
          and exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id))`,
      refunded: sql<SignalRow["refunded"]>`(select count(distinct r.payment_id)::int
         from refunds r
        where r.customer_id = ${param.customerId}
          and r.status = 'SUCCESS'
          and r.refund_time between ${since(param.refundDays, "days")} and ${at}
          and exists (select 1 from payment_promotions pp where pp.payment_id = r.payment_id))`,
      store: sql<
        SignalRow["store"]
      >`(select json_build_object('region', s.region, 'lat', s.lat, 'lng', s.lng)
         from stores s where s.reference_store_id = ${param.storeId}::text)`,
      integrity: sql<SignalRow["integrity"]>`(select json_build_object(
                'at', e.at, 'appSignatureValid', e.app_signature_valid, 'emulator', e.emulator,
                'rooted', e.rooted, 'hooked', e.hooked)
         from device_events e
        where e.device_id = ${device} and e.type = 'integrity' and e.at <= ${at}
        order by e.at desc, e.id desc limit 1)`,
      location: sql<
        SignalRow["location"]
      >`(select json_build_object('at', e.at, 'lat', e.lat, 'lng', e.lng, 'accuracyM', e.accuracy_m)
         from device_events e
        where e.device_id = ${device} and e.type = 'location' and e.at <= ${at}
        order by e.at desc, e.id desc limit 1)`,
      logins: sql<SignalRow["logins"]>`(select count(distinct e.customer_id)::int
         from device_events e
        where ${device} is not null
          and e.device_id = ${device}
          and e.type = 'login'
          and e.customer_id <> ${param.customerId}
          and e.at between ${since(param.loginHours, "hours")} and ${at})`,
      liveVersion: sql<SignalRow["liveVersion"]>`(select version from live_rule_set where id = 1)`,
    })
    .from(sql`(select 1) as one`);
}

/**
 * The statement, prepared (named) on the connection it runs on: Postgres parses and plans it
 * once per connection instead of on every payment — planning cost as much as running it.
 */
function signalStatement(db: DbOrTx) {
  return signalSelect(db).prepare("risk_signals");
}

function valuesOf(subject: RiskSubject, windows: SignalWindows) {
  return {
    at: subject.at.toISOString(),
    customerId: subject.customerId,
    deviceId: subject.deviceId ?? null,
    merchantId: subject.referenceMerchantId ?? null,
    storeId: subject.referenceStoreId ?? null,
    promoIds: [...new Set(subject.promoIds)],
    excludePaymentId: subject.excludePaymentId ?? null,
    ...windows,
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the signal statement for a subject: its plan lines (bench:risk). */
export async function explainSignals(
  db: Db,
  client: Sql,
  subject: RiskSubject,
  windows: SignalWindows,
): Promise<string[]> {
  const query = signalSelect(db).toSQL();
  const values: Record<string, unknown> = valuesOf(subject, windows);
  const params = query.params.map((p) => (is(p, Placeholder) ? values[p.name] : p));
  const rows = await client.unsafe<{ "QUERY PLAN": string }[]>(
    `explain (analyze, buffers) ${query.sql}`,
    params as never[],
  );
  return rows.map((row) => row["QUERY PLAN"]);
}

export async function readSignals(
  db: DbOrTx,
  subject: RiskSubject,
  windows: SignalWindows,
): Promise<RiskSignals> {
  const device = subject.deviceId ?? null;
  const [row] = await signalStatement(db).execute(valuesOf(subject, windows));
  if (!row) throw new Error("the signal query returned no row");
  return {
    customer: row.customer,
    lists: row.lists ?? [],
    redemptions: row.redemptions ?? {},
    farmingOtherCustomers: device === null ? null : row.farming,
    refundedPromotedPayments: row.refunded,
    store: row.store,
    integrity: row.integrity,
    location: row.location,
    loginOtherCustomers: device === null ? null : row.logins,
    liveVersion: row.liveVersion,
  };
}

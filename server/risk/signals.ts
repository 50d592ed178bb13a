/**
 * Everything the rules look at, read in one round trip (the decision sits inside Alipay+'s 8 s
 * pay deadline and inside the payment's transaction). Every event-based signal is computed "as of"
 * `at`, with inclusive windows measured back from it (docs/protocol.md#risk-rules), so the same
 * subqueries serve a live payment and a backtest of past ones. Each subquery is index-backed
 * (README, "Risk").
 *
 * Each signal's SQL is written once, as a scalar subquery over the subject's columns, and used by
 * two statements: one subject from parameters (a live decision), and many subjects from a JSON
 * array (a backtest's page of payments, ./backtest.ts), so both compute exactly the same thing.
 * Both statements are plain text built once at load and run straight on the postgres.js
 * connection, prepared (named): Postgres parses and plans them once per connection, and a
 * decision builds no query objects.
 */
import { is } from "drizzle-orm";
import { PostgresJsSession } from "drizzle-orm/postgres-js";
import type { Sql } from "postgres";
import type { DbOrTx } from "@/db";

/** The payment being judged, as far as the signals need it. */
export interface RiskSubject {
  /** When Plusdesk received the request: windows end here. */
  at: Date;
  customerId: string;
  /** docs/protocol.md#devices; undefined: device signals are unavailable. */
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

/**
 * The signals computed from stored events as of the payment's time (what a backtest recomputes;
 * the state signals — credit, lists, store — it takes from the payment's recorded decision).
 */
export type EventSignals = Pick<
  RiskSignals,
  | "redemptions"
  | "farmingOtherCustomers"
  | "refundedPromotedPayments"
  | "integrity"
  | "location"
  | "loginOtherCustomers"
>;

/** SQL expressions (typed) for the subject's values, which the signal subqueries read. */
interface SubjectSql {
  at: string;
  customerId: string;
  deviceId: string;
  merchantId: string;
  storeId: string;
  promoIds: string;
  excludePaymentId: string;
  redemptionDays: string;
  farmingDays: string;
  refundDays: string;
  loginHours: string;
}

const since = (s: SubjectSql, amount: string, unit: "days" | "hours") =>
  `${s.at} - make_interval(${unit} => ${amount})`;

/**
 * `p.status = 'SUCCESS'`, compared as text so that no plan can use the console's partial index
 * of successful payments by time (`payments_success_received_idx`, migration 0007): for a
 * per-customer or per-device count it means reading every successful payment of the window,
 * and a generic plan made while the statistics were stale picked it (4–5 ms more of Postgres per
 * decision at bench:pay's size, growing with the table). The customer's and the device's
 * indexes (customer_id or device_token_id, received_at) are the ones meant (README, "Risk").
 */
const SUCCESSFUL_PAYMENT = "p.status::text = 'SUCCESS'";

/** One scalar subquery per signal. */
const SIGNAL_SQL = {
  customer: (s: SubjectSql) => `(select json_build_object(
                'creditRating', c.credit_rating,
                'creditScore', c.credit_score,
                'accountCreatedAt', c.account_created_at)
         from customers c where c.customer_id = ${s.customerId})`,
  lists: (
    s: SubjectSql,
  ) => `(select json_agg(json_build_object('list', l.list, 'subjectType', l.subject_type))
         from risk_list_entries l
        where (l.expires_at is null or l.expires_at > ${s.at})
          and ((l.subject_type = 'CUSTOMER' and l.subject_id = ${s.customerId})
            or (l.subject_type = 'DEVICE' and l.subject_id = ${s.deviceId})
            or (l.subject_type = 'MERCHANT' and l.subject_id = ${s.merchantId})))`,
  redemptions: (s: SubjectSql) => `(select json_object_agg(r.promo_id, r.n) from (
                  select pp.promo_id, count(distinct p.payment_id)::int as n
                    from payments p
                    join payment_promotions pp on pp.payment_id = p.payment_id
                   where p.customer_id = ${s.customerId}
                     and ${SUCCESSFUL_PAYMENT}
                     and p.payment_id is distinct from ${s.excludePaymentId}
                     and p.received_at between ${since(s, s.redemptionDays, "days")} and ${s.at}
                     and pp.promo_id = any(${s.promoIds})
                   group by pp.promo_id) r)`,
  farming: (s: SubjectSql) => `(select count(distinct p.customer_id)::int
         from payments p
        where ${s.deviceId} is not null
          and p.device_token_id = ${s.deviceId}
          and ${SUCCESSFUL_PAYMENT}
          and p.customer_id <> ${s.customerId}
          and p.received_at between ${since(s, s.farmingDays, "days")} and ${s.at}
          and exists (select 1 from payment_promotions pp where pp.payment_id = p.payment_id))`,
  refunded: (s: SubjectSql) => `(select count(distinct r.payment_id)::int
         from refunds r
        where r.customer_id = ${s.customerId}
          and r.status = 'SUCCESS'
          and r.refund_time between ${since(s, s.refundDays, "days")} and ${s.at}
          and exists (select 1 from payment_promotions pp where pp.payment_id = r.payment_id))`,
  store: (
    s: SubjectSql,
  ) => `(select json_build_object('region', s.region, 'lat', s.lat, 'lng', s.lng)
         from stores s where s.reference_store_id = ${s.storeId})`,
  integrity: (s: SubjectSql) => `(select json_build_object(
                'at', e.at, 'appSignatureValid', e.app_signature_valid, 'emulator', e.emulator,
                'rooted', e.rooted, 'hooked', e.hooked)
         from device_events e
        where e.device_id = ${s.deviceId} and e.type = 'integrity' and e.at <= ${s.at}
        order by e.at desc, e.id desc limit 1)`,
  location: (
    s: SubjectSql,
  ) => `(select json_build_object('at', e.at, 'lat', e.lat, 'lng', e.lng, 'accuracyM', e.accuracy_m)
         from device_events e
        where e.device_id = ${s.deviceId} and e.type = 'location' and e.at <= ${s.at}
        order by e.at desc, e.id desc limit 1)`,
  logins: (s: SubjectSql) => `(select count(distinct e.customer_id)::int
         from device_events e
        where ${s.deviceId} is not null
          and e.device_id = ${s.deviceId}
          and e.type = 'login'
          and e.customer_id <> ${s.customerId}
          and e.at between ${since(s, s.loginHours, "hours")} and ${s.at})`,
};

/** A live decision's subject: parameters $1…$11, in the order of `parametersOf`. */
const PARAMETER_SUBJECT: SubjectSql = {
  at: "$1::timestamptz",
  customerId: "$2::text",
  deviceId: "$3::text",
  merchantId: "$4::text",
  storeId: "$5::text",
  promoIds: "$6::text[]",
  excludePaymentId: "$7::text",
  redemptionDays: "$8::int",
  farmingDays: "$9::int",
  refundDays: "$10::int",
  loginHours: "$11::int",
};

/** Every signal for one subject, and the live rule-set version. */
const SIGNALS_STATEMENT = `select
  ${SIGNAL_SQL.customer(PARAMETER_SUBJECT)} as customer,
  ${SIGNAL_SQL.lists(PARAMETER_SUBJECT)} as lists,
  ${SIGNAL_SQL.redemptions(PARAMETER_SUBJECT)} as redemptions,
  ${SIGNAL_SQL.farming(PARAMETER_SUBJECT)} as farming,
  ${SIGNAL_SQL.refunded(PARAMETER_SUBJECT)} as refunded,
  ${SIGNAL_SQL.store(PARAMETER_SUBJECT)} as store,
  ${SIGNAL_SQL.integrity(PARAMETER_SUBJECT)} as integrity,
  ${SIGNAL_SQL.location(PARAMETER_SUBJECT)} as location,
  ${SIGNAL_SQL.logins(PARAMETER_SUBJECT)} as logins,
  (select version from live_rule_set where id = 1) as "liveVersion"`;

/** A backtest's subjects: the rows of `$1`, a JSON array of `rowOf`s. */
const ROW_SUBJECT: SubjectSql = {
  at: "subject.at",
  customerId: "subject.customer_id",
  deviceId: "subject.device_id",
  merchantId: "subject.merchant_id",
  storeId: "subject.store_id",
  promoIds: "subject.promo_ids",
  excludePaymentId: "subject.exclude_payment_id",
  redemptionDays: "subject.redemption_days",
  farmingDays: "subject.farming_days",
  refundDays: "subject.refund_days",
  loginHours: "subject.login_hours",
};

/** The event signals for many subjects, one row each (`i`: its index in the input). */
const EVENT_SIGNALS_STATEMENT = `select subject.i,
  ${SIGNAL_SQL.redemptions(ROW_SUBJECT)} as redemptions,
  ${SIGNAL_SQL.farming(ROW_SUBJECT)} as farming,
  ${SIGNAL_SQL.refunded(ROW_SUBJECT)} as refunded,
  ${SIGNAL_SQL.integrity(ROW_SUBJECT)} as integrity,
  ${SIGNAL_SQL.location(ROW_SUBJECT)} as location,
  ${SIGNAL_SQL.logins(ROW_SUBJECT)} as logins
  from jsonb_to_recordset($1::jsonb) as subject(i int, at timestamptz, customer_id text, device_id text,
       merchant_id text, store_id text, promo_ids text[], exclude_payment_id text,
       redemption_days int, farming_days int, refund_days int, login_hours int)`;

/** The statement's values, in the order of PARAMETER_SUBJECT. */
function parametersOf(subject: RiskSubject, windows: SignalWindows) {
  return [
    subject.at.toISOString(),
    subject.customerId,
    subject.deviceId ?? null,
    subject.referenceMerchantId ?? null,
    subject.referenceStoreId ?? null,
    [...new Set(subject.promoIds)],
    subject.excludePaymentId ?? null,
    windows.redemptionDays,
    windows.farmingDays,
    windows.refundDays,
    windows.loginHours,
  ];
}

/** A subject as one element of EVENT_SIGNALS_STATEMENT's JSON array. */
function rowOf(i: number, subject: RiskSubject, windows: SignalWindows) {
  return {
    i,
    at: subject.at.toISOString(),
    customer_id: subject.customerId,
    device_id: subject.deviceId ?? null,
    merchant_id: subject.referenceMerchantId ?? null,
    store_id: subject.referenceStoreId ?? null,
    promo_ids: [...new Set(subject.promoIds)],
    exclude_payment_id: subject.excludePaymentId ?? null,
    redemption_days: windows.redemptionDays,
    farming_days: windows.farmingDays,
    refund_days: windows.refundDays,
    login_hours: windows.loginHours,
  };
}

/**
 * The postgres.js connection (or transaction) under a Drizzle handle: the statements run on it
 * directly, inside the caller's transaction when given one.
 */
export function clientOf(db: DbOrTx): Sql {
  const session = db._.session;
  if (!is(session, PostgresJsSession)) throw new Error("the signal statements need postgres.js");
  return (session as PostgresJsSession<Sql, never, never>).client;
}

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

/** EXPLAIN (ANALYZE, BUFFERS) of the signal statement for a subject: its plan lines (bench:risk). */
export async function explainSignals(
  client: Sql,
  subject: RiskSubject,
  windows: SignalWindows,
): Promise<string[]> {
  const rows = await client.unsafe<{ "QUERY PLAN": string }[]>(
    `explain (analyze, buffers) ${SIGNALS_STATEMENT}`,
    parametersOf(subject, windows) as never[],
  );
  return rows.map((row) => row["QUERY PLAN"]);
}

export async function readSignals(
  db: DbOrTx,
  subject: RiskSubject,
  windows: SignalWindows,
): Promise<RiskSignals> {
  const [row] = await clientOf(db).unsafe<SignalRow[]>(
    SIGNALS_STATEMENT,
    parametersOf(subject, windows) as never[],
    { prepare: true },
  );
  if (!row) throw new Error("the signal query returned no row");
  return {
    customer: row.customer,
    lists: row.lists ?? [],
    store: row.store,
    liveVersion: row.liveVersion,
    ...eventSignalsOf(row, subject.deviceId),
  };
}

/** A row's event signals; without a device, the device counts are unavailable (null). */
function eventSignalsOf(row: EventColumns, deviceId: string | undefined): EventSignals {
  const device = deviceId !== undefined;
  return {
    redemptions: row.redemptions ?? {},
    farmingOtherCustomers: device ? row.farming : null,
    refundedPromotedPayments: row.refunded,
    integrity: row.integrity,
    location: row.location,
    loginOtherCustomers: device ? row.logins : null,
  };
}

/** One subject of a set-based read, with the windows to count in. */
export interface SignalRequest {
  subject: RiskSubject;
  windows: SignalWindows;
}

/** The columns both statements return for the event signals. */
type EventColumns = Pick<
  SignalRow,
  "redemptions" | "farming" | "refunded" | "integrity" | "location" | "logins"
>;

type EventSignalRow = EventColumns & { i: number };

/**
 * The event signals of many subjects in one statement, each as of its own moment and with its
 * own windows: for each request exactly the values `readSignals` reads for it (the same
 * subqueries). In the order of the requests.
 */
export async function readEventSignals(
  db: DbOrTx,
  requests: readonly SignalRequest[],
): Promise<EventSignals[]> {
  if (requests.length === 0) return [];
  const input = JSON.stringify(requests.map((r, i) => rowOf(i, r.subject, r.windows)));
  const rows = await clientOf(db).unsafe<EventSignalRow[]>(EVENT_SIGNALS_STATEMENT, [input], {
    prepare: true,
  });
  const signals = new Array<EventSignals>(requests.length);
  for (const row of rows) {
    signals[row.i] = eventSignalsOf(row, requests[row.i]!.subject.deviceId);
  }
  if (rows.length !== requests.length) throw new Error("the signal query lost a subject");
  return signals;
}

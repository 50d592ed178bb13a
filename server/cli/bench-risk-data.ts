/**
 * The data `npm run bench:risk` decides against, bulk-loaded with SQL (generate_series and
 * INSERT … SELECT: the rows never pass through Node). Several sets live side by side in one
 * database, told apart by the prefix of every id (`S-C-0000042`, `L-P-0000042`), so the same
 * tables, indexes and statistics serve a small and a large set alike, as in production.
 *
 * Shape of a set, all spread uniformly over `spanDays` before `anchor`:
 * - customers (3 % rated BAD, 3 % scoring under 300, accounts up to 4 years old) and as many
 *   devices, device k belonging to customer k: `payments / perSubject` of each, so every
 *   customer has about `perSubject` payments and every device about `events / devices` events
 *   whatever the set's size (a 100× larger set has 100× the customers, not 100× the history per
 *   customer: what grows is the tables, which is what the bench compares);
 * - payments: 95 % SUCCESS; 90 % from the customer's own device, 5 % another device, 5 % none;
 *   stores of one region, 1 % of them gambling MCCs (every 100th, none below 100 stores); 0, 1 or 2 promotions (20/70/10 %) from a
 *   pool of `payments / 1000` promo ids (at least 20); about 10 % of them refunded;
 * - device events: 50 % login (10 % by another customer than the owner), 25 % integrity (3 %
 *   tampered), 25 % location (near the stores);
 * - stores with positions, and list entries: 0.5 % of customers blocked, 0.5 % of devices
 *   allowed, 1 % of merchants blocked (every 100th, none below 100 merchants).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { ensureMonthPartitions } from "../retention/partitions";

export interface RiskBenchSet {
  /** Prefix of every id of the set; sets with different prefixes never share a row. */
  prefix: string;
  events: number;
  payments: number;
  /** Payments per customer (and customers per device: one each) on average. */
  perSubject: number;
  spanDays: number;
  /** The newest moment of the set's history (its payments, events and refunds). */
  anchor: Date;
}

export interface RiskBenchShape {
  customers: number;
  devices: number;
  stores: number;
  merchants: number;
  promos: number;
}

export function shapeOf(set: RiskBenchSet): RiskBenchShape {
  const customers = Math.max(1, Math.ceil(set.payments / set.perSubject));
  const stores = Math.max(10, Math.ceil(customers / 20));
  return {
    customers,
    devices: customers,
    stores,
    merchants: Math.ceil(stores / 4),
    promos: Math.max(20, Math.ceil(set.payments / 1000)),
  };
}

/** Ids as the loader writes them (7 digits: lexical order is numeric order). */
export const benchId = (prefix: string, kind: string, n: number) =>
  `${prefix}-${kind}-${String(n).padStart(7, "0")}`;

/** benchId in SQL, for a generated number. */
export function idSql(prefix: string, kind: string, n: SQL): SQL {
  return sql`(${prefix}::text || ${`-${kind}-`}::text || lpad((${n})::text, 7, '0'))`;
}

/**
 * Loads one set: customers, stores and lists first, then device events on one connection while
 * payments, their promotions and refunds go in on another (two cores). No ANALYZE: the caller
 * runs it once every set is in.
 */
export async function loadRiskBenchSet(db: Db, set: RiskBenchSet): Promise<void> {
  const shape = shapeOf(set);
  const p = set.prefix;
  const anchor = sql`${set.anchor.toISOString()}::timestamptz`;
  const back = (fraction: SQL) =>
    sql`(${anchor} - ${fraction} * ${set.spanDays}::int * interval '1 day')`;

  await run(
    db,
    sql`
    insert into customers (customer_id, display_name, status, kyc_status, credit_rating,
                           credit_score, account_created_at)
    select ${idSql(p, "C", sql`k`)}, 'Bench customer ' || k, 'ACTIVE', 'VERIFIED',
           (case when r < 0.03 then 'BAD' when r < 0.2 then 'FAIR' else 'GOOD' end)::credit_rating,
           -- 3 % below the bad-credit threshold (300), the rest 300–1000.
           case when r2 < 0.03 then floor(r2 / 0.03 * 300) else 300 + floor(r2 * 700) end::int,
           ${anchor} - (1 + r3 * 1500) * interval '1 day'
      from (select k, random() r, random() r2, random() r3
              from generate_series(0, ${shape.customers}::int - 1) k offset 0) g`,
  );
  await run(
    db,
    sql`
    insert into stores (reference_store_id, reference_merchant_id, store_name, region, city, lat, lng)
    select ${idSql(p, "S", sql`s`)}, ${idSql(p, "M", sql`s / 4`)}, 'Bench store ' || s, 'JP', 'Tokyo',
           35.55 + random() * 0.3, 139.55 + random() * 0.4
      from generate_series(0, ${shape.stores}::int - 1) s`,
  );
  await run(
    db,
    sql`
    insert into risk_list_entries (list, subject_type, subject_id, reason, expires_at, created_by)
    select 'BLOCK'::risk_list_kind, 'CUSTOMER'::risk_subject_type, ${idSql(p, "C", sql`k`)},
           'bench', null::timestamptz, 'bench'
      from generate_series(0, ${shape.customers}::int - 1, 200) k
    union all
    select 'ALLOW', 'DEVICE', ${idSql(p, "D", sql`k`)}, 'bench', ${anchor} + interval '30 days', 'bench'
      from generate_series(0, ${shape.devices}::int - 1, 200) k
    union all
    select 'BLOCK', 'MERCHANT', ${idSql(p, "M", sql`k`)}, 'bench', null, 'bench'
      from generate_series(99, ${shape.merchants}::int - 1, 100) k`,
  );

  const spanStart = new Date(set.anchor.getTime() - set.spanDays * 86_400_000);
  await ensureMonthPartitions(db, "device_events", spanStart, set.anchor);
  const events = run(
    db,
    sql`
    insert into device_events (event_id, type, device_id, customer_id, at, received_at,
                               app_signature_valid, emulator, rooted, hooked, lat, lng, accuracy_m, raw)
    select e.event_id, e.type, e.device_id, e.customer_id, e.at, e.at,
           e.signature_ok, e.emulator, false, false, e.lat, e.lng, e.accuracy_m,
           jsonb_strip_nulls(jsonb_build_object(
             'eventId', e.event_id, 'type', e.type, 'deviceId', e.device_id,
             'customerId', e.customer_id, 'at', e.at, 'lat', e.lat, 'lng', e.lng,
             'accuracyM', e.accuracy_m, 'appSignatureValid', e.signature_ok, 'emulator', e.emulator))
      from (select ${idSql(p, "E", sql`i`)} as event_id,
                   t.type,
                   ${idSql(p, "D", sql`g.d`)} as device_id,
                   case when t.type = 'integrity' then null
                        when g.r < 0.9 then ${idSql(p, "C", sql`g.d % ${shape.customers}::int`)}
                        else ${idSql(p, "C", sql`g.other`)} end as customer_id,
                   ${back(sql`g.age`)} as at,
                   case when t.type = 'integrity' then g.r >= 0.03 end as signature_ok,
                   case when t.type = 'integrity' then false end as emulator,
                   case when t.type = 'location' then 35.55 + g.r * 0.3 end as lat,
                   case when t.type = 'location' then 139.55 + g.r2 * 0.4 end as lng,
                   case when t.type = 'location' then 5 + g.r2 * 100 end as accuracy_m
              from (select i, floor(random() * ${shape.devices}::int)::int d,
                           floor(random() * ${shape.customers}::int)::int other,
                           random() kind, random() age, random() r, random() r2
                      from generate_series(0, ${set.events}::int - 1) i offset 0) g
              cross join lateral (select (case when g.kind < 0.5 then 'login'
                                               when g.kind < 0.75 then 'integrity'
                                               else 'location' end)::device_event_type as type) t
           ) e`,
  );

  const payments = (async () => {
    await run(
      db,
      sql`
      insert into payments (payment_id, payment_request_id, status, result_code, customer_id,
                            acquirer_id, psp_id, payment_amount_minor, payment_currency,
                            pay_to_amount_minor, pay_to_currency, order_amount_minor, order_currency,
                            quote_currency_pair, quote_price, reference_order_id,
                            reference_merchant_id, merchant_name, merchant_mcc, merchant_region,
                            reference_store_id, store_name, store_mcc, is_in_store_payment,
                            payment_method_id_hash, payment_method_id_last4, device_token_id,
                            payment_time, received_at, request_hash, promotion_reading)
      select ${idSql(p, "P", sql`i`)}, ${idSql(p, "PR", sql`i`)},
             (case when g.rs < 0.95 then 'SUCCESS' else 'FAILED' end)::payment_status,
             case when g.rs < 0.95 then 'SUCCESS' else 'USER_BALANCE_NOT_ENOUGH' end,
             ${idSql(p, "C", sql`g.c`)}, '1020000000000000001', '1022000000000000001',
             g.amount, 'JPY', g.amount * 93 / 10, 'KRW', g.amount + 300, 'JPY', 'JPY/KRW', '9.3',
             'ORD-' || i, ${idSql(p, "M", sql`g.s / 4`)}, 'Bench merchant ' || (g.s / 4),
             case when g.s % 100 = 99 then '7995' else '5812' end, 'JP',
             ${idSql(p, "S", sql`g.s`)}, 'Bench store ' || g.s,
             case when g.s % 100 = 99 then '7995' else '5812' end, true,
             md5(${p}::text || i), lpad((i % 10000)::text, 4, '0'),
             case when g.rd < 0.9 then ${idSql(p, "D", sql`g.c % ${shape.devices}::int`)}
                  when g.rd < 0.95 then ${idSql(p, "D", sql`g.other`)} end,
             case when g.rs < 0.95 then ${back(sql`g.age`)} end, ${back(sql`g.age`)},
             md5(${p}::text || 'PR' || i),
             -- Promoted exactly when the promotions below give it rows (the same hash); one
             -- promoted payment in 200 came with promotions not fully read.
             (case when abs(hashint4(i)) % 10 < 2 then null
                   when abs(hashint4(i + 7)) % 200 = 0 then 'PARTLY_READ'
                   else 'READ' end)::promotion_reading
        from (select i, floor(random() * ${shape.customers}::int)::int c,
                     floor(random() * ${shape.devices}::int)::int other,
                     floor(random() * ${shape.stores}::int)::int s,
                     (500 + floor(random() * 20000))::bigint amount,
                     random() rs, random() rd, random() age
                from generate_series(0, ${set.payments}::int - 1) i offset 0) g`,
    );
    // 0, 1 or 2 promotions per payment (20/70/10 %), decided by a hash of its number.
    await run(
      db,
      sql`
      insert into payment_promotions (payment_id, position, promo_id, promo_name, promo_type,
                                      amount_minor, currency, wallet_amount_minor, wallet_currency,
                                      conversion, rate, raw)
      select ${idSql(p, "P", sql`i`)}, pos, ${idSql(p, "PROMO", sql`g.promo`)}, 'Bench promotion',
             'DISCOUNT', 300, 'JPY', 2790, 'KRW', 'CONVERTED', '9.3',
             jsonb_build_object('promoId', ${idSql(p, "PROMO", sql`g.promo`)},
                                'savingsAmount', jsonb_build_object('currency', 'KRW', 'value', '2790'))
        from generate_series(0, ${set.payments}::int - 1) i
        cross join lateral generate_series(1, case when abs(hashint4(i)) % 10 < 2 then 0
                                                   when abs(hashint4(i)) % 10 < 9 then 1
                                                   else 2 end) pos
        cross join lateral (select floor(random() * ${shape.promos}::int + 0 * pos)::int promo) g`,
    );
    // About 10 % of all payments (a share of the successful ones) refunded, days later at most.
    await run(
      db,
      sql`
      insert into refunds (refund_id, refund_request_id, payment_request_id, payment_id, customer_id, status,
                           result_code, refund_amount_minor, refund_currency,
                           refund_from_amount_minor, credit_minor, refund_from_currency, refund_time,
                           request_hash, response_body, request)
      select ${idSql(p, "R", sql`n`)}, ${idSql(p, "RR", sql`n`)}, payment_request_id, payment_id,
             customer_id, 'SUCCESS', 'SUCCESS', payment_amount_minor, payment_currency, pay_to_amount_minor,
             pay_to_amount_minor, pay_to_currency, least(${anchor}, received_at + random() * interval '5 days'),
             md5(payment_id), '{}', '{}'::jsonb
        from (select p.*, row_number() over () n
                from payments p
               where p.payment_id between ${benchId(p, "P", 0)} and ${benchId(p, "P", 9_999_999)}
                 and p.status = 'SUCCESS'
                 and random() < 0.1 / 0.95 offset 0) r`,
    );
  })();

  await Promise.all([events, payments]);
}

/** One statement in its own transaction, free of the pool's statement timeout (loads take long). */
export async function run(db: Db, statement: SQL): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(statement);
  });
}

/**
 * Records an ALLOW decision, with the state signals a live decision would have stored (credit,
 * no list entries, no store), for every stored payment `where` selects (`p` the payment, `c` its
 * customer): what a backtest needs of payments loaded with SQL rather than paid.
 */
export function recordDecisionsFor(where: SQL): SQL {
  return sql`
    insert into risk_decisions (payment_request_id, payment_id, context, customer_id, device_id,
                                rule_set_version, outcome, verdicts, signals, campaigns,
                                decided_at, duration_us)
    select p.payment_request_id, p.payment_id, 'PAY', p.customer_id, p.device_token_id, 1,
           'ALLOW', '[]'::jsonb,
           jsonb_build_object('customer', jsonb_build_object('creditRating', c.credit_rating,
                                'creditScore', c.credit_score,
                                'accountCreatedAt', c.account_created_at),
                              'lists', '[]'::jsonb, 'store', null),
           '[]'::jsonb, p.received_at, 0
      from payments p join customers c on c.customer_id = p.customer_id
     where ${where}`;
}

export interface RiskBenchCounts {
  customers: number;
  stores: number;
  listEntries: number;
  deviceEvents: number;
  payments: number;
  paymentPromotions: number;
  refunds: number;
}

/** The set's rows per table (by id prefix). */
export async function countRiskBenchSet(db: Db, prefix: string): Promise<RiskBenchCounts> {
  const like = `${prefix}-%`;
  const [row] = await db.execute<{ [K in keyof RiskBenchCounts]: number }>(sql`
    select
      (select count(*)::int from customers where customer_id like ${like}) as "customers",
      (select count(*)::int from stores where reference_store_id like ${like}) as "stores",
      (select count(*)::int from risk_list_entries where subject_id like ${like}) as "listEntries",
      (select count(*)::int from device_events where event_id like ${like}) as "deviceEvents",
      (select count(*)::int from payments where payment_id like ${like}) as "payments",
      (select count(*)::int from payment_promotions where payment_id like ${like}) as "paymentPromotions",
      (select count(*)::int from refunds where refund_id like ${like}) as "refunds"`);
  if (!row) throw new Error("no counts");
  return row;
}

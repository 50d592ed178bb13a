/**
 * Backtests (PRODUCT.md M7, issue 5): a rule-set version (usually the draft) against the stored
 * payments of a past window, next to a baseline (the live version unless told). Event-based signals
 * (logins, integrity, locations, redemptions, refunds) are recomputed as of each payment's time —
 * so a changed window or threshold is honoured; state signals (credit, account age, lists, store
 * position) are the values recorded in the payment's decision. A payment without a recorded
 * decision is reported as undecided. Read-only.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { RiskOutcome, RuleVerdict } from "./evaluate";
import { judge, subjectOf, type Judgement, type RiskCase } from "./judge";
import { liveVersion, publishedConfig, ruleSetConfig } from "./rule-sets";
import { readSignals, type RiskSignals } from "./signals";

export interface BacktestOptions {
  /** The version to test (a draft or any published one). */
  version: number;
  /** What to compare with; default: the live version. */
  against?: number;
  from: Date;
  to: Date;
  /** Payments judged at once (each takes a pooled connection). */
  concurrency?: number;
  /** How many changed payments to list (all are counted). */
  changedLimit?: number;
  /** Payments read per statement. */
  pageSize?: number;
}

/** Promotion money per currency, minor units as decimal strings. */
export type MoneyByCurrency = Record<string, string>;

export interface RuleImpact {
  rule: string;
  /** Payments this rule would have stopped (a REJECT hit in a rejected payment). */
  stoppedPayments: number;
  stoppedPromotionMoney: MoneyByCurrency;
}

export interface BacktestSide {
  version: number;
  outcomes: Record<RiskOutcome, number>;
  rules: RuleImpact[];
}

export interface BacktestReport {
  from: Date;
  to: Date;
  payments: number;
  /** No recorded decision to take state signals from. */
  undecided: number;
  candidate: BacktestSide;
  baseline: BacktestSide;
  changedTotal: number;
  changed: {
    paymentId: string;
    paymentRequestId: string;
    receivedAt: Date;
    baseline: RiskOutcome;
    candidate: RiskOutcome;
  }[];
  durationMs: number;
}

type StoredPayment = {
  paymentId: string;
  paymentRequestId: string;
  receivedAt: Date;
  /** received_at exactly (microseconds; a Date keeps milliseconds): the page cursor. */
  receivedAtText: string;
  customerId: string;
  deviceId: string | null;
  merchantId: string | null;
  merchantMcc: string | null;
  storeId: string | null;
  storeMcc: string | null;
  inStore: boolean | null;
  promotions: { promoId: string | null; amountMinor: string; currency: string }[] | null;
  recorded: Pick<RiskSignals, "customer" | "lists" | "store"> | null;
};

export async function backtest(db: Db, options: BacktestOptions): Promise<BacktestReport> {
  const started = performance.now();
  const candidateConfig = await ruleSetConfig(db, options.version);
  const baselineVersion = options.against ?? (await liveVersion(db));
  const baselineConfig = await publishedConfig(db, baselineVersion);
  const candidate = newSide(options.version);
  const baseline = newSide(baselineVersion);
  const report: BacktestReport = {
    from: options.from,
    to: options.to,
    payments: 0,
    undecided: 0,
    candidate,
    baseline,
    changedTotal: 0,
    changed: [],
    durationMs: 0,
  };
  const changedLimit = options.changedLimit ?? 100;

  const judgeOne = async (payment: StoredPayment) => {
    if (!payment.recorded) {
      report.undecided++;
      return;
    }
    const riskCase = caseOf(payment);
    const signalsFor = signalSource(db, riskCase, payment);
    const before = await judge(baselineConfig, riskCase, signalsFor);
    const after = await judge(candidateConfig, riskCase, signalsFor);
    const money = promotionMoney(payment);
    tally(baseline, before, money);
    tally(candidate, after, money);
    const [from, to] = [before?.outcome ?? "ALLOW", after?.outcome ?? "ALLOW"];
    if (from === to) return;
    report.changedTotal++;
    if (report.changed.length < changedLimit) {
      report.changed.push({
        paymentId: payment.paymentId,
        paymentRequestId: payment.paymentRequestId,
        receivedAt: payment.receivedAt,
        baseline: from,
        candidate: to,
      });
    }
  };

  // Pages of payments by (received_at, payment_id): short statements, bounded memory.
  let after: PageCursor | null = null;
  for (;;) {
    const page = await storedPayments(db, options, after);
    if (page.length === 0) break;
    report.payments += page.length;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < page.length; i = next++) await judgeOne(page[i]!);
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    const last = page[page.length - 1]!;
    after = { receivedAtText: last.receivedAtText, paymentId: last.paymentId };
  }
  report.changed.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/**
 * Payments that reached risk control: paid (also later refunded or cancelled), rejected by it, or
 * refused afterwards for the balance.
 */
const PAGE_SIZE = 2000;

interface PageCursor {
  receivedAtText: string;
  paymentId: string;
}

async function storedPayments(
  db: Db,
  { from, to, pageSize = PAGE_SIZE }: BacktestOptions,
  after: PageCursor | null,
): Promise<StoredPayment[]> {
  return db
    .execute<StoredPayment>(
      sql`
    select p.payment_id as "paymentId", p.payment_request_id as "paymentRequestId",
           p.received_at as "receivedAt", p.received_at::text as "receivedAtText",
           p.customer_id as "customerId",
           p.device_token_id as "deviceId", p.reference_merchant_id as "merchantId",
           p.merchant_mcc as "merchantMcc", p.reference_store_id as "storeId",
           p.store_mcc as "storeMcc", p.is_in_store_payment as "inStore",
           (select json_agg(json_build_object(
                     'promoId', pp.promo_id,
                     'amountMinor', coalesce(pp.wallet_amount_minor, pp.amount_minor)::text,
                     'currency', case when pp.wallet_amount_minor is null
                                      then pp.currency else pp.wallet_currency end)
                   order by pp.position)
              from payment_promotions pp where pp.payment_id = p.payment_id) as promotions,
           (select json_build_object('customer', d.signals->'customer',
                                     'lists', coalesce(d.signals->'lists', '[]'::jsonb),
                                     'store', d.signals->'store')
              from risk_decisions d where d.payment_id = p.payment_id
             order by d.id desc limit 1) as recorded
      from payments p
     where p.customer_id is not null
       and p.received_at between ${from.toISOString()}::timestamptz and ${to.toISOString()}::timestamptz
       and (p.status = 'SUCCESS'
            or p.result_code in ('RISK_REJECT', 'USER_BALANCE_NOT_ENOUGH')
            or (p.status = 'CLOSED' and p.payment_time is not null))
       ${
         after
           ? sql`and (p.received_at, p.payment_id) > (${after.receivedAtText}::timestamptz, ${after.paymentId}::text)`
           : sql``
       }
     order by p.received_at, p.payment_id
     limit ${pageSize}
  `,
    )
    .then((rows) => rows.map((row) => ({ ...row, receivedAt: new Date(row.receivedAt) })));
}

function caseOf(payment: StoredPayment): RiskCase {
  return {
    at: payment.receivedAt,
    customerId: payment.customerId,
    deviceId: payment.deviceId ?? undefined,
    promotions: (payment.promotions ?? []).map((p) => p.promoId ?? undefined),
    referenceMerchantId: payment.merchantId ?? undefined,
    referenceStoreId: payment.storeId ?? undefined,
    merchantMcc: payment.merchantMcc ?? undefined,
    storeMcc: payment.storeMcc ?? undefined,
    inStore: payment.inStore === true,
    excludePaymentId: payment.paymentId,
  };
}

/** Recomputed event signals with the recorded state signals laid over them; cached per windows. */
function signalSource(db: Db, riskCase: RiskCase, payment: StoredPayment) {
  const cache = new Map<string, Promise<RiskSignals>>();
  return (windows: Parameters<typeof readSignals>[2]) => {
    const key = JSON.stringify(windows);
    let signals = cache.get(key);
    if (!signals) {
      signals = readSignals(db, subjectOf(riskCase), windows).then((fresh) => ({
        ...fresh,
        customer: payment.recorded?.customer ?? null,
        lists: payment.recorded?.lists ?? [],
        store: payment.recorded?.store ?? null,
      }));
      cache.set(key, signals);
    }
    return signals;
  };
}

function promotionMoney(payment: StoredPayment): MoneyByCurrency {
  const money: MoneyByCurrency = {};
  for (const p of payment.promotions ?? []) {
    money[p.currency] = (BigInt(money[p.currency] ?? "0") + BigInt(p.amountMinor)).toString();
  }
  return money;
}

function newSide(version: number): BacktestSide {
  return { version, outcomes: { ALLOW: 0, REVIEW: 0, REJECT: 0 }, rules: [] };
}

function tally(side: BacktestSide, judgement: Judgement | null, money: MoneyByCurrency): void {
  const outcome = judgement?.outcome ?? "ALLOW";
  side.outcomes[outcome]++;
  if (outcome !== "REJECT" || !judgement) return;
  const stoppedBy = new Set(
    judgement.verdicts
      .filter((v: RuleVerdict) => v.verdict === "HIT" && v.action === "REJECT")
      .map((v) => v.rule),
  );
  for (const rule of stoppedBy) {
    let impact = side.rules.find((r) => r.rule === rule);
    if (!impact) {
      impact = { rule, stoppedPayments: 0, stoppedPromotionMoney: {} };
      side.rules.push(impact);
    }
    impact.stoppedPayments++;
    for (const [currency, amount] of Object.entries(money)) {
      impact.stoppedPromotionMoney[currency] = (
        BigInt(impact.stoppedPromotionMoney[currency] ?? "0") + BigInt(amount)
      ).toString();
    }
  }
}

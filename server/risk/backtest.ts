/**
 * Backtests (docs/protocol.md#risk-rules): a rule-set version (usually the draft) against the
 * stored payments of a past window, next to a baseline (the live version unless told). Event-based
 * signals (logins, integrity, locations, redemptions, refunds) are recomputed as of each payment's
 * time — so a changed window or threshold is honoured; state signals (credit, account age, lists,
 * store position) are the values recorded in the payment's decision. A payment without a recorded
 * decision is reported as undecided, and so is one older than the device events retention kept
 * (README "Retention"): its event signals could no longer be recomputed. Read-only.
 *
 * Set-based: the window's payments are read through one cursor a page at a time, and the event
 * signals of a whole page are read with one statement (./signals.ts `readEventSignals`, the same
 * subqueries a live decision runs, each payment as of its own time), then every payment is judged
 * in JavaScript by the same `judge` as a live payment (100,000 payments within a minute:
 * README "Backtest of 100,000 payments").
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import type { RiskOutcome, RuleVerdict } from "./evaluate";
import { judge, subjectOf, type Judgement, type RiskCase } from "./judge";
import { keptSince } from "../retention/retention";
import { liveVersion, publishedConfig, ruleSetConfig } from "./rule-sets";
import {
  readEventSignals,
  type EventSignals,
  type RiskSignals,
  type SignalRequest,
  type SignalWindows,
} from "./signals";

export interface BacktestOptions {
  /** The version to test (a draft or any published one). */
  version: number;
  /** What to compare with; default: the live version. */
  against?: number;
  from: Date;
  to: Date;
  /** Pages judged at once (each reads its signals on a pooled connection); default 2. */
  concurrency?: number;
  /** How many changed payments to list (all are counted). */
  changedLimit?: number;
  /** Payments read per page. */
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
  /** No recorded decision to take state signals from, or older than the kept device events. */
  undecided: number;
  /** Device events before this moment were pruned by retention; null: none ever were. */
  eventsKeptSince: Date | null;
  /** Of `undecided`, the payments received before `eventsKeptSince`. */
  undecidedBeforeEventsKept: number;
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

type Judged = { payment: StoredPayment; before: Judgement | null; after: Judgement | null };

type StoredPayment = {
  paymentId: string;
  paymentRequestId: string;
  receivedAt: Date;
  customerId: string;
  deviceId: string | null;
  merchantId: string | null;
  merchantMcc: string | null;
  storeId: string | null;
  storeMcc: string | null;
  inStore: boolean | null;
  /** Amounts are null for a line Alipay+ sent without a readable amount. */
  promotions:
    { promoId: string | null; amountMinor: string | null; currency: string | null }[] | null;
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
    eventsKeptSince: null,
    undecidedBeforeEventsKept: 0,
    candidate,
    baseline,
    changedTotal: 0,
    changed: [],
    durationMs: 0,
  };
  const changedLimit = options.changedLimit ?? 100;

  /** A page's payments with both judgements (null: undecided), in page order. */
  const judgePage = (page: StoredPayment[]): Promise<(Judged | null)[]> => {
    const loader = new SignalLoader(db);
    return Promise.all(
      page.map(async (payment) => {
        if (!payment.recorded || beforeEventsKept(payment)) return null;
        const riskCase = caseOf(payment);
        const signalsFor = signalSource(loader, riskCase, payment);
        const [before, after] = await Promise.all([
          judge(baselineConfig, riskCase, signalsFor),
          judge(candidateConfig, riskCase, signalsFor),
        ]);
        return { payment, before, after };
      }),
    );
  };

  /** Counts a judged page; pages are kept in order, so the report never depends on timing. */
  const keep = async (pending: Promise<(Judged | null)[]>) => {
    for (const result of await pending) {
      if (!result) {
        report.undecided++;
        continue;
      }
      const { payment, before, after } = result;
      const money = promotionMoney(payment);
      tally(baseline, before, money);
      tally(candidate, after, money);
      const [from, to] = [before?.outcome ?? "ALLOW", after?.outcome ?? "ALLOW"];
      if (from === to) continue;
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
    }
  };

  const beforeEventsKept = (payment: StoredPayment) =>
    report.eventsKeptSince !== null && payment.receivedAt < report.eventsKeptSince;

  // One ordered scan of the window's payments through a cursor, read a page at a time (bounded
  // memory; payments has no index on received_at, so paging by a key would scan it per page) in
  // a read-only snapshot. The next page is fetched while earlier ones are judged — Postgres and
  // Node each have work — with at most `concurrency` pages being judged.
  const inFlight: Promise<(Judged | null)[]>[] = [];
  try {
    await db.transaction(
      async (tx) => {
        // Retention detaches a month of device events only once every transaction holding a lock
        // on the table has ended: with this one held, the months the horizon says are kept stay
        // there until the last signal of this backtest is read.
        await tx.execute(sql`lock table device_events in access share mode`);
        report.eventsKeptSince = await keptSince(tx, "device_events");
        await tx.execute(
          sql`declare backtest_payments no scroll cursor for ${storedPayments(options)}`,
        );
        for (;;) {
          const page = await fetchPage(tx, options.pageSize ?? PAGE_SIZE);
          if (page.length === 0) break;
          report.payments += page.length;
          report.undecidedBeforeEventsKept += page.filter(beforeEventsKept).length;
          const judging = judgePage(page);
          judging.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
          inFlight.push(judging);
          if (inFlight.length >= Math.max(1, options.concurrency ?? 2))
            await keep(inFlight.shift()!);
        }
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    for (const pending of inFlight) await keep(pending);
  } finally {
    await Promise.allSettled(inFlight);
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/**
 * Payments that reached risk control: paid (also later refunded or cancelled), rejected by it, or
 * refused afterwards for the balance; oldest first.
 */
function storedPayments({ from, to }: BacktestOptions): SQL {
  return sql`
    select p.payment_id as "paymentId", p.payment_request_id as "paymentRequestId",
           p.received_at as "receivedAt", p.customer_id as "customerId",
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
     order by p.received_at, p.payment_id`;
}

/** Payments read per FETCH. */
const PAGE_SIZE = 2000;

/** FETCH takes a literal count: a whole number of at least one. */
function pageRows(pageSize: number): number {
  return Number.isSafeInteger(pageSize) && pageSize > 0 ? pageSize : PAGE_SIZE;
}

async function fetchPage(tx: Tx, pageSize: number): Promise<StoredPayment[]> {
  const rows = await tx.execute<Omit<StoredPayment, "receivedAt"> & { receivedAt: string }>(
    sql`fetch forward ${sql.raw(String(pageRows(pageSize)))} from backtest_payments`,
  );
  return rows.map((row) => ({ ...row, receivedAt: new Date(row.receivedAt) }));
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
function signalSource(loader: SignalLoader, riskCase: RiskCase, payment: StoredPayment) {
  const cache = new Map<string, Promise<RiskSignals>>();
  return (windows: SignalWindows) => {
    const key = JSON.stringify(windows);
    let signals = cache.get(key);
    if (!signals) {
      signals = loader.load({ subject: subjectOf(riskCase), windows }).then((fresh) => ({
        ...fresh,
        customer: payment.recorded?.customer ?? null,
        lists: payment.recorded?.lists ?? [],
        store: payment.recorded?.store ?? null,
        liveVersion: null,
      }));
      cache.set(key, signals);
    }
    return signals;
  };
}

/**
 * Set-based signal reads: every request made while a page is being judged is collected and read
 * with one statement (./signals.ts `readEventSignals`) once the judgements waiting for it have
 * all asked — normally one statement per page; one more for payments whose promotions fall under
 * campaigns with other windows, which the judgement asks for after its first group.
 */
class SignalLoader {
  private queue: { request: SignalRequest; settle: Settle }[] = [];

  constructor(private readonly db: Db) {}

  load(request: SignalRequest): Promise<EventSignals> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => void this.flush());
      this.queue.push({ request, settle: { resolve, reject } });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const signals = await readEventSignals(
        this.db,
        batch.map((b) => b.request),
      );
      batch.forEach((b, i) => b.settle.resolve(signals[i]!));
    } catch (error) {
      for (const b of batch) b.settle.reject(error);
    }
  }
}

type Settle = { resolve: (signals: EventSignals) => void; reject: (error: unknown) => void };

function promotionMoney(payment: StoredPayment): MoneyByCurrency {
  const money: MoneyByCurrency = {};
  for (const p of payment.promotions ?? []) {
    if (p.amountMinor === null || p.currency === null) continue;
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

/**
 * Property-based test of the wallet ledger through the real, signed Alipay+ gateway (README
 * "Ledger", docs/protocol.md#idempotency, #refunds-and-cancels): random sequences of pay, refund,
 * cancel, exact duplicates and small concurrent bursts against one fresh customer per run. After
 * every command the database must satisfy the ledger invariants and agree with a model kept here.
 *
 * Reproduce a failure with the seed and path fast-check prints: FC_SEED=<seed> FC_PATH=<path>.
 * FC_RUNS=<n> changes the number of runs (a longer soak).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  callGateway,
  CANCEL,
  createCustomer,
  database,
  jpy,
  krw,
  PAY,
  payRequest,
  reference,
  REFUND,
  refundRequestFor,
  uniqueId,
} from "../fixtures/gateway";
import { allowListCustomer } from "../fixtures/db";

const MAX_MINOR = 9223372036854775807n;
const PATHS = { pay: PAY, refund: REFUND, cancel: CANCEL } as const;

// ---------------------------------------------------------------------------------------------
// The model

interface ModelPayment {
  paymentRequestId: string;
  /** Null for an id closed in advance (cancelled before any pay). */
  payTo: bigint | null;
  amount: bigint | null;
  status: "SUCCESS" | "FAILED" | "CLOSED";
  /** The paymentId of a successful pay's answer. */
  paymentId: string | null;
  refundedFrom: bigint;
  refundedAmount: bigint;
}

interface Model {
  balance: bigint;
  entries: number;
  payments: Map<string, ModelPayment>;
}

/** A concrete request, resolved against the model when the command runs. */
type Op =
  | { api: "pay"; id: string; payTo: bigint; amount: bigint; text: string }
  | { api: "refund"; id: string; refundId: string; from: bigint; amount: bigint; text: string }
  | { api: "cancel"; id: string; text: string };

/** What a first-time request must answer, applied to the model (mutated). */
function apply(model: Model, op: Op): string {
  const payment = model.payments.get(op.id);
  switch (op.api) {
    case "pay": {
      if (payment) {
        // Only ids closed in advance are paid twice with a new body here.
        if (payment.status !== "CLOSED" || payment.payTo !== null)
          throw new Error(`test bug: pay of a used id ${op.id}`);
        return "ORDER_IS_CLOSED";
      }
      const paid = op.payTo <= model.balance;
      model.payments.set(op.id, {
        paymentRequestId: op.id,
        payTo: op.payTo,
        amount: op.amount,
        status: paid ? "SUCCESS" : "FAILED",
        paymentId: null,
        refundedFrom: 0n,
        refundedAmount: 0n,
      });
      if (!paid) return "USER_BALANCE_NOT_ENOUGH";
      model.balance -= op.payTo;
      model.entries += 1;
      return "SUCCESS";
    }
    case "refund": {
      if (!payment || payment.status === "FAILED") return "ORDER_NOT_EXIST";
      if (payment.status === "CLOSED") return "ORDER_IS_CLOSED";
      if (
        payment.refundedFrom + op.from > (payment.payTo ?? 0n) ||
        payment.refundedAmount + op.amount > (payment.amount ?? 0n)
      ) {
        return "REFUND_AMOUNT_EXCEED";
      }
      payment.refundedFrom += op.from;
      payment.refundedAmount += op.amount;
      model.balance += op.from;
      model.entries += 1;
      return "SUCCESS";
    }
    case "cancel": {
      if (!payment) {
        model.payments.set(op.id, {
          paymentRequestId: op.id,
          payTo: null,
          amount: null,
          status: "CLOSED",
          paymentId: null,
          refundedFrom: 0n,
          refundedAmount: 0n,
        });
        return "SUCCESS";
      }
      if (payment.status === "SUCCESS") {
        const giveBack = (payment.payTo ?? 0n) - payment.refundedFrom;
        if (giveBack > 0n) {
          model.balance += giveBack;
          model.entries += 1;
        }
      }
      payment.status = "CLOSED";
      return "SUCCESS";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Commands (abstract: amounts as per-mille of what the model holds when the command runs)

type PayTo = { permille: number } | { absolute: bigint };
type Command =
  | { type: "pay"; payTo: PayTo; amount: bigint; reuseClosed: boolean }
  | {
      type: "refund";
      target: number;
      anyPayment: boolean;
      unknown: boolean;
      fromPermille: number;
      amountPermille: number;
    }
  | { type: "cancel"; target: number; fresh: boolean }
  | { type: "duplicate"; target: number }
  | {
      type: "burst";
      shape:
        | "samePay"
        | "distinctPays"
        | "distinctRefunds"
        | "cancelAndRefunds"
        | "sameRefund"
        | "sameCancel";
      target: number;
      permilles: number[];
    };

const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((v) => v === 1);

const payCommand = fc.record({
  type: fc.constant("pay" as const),
  payTo: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.integer({ min: 1, max: 1500 }).map((permille): PayTo => ({ permille })),
    },
    { weight: 1, arbitrary: fc.bigInt(1n, MAX_MINOR).map((absolute): PayTo => ({ absolute })) },
  ),
  amount: fc.bigInt(1n, 100_000n),
  reuseClosed: oneIn(8),
});
const refundCommand = fc.record({
  type: fc.constant("refund" as const),
  target: fc.nat(),
  anyPayment: oneIn(4),
  unknown: oneIn(12),
  fromPermille: fc.integer({ min: 1, max: 1300 }),
  amountPermille: fc.integer({ min: 1, max: 1300 }),
});
const cancelCommand = fc.record({
  type: fc.constant("cancel" as const),
  target: fc.nat(),
  fresh: oneIn(6),
});
const duplicateCommand = fc.record({ type: fc.constant("duplicate" as const), target: fc.nat() });
const burstCommand = fc.record({
  type: fc.constant("burst" as const),
  shape: fc.constantFrom(
    "samePay",
    "distinctPays",
    "distinctRefunds",
    "cancelAndRefunds",
    "sameRefund",
    "sameCancel",
  ),
  target: fc.nat(),
  permilles: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 3, maxLength: 3 }),
});

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: payCommand },
  { weight: 4, arbitrary: refundCommand },
  { weight: 2, arbitrary: cancelCommand },
  { weight: 3, arbitrary: duplicateCommand },
  { weight: 2, arbitrary: burstCommand },
);

// ---------------------------------------------------------------------------------------------
// One run

interface Sent {
  op: Op;
  /** The answer text of the first time this exact body was sent. */
  answer: string;
}

class Run {
  readonly model: Model;
  readonly sent: Sent[] = [];
  private counter = 0;

  constructor(
    readonly customerId: string,
    readonly prefix: string,
    initialBalance: bigint,
  ) {
    this.model = {
      balance: initialBalance,
      entries: initialBalance > 0n ? 1 : 0,
      payments: new Map(),
    };
  }

  nextId(kind: "P" | "R"): string {
    this.counter += 1;
    return `${this.prefix}-${kind}${this.counter}`;
  }

  /**
   * A payment for a refund or cancel to name, in creation order: among the open (paid, not
   * cancelled) ones when asked and there are any, else among every id the model knows.
   */
  pick(target: number, open = false): ModelPayment | undefined {
    const all = [...this.model.payments.values()];
    const paid = all.filter((p) => p.status === "SUCCESS");
    const from = open && paid.length > 0 ? paid : all;
    return from.length === 0 ? undefined : from[target % from.length];
  }

  payOp(payTo: bigint, amount: bigint, id = this.nextId("P")): Op {
    const body = payRequest(this.customerId, {
      paymentRequestId: id,
      paymentAmount: jpy(amount),
      payToAmount: krw(payTo),
    });
    return { api: "pay", id, payTo, amount, text: JSON.stringify(body) };
  }

  refundOp(payment: ModelPayment | undefined, fromPermille: number, amountPermille: number): Op {
    const id = payment?.paymentRequestId ?? this.nextId("P");
    const share = (total: bigint | null | undefined, done: bigint, permille: number) => {
      const left = (total ?? 1000n) - done;
      const value = (left * BigInt(permille)) / 1000n;
      // Above the cap but still a valid wire amount (a failed pay may have asked for 2^63 − 1).
      return value < 1n ? 1n : value > MAX_MINOR ? MAX_MINOR : value;
    };
    const from = share(payment?.payTo, payment?.refundedFrom ?? 0n, fromPermille);
    const amount = share(payment?.amount, payment?.refundedAmount ?? 0n, amountPermille);
    const refundId = this.nextId("R");
    const body = refundRequestFor(id, { amount, from }, { refundRequestId: refundId });
    return { api: "refund", id, refundId, from, amount, text: JSON.stringify(body) };
  }

  cancelOp(id: string): Op {
    return { api: "cancel", id, text: JSON.stringify(reference(id)) };
  }

  payToOf(payTo: PayTo): bigint {
    if ("absolute" in payTo) return payTo.absolute;
    const value = (this.model.balance * BigInt(payTo.permille)) / 1000n;
    return value > 0n ? value : 1n;
  }

  async execute(command: Command): Promise<void> {
    switch (command.type) {
      case "pay": {
        const closed = [...this.model.payments.values()].find((p) => p.payTo === null);
        const op = this.payOp(
          this.payToOf(command.payTo),
          command.amount,
          command.reuseClosed && closed ? closed.paymentRequestId : undefined,
        );
        return this.single(op);
      }
      case "refund": {
        const payment = command.unknown
          ? undefined
          : this.pick(command.target, !command.anyPayment);
        return this.single(this.refundOp(payment, command.fromPermille, command.amountPermille));
      }
      case "cancel": {
        const payment = command.fresh ? undefined : this.pick(command.target);
        return this.single(this.cancelOp(payment?.paymentRequestId ?? this.nextId("P")));
      }
      case "duplicate": {
        if (this.sent.length === 0) return;
        const previous = this.sent[command.target % this.sent.length]!;
        const answer = await send(previous.op);
        this.expectReplay(previous, answer);
        return;
      }
      case "burst":
        return this.burst(command);
    }
  }

  private async single(op: Op): Promise<void> {
    const expected = apply(this.model, op);
    const answer = await send(op);
    expect(resultCode(answer), `${op.api} ${op.text} → ${answer}`).toBe(expected);
    this.recordFirst(op, answer);
  }

  private recordFirst(op: Op, answer: string): void {
    this.sent.push({ op, answer });
    if (op.api === "pay" && resultCode(answer) === "SUCCESS") {
      const payment = this.model.payments.get(op.id)!;
      const paymentId = (JSON.parse(answer) as { paymentId?: string }).paymentId;
      expect(paymentId).toMatch(/^P\d{28}$/);
      payment.paymentId = paymentId ?? null;
    }
  }

  /** Same body again: the same answer text, except a pay whose payment was cancelled since. */
  private expectReplay(previous: Sent, answer: string): void {
    const { op } = previous;
    if (op.api === "pay" && this.model.payments.get(op.id)?.status === "CLOSED") {
      expect(JSON.parse(answer), `replayed pay ${op.id}`).toMatchObject({
        result: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
      });
      expect(Object.keys(JSON.parse(answer) as object)).toEqual(["result"]);
      return;
    }
    expect(answer, `replayed ${op.api} ${op.text}`).toBe(previous.answer);
  }

  private async burst(command: Extract<Command, { type: "burst" }>): Promise<void> {
    const [a = 1, b = 1, c = 1] = command.permilles;
    const payment = this.pick(command.target, true);
    switch (command.shape) {
      case "samePay":
        return this.copies(this.payOp(this.payToOf({ permille: a * 2 }), BigInt(b) * 10n));
      case "sameRefund":
        return this.copies(this.refundOp(payment, a, b));
      case "sameCancel":
        return this.copies(this.cancelOp(payment?.paymentRequestId ?? this.nextId("P")));
      case "distinctPays":
        return this.concurrent(
          [a, b, c].map((p) => this.payOp(this.payToOf({ permille: p }), BigInt(p) * 7n)),
        );
      case "distinctRefunds":
        return this.concurrent([a, b, c].map((p) => this.refundOp(payment, p, p)));
      case "cancelAndRefunds":
        return this.concurrent([
          this.refundOp(payment, a, b),
          this.cancelOp(payment?.paymentRequestId ?? this.nextId("P")),
          this.refundOp(payment, c, a),
        ]);
    }
  }

  /** Three copies of one new request at once: one effect, and all three answer the same text. */
  private async copies(op: Op): Promise<void> {
    const expected = apply(this.model, op);
    const [first, second, third] = await Promise.all([send(op), send(op), send(op)]);
    expect(resultCode(first), `${op.api} ${op.text}`).toBe(expected);
    expect(second).toBe(first);
    expect(third).toBe(first);
    this.recordFirst(op, first);
  }

  /**
   * Different requests at once: the outcomes must be those of some serial order of them (the
   * database serialises them); the model then follows that order.
   */
  private async concurrent(ops: Op[]): Promise<void> {
    const answers = await Promise.all(ops.map(send));
    const actual = answers.map(resultCode);
    let matched: Model | null = null;
    const tried: string[] = [];
    for (const order of permutations(ops.map((_, i) => i))) {
      const candidate = structuredClone(this.model);
      const predicted: string[] = [];
      for (const i of order) predicted[i] = apply(candidate, ops[i]!);
      tried.push(`${order.join("")}: ${predicted.join(",")}`);
      if (predicted.every((code, i) => code === actual[i])) {
        matched = candidate;
        break;
      }
    }
    expect(
      matched,
      `burst ${ops.map((o) => `${o.api} ${o.text}`).join(" | ")} answered ${actual.join(",")}; ` +
        `serial orders predict ${tried.join("; ")}`,
    ).not.toBeNull();
    this.model.balance = matched!.balance;
    this.model.entries = matched!.entries;
    this.model.payments = matched!.payments;
    ops.forEach((op, i) => this.recordFirst(op, answers[i]!));
  }
}

async function send(op: Op): Promise<string> {
  return (await callGateway(PATHS[op.api], op.text)).text;
}

function resultCode(text: string): string | undefined {
  return (JSON.parse(text) as { result?: { resultCode?: string } }).result?.resultCode;
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

// ---------------------------------------------------------------------------------------------
// The invariants, read from the database

async function checkDatabase(run: Run): Promise<void> {
  const { sql } = database;
  const { customerId, prefix, model } = run;

  const [account] = await sql<{ balance: string; sum: string; count: string }[]>`
    select a.balance_minor::text as balance,
           (select coalesce(sum(amount_minor), 0)::text from ledger_entries where customer_id = a.customer_id) as sum,
           (select count(*)::text from ledger_entries where customer_id = a.customer_id) as count
    from wallet_accounts a where a.customer_id = ${customerId}`;
  expect(account, "wallet account").toBeDefined();
  const balance = BigInt(account!.balance);
  expect(balance, "balance = Σ ledger entries").toBe(BigInt(account!.sum));
  expect(balance >= 0n, "balance never negative").toBe(true);
  expect(balance, "balance = model").toBe(model.balance);
  expect(Number(account!.count), "ledger entries = model").toBe(model.entries);

  // Every entry's balance_after is the running sum (entries are appended under the account lock).
  const broken = await sql<{ id: string }[]>`
    select id::text from (
      select id, balance_after_minor,
             sum(amount_minor) over (order by id) as running
      from ledger_entries where customer_id = ${customerId}) e
    where e.balance_after_minor <> e.running`;
  expect(broken, "balance_after_minor = running sum").toEqual([]);

  const duplicatedEffects = await sql<{ id: string; kind: string; n: string }[]>`
    select p.payment_request_id as id, e.kind::text as kind, count(*)::text as n
    from ledger_entries e join payments p on p.payment_id = e.payment_id
    where e.customer_id = ${customerId} and e.kind in ('PAYMENT', 'CANCEL')
    group by 1, 2 having count(*) > 1
    union all
    select r.refund_request_id, 'REFUND', count(*)::text
    from ledger_entries e join refunds r on r.refund_id = e.refund_id
    where e.customer_id = ${customerId} and e.kind = 'REFUND'
    group by 1 having count(*) > 1`;
  expect(duplicatedEffects, "one ledger effect per request").toEqual([]);

  const rows = await sql<
    {
      paymentRequestId: string;
      paymentId: string;
      status: string;
      customerId: string | null;
      payTo: string | null;
      amount: string | null;
      refundedFrom: string;
      refundedAmount: string;
      debit: string | null;
      cancelCredit: string | null;
      refundCredits: string;
    }[]
  >`
    select p.payment_request_id as "paymentRequestId", p.payment_id as "paymentId",
           p.status::text as status, p.customer_id as "customerId",
           p.pay_to_amount_minor::text as "payTo", p.payment_amount_minor::text as amount,
           (select coalesce(sum(refund_from_amount_minor), 0)::text from refunds r
             where r.payment_id = p.payment_id and r.status = 'SUCCESS') as "refundedFrom",
           (select coalesce(sum(refund_amount_minor), 0)::text from refunds r
             where r.payment_id = p.payment_id and r.status = 'SUCCESS') as "refundedAmount",
           (select sum(amount_minor)::text from ledger_entries e
             where e.payment_id = p.payment_id and e.kind = 'PAYMENT') as debit,
           (select sum(amount_minor)::text from ledger_entries e
             where e.payment_id = p.payment_id and e.kind = 'CANCEL') as "cancelCredit",
           (select coalesce(sum(amount_minor), 0)::text from ledger_entries e
             where e.payment_id = p.payment_id and e.kind = 'REFUND') as "refundCredits"
    from payments p where p.payment_request_id like ${`${prefix}-%`}`;
  expect(rows.map((r) => r.paymentRequestId).sort(), "payments = model").toEqual(
    [...model.payments.keys()].sort(),
  );
  for (const row of rows) {
    const expected = model.payments.get(row.paymentRequestId)!;
    const where = `payment ${row.paymentRequestId}`;
    const refundedFrom = BigInt(row.refundedFrom);
    const refundedAmount = BigInt(row.refundedAmount);
    if (row.payTo !== null) {
      expect(refundedFrom <= BigInt(row.payTo), `${where}: Σ refundFrom ≤ payTo`).toBe(true);
      expect(refundedAmount <= BigInt(row.amount ?? "0"), `${where}: Σ refund ≤ amount`).toBe(true);
    } else {
      expect(refundedFrom, `${where}: closed in advance, never refunded`).toBe(0n);
    }
    expect(row.status, where).toBe(expected.status);
    expect(refundedFrom, `${where}: refunded from`).toBe(expected.refundedFrom);
    expect(refundedAmount, `${where}: refunded`).toBe(expected.refundedAmount);
    expect(BigInt(row.refundCredits), `${where}: refund credits`).toBe(refundedFrom);
    if (expected.paymentId !== null) expect(row.paymentId, where).toBe(expected.paymentId);
    expect(row.customerId, where).toBe(expected.payTo === null ? null : customerId);

    const paid = expected.paymentId !== null;
    expect(row.debit === null ? null : BigInt(row.debit), `${where}: debit`).toBe(
      paid ? -expected.payTo! : null,
    );
    const cancelCredit = row.cancelCredit === null ? null : BigInt(row.cancelCredit);
    if (!paid || expected.status !== "CLOSED") {
      expect(cancelCredit, `${where}: no cancel credit`).toBeNull();
    } else {
      // What the payment took less what refunds had returned (nothing left → no entry).
      const giveBack = expected.payTo! - expected.refundedFrom;
      expect(cancelCredit, `${where}: cancel credit`).toBe(giveBack > 0n ? giveBack : null);
    }
  }
}

// ---------------------------------------------------------------------------------------------

// ~6 s for the default 60 runs here; FC_RUNS=600 for a longer soak (~50 s).
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 60;
// Shrinking replays whole runs over HTTP: bound the whole property so a failure reports in time.
const TIME_LIMIT_MS = Math.max(60_000, RUNS * 500);

describe("wallet ledger (property, through the signed gateway)", () => {
  it(
    "keeps balance = Σ entries ≥ 0, both refund caps and one effect per request",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.bigInt(0n, 300_000n),
          fc.array(commandArbitrary, { minLength: 1, maxLength: 15 }),
          async (initialBalance, commands) => {
            const customerId = await createCustomer({ balance: initialBalance });
            // The property is about the ledger: risk rules (repeat redemption) stay out of it.
            await allowListCustomer(customerId);
            const run = new Run(customerId, uniqueId("LP"), initialBalance);
            await checkDatabase(run);
            for (const command of commands) {
              await run.execute(command);
              await checkDatabase(run);
            }
          },
        ),
        {
          numRuns: RUNS,
          seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
          path: process.env.FC_PATH,
          interruptAfterTimeLimit: TIME_LIMIT_MS,
          // A property cut short before numRuns is a failure, never a silent pass.
          markInterruptAsFailure: true,
        },
      );
    },
    TIME_LIMIT_MS + 60_000,
  );
});

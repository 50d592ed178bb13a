/**
 * inquiryPayment through the real server: the paymentResult table of
 * docs/protocol.md#inquirypayment and the in-flight rule of #idempotency (wait for an in-flight pay
 * within the 5 s deadline, else U/PAYMENT_IN_PROCESS). The in-flight state is produced by holding
 * the payment's advisory lock from a separate connection.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  alipay,
  cancelPayment,
  createCustomer,
  database,
  inquirePayment,
  INQUIRY,
  paidPayment,
  PAY,
  payRequest,
  reference,
  uniqueId,
} from "../fixtures/gateway";
import { paymentRows } from "../fixtures/db";
import { ALIPAY_TIME, resultMatching } from "../fixtures/matchers";

const SUCCESS = resultMatching("SUCCESS", "S");

/** The full answer for a paid default payRequest: S/S with the pay's id, time and amounts. */
function paidInquiryAnswer(paid: { paymentId: string; paymentTime: string; customerId: string }) {
  return {
    result: SUCCESS,
    paymentResult: SUCCESS,
    paymentId: paid.paymentId,
    paymentTime: paid.paymentTime,
    paymentAmount: { currency: "JPY", value: "1800" },
    payToAmount: { currency: "KRW", value: "16740" },
    customerId: paid.customerId,
  };
}

/** Releases every lock a test took, even when it failed half-way. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/**
 * Holds `payment:<id>`'s advisory lock (the one pay, cancel and inquiry take) on a dedicated
 * connection, as an in-flight pay would. Returns the release.
 */
async function holdPaymentLock(paymentRequestId: string): Promise<() => Promise<void>> {
  const connection = await database.sql.reserve();
  const key = `payment:${paymentRequestId}`;
  await connection`select pg_advisory_lock(hashtextextended(${key}, 0))`;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await connection`select pg_advisory_unlock(hashtextextended(${key}, 0))`;
    connection.release();
  };
  cleanups.push(release);
  return release;
}

/** Waits until some transaction is queued on `payment:<id>`'s lock in the given mode. */
async function waitForLockWaiter(
  paymentRequestId: string,
  mode: "ExclusiveLock" | "ShareLock",
): Promise<void> {
  const key = `payment:${paymentRequestId}`;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const [row] = await database.sql<{ n: number }[]>`
      with k as (select hashtextextended(${key}, 0) as v)
      select count(*)::int as n from pg_locks l, k
      where l.locktype = 'advisory' and not l.granted and l.mode = ${mode}
        and l.classid::bigint = ((k.v >> 32) & 4294967295)
        and l.objid::bigint = (k.v & 4294967295)`;
    if ((row?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${mode} waiter on ${key} within 5 s`);
}

/**
 * Sends a pay while its id is locked, so that it is in flight, then an inquiry that queues behind
 * it; once both wait (and nothing is stored yet), releases the lock. Resolves to both answers.
 */
async function inquireWhilePayInFlight(request: ReturnType<typeof payRequest>) {
  const release = await holdPaymentLock(request.paymentRequestId);
  const pay = alipay.call(PAY, request);
  await waitForLockWaiter(request.paymentRequestId, "ExclusiveLock");
  const inquiry = alipay.call(INQUIRY, reference(request.paymentRequestId));
  await waitForLockWaiter(request.paymentRequestId, "ShareLock");
  expect(await paymentRows(request.paymentRequestId)).toEqual([]);
  await release();
  return Promise.all([pay, inquiry]);
}

describe("inquiryPayment: the paymentResult table (docs/protocol.md#inquirypayment)", () => {
  it("unknown id: result F/ORDER_NOT_EXIST, no paymentResult", async () => {
    const answer = await inquirePayment(uniqueId("PAY"));
    expect(answer.json).toEqual({ result: resultMatching("ORDER_NOT_EXIST", "F") });
  });

  it("paid: S/S with paymentId, paymentTime, paymentAmount, payToAmount and customerId of the pay", async () => {
    const paid = await paidPayment();
    const answer = await inquirePayment(paid.paymentRequestId);
    expect(answer.json).toEqual(paidInquiryAnswer(paid));
    expect(paid.paymentTime).toMatch(ALIPAY_TIME);
    // Asking again changes nothing.
    expect((await inquirePayment(paid.paymentRequestId)).text).toBe(answer.text);
  });

  it("a payment with other amounts reports those amounts", async () => {
    const paid = await paidPayment({
      paymentAmount: { currency: "JPY", value: "123" },
      payToAmount: { currency: "KRW", value: "1144" },
      paymentPromoInfo: null,
    });
    const answer = await inquirePayment(paid.paymentRequestId);
    expect(answer.json).toMatchObject({
      paymentResult: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentId: paid.paymentId,
      paymentAmount: { currency: "JPY", value: "123" },
      payToAmount: { currency: "KRW", value: "1144" },
    });
  });

  const failures: {
    code: string;
    setup: () => Promise<{ customerId: string; overrides?: Record<string, unknown> }>;
  }[] = [
    {
      code: "USER_BALANCE_NOT_ENOUGH",
      setup: async () => ({ customerId: await createCustomer({ balance: 16739n }) }),
    },
    { code: "USER_NOT_EXIST", setup: () => Promise.resolve({ customerId: uniqueId("C-NOBODY") }) },
    {
      code: "USER_STATUS_ABNORMAL",
      setup: async () => ({ customerId: await createCustomer({ status: "FROZEN" }) }),
    },
    {
      code: "USER_KYC_NOT_QUALIFIED",
      setup: async () => ({ customerId: await createCustomer({ kycStatus: "PENDING" }) }),
    },
    {
      code: "CURRENCY_NOT_SUPPORT",
      setup: async () => ({ customerId: await createCustomer({ currency: "PHP" }) }),
    },
  ];

  it.each(failures)("failed ($code): result S, paymentResult F/$code", async ({ code, setup }) => {
    const { customerId } = await setup();
    const request = payRequest(customerId);
    const pay = await alipay.call(PAY, request);
    expect(pay.json).toMatchObject({ result: { resultCode: code, resultStatus: "F" } });

    const answer = await inquirePayment(request.paymentRequestId);
    expect(answer.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: code, resultStatus: "F" },
    });
    // A failed payment has no paymentId or paymentTime to report.
    expect(answer.json).not.toHaveProperty("paymentId");
    expect(answer.json).not.toHaveProperty("paymentTime");
  });

  it("cancelled after paying: result S, paymentResult F/ORDER_IS_CLOSED", async () => {
    const paid = await paidPayment();
    await cancelPayment(paid.paymentRequestId);
    const answer = await inquirePayment(paid.paymentRequestId);
    expect(answer.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });
  });

  it("cancelled before any pay: result S, paymentResult F/ORDER_IS_CLOSED", async () => {
    const paymentRequestId = uniqueId("PAY");
    await cancelPayment(paymentRequestId);
    const answer = await inquirePayment(paymentRequestId);
    expect(answer.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "ORDER_IS_CLOSED", resultStatus: "F" },
    });
    expect(answer.json).not.toHaveProperty("paymentId");
  });
});

describe("inquiryPayment: in flight (docs/protocol.md#idempotency)", () => {
  it("answers paymentResult U/PAYMENT_IN_PROCESS when the pay does not finish within the wait", async () => {
    const paymentRequestId = uniqueId("PAY");
    const release = await holdPaymentLock(paymentRequestId);
    const answer = await inquirePayment(paymentRequestId);
    expect(answer.json).toEqual({
      result: SUCCESS,
      paymentResult: resultMatching("PAYMENT_IN_PROCESS", "U"),
    });
    await release();

    // U is not an outcome: once the lock is gone the id is simply unknown.
    const after = await inquirePayment(paymentRequestId);
    expect(after.json).toMatchObject({ result: { resultCode: "ORDER_NOT_EXIST" } });
  });

  it("answers U/PAYMENT_IN_PROCESS for a paid payment whose id is locked, then S once released", async () => {
    const paid = await paidPayment();
    const release = await holdPaymentLock(paid.paymentRequestId);
    const during = await inquirePayment(paid.paymentRequestId);
    expect(during.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "PAYMENT_IN_PROCESS", resultStatus: "U" },
    });
    await release();
    const after = await inquirePayment(paid.paymentRequestId);
    expect(after.json).toMatchObject({
      paymentResult: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentId: paid.paymentId,
    });
  });

  it("waits for an in-flight pay and answers its outcome when it finishes in time", async () => {
    const customerId = await createCustomer();
    const request = payRequest(customerId);
    const [payAnswer, inquiryAnswer] = await inquireWhilePayInFlight(request);
    expect(payAnswer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
    const paid = payAnswer.json as { paymentId: string; paymentTime: string };
    expect(inquiryAnswer.responseSignatureValid).toBe(true);
    expect(inquiryAnswer.json).toEqual(paidInquiryAnswer({ ...paid, customerId }));
  });

  it("waits for an in-flight pay that fails and answers its failure code", async () => {
    const customerId = await createCustomer({ balance: 10n });
    const request = payRequest(customerId);
    const [payAnswer, inquiryAnswer] = await inquireWhilePayInFlight(request);
    expect(payAnswer.json).toMatchObject({
      result: { resultCode: "USER_BALANCE_NOT_ENOUGH", resultStatus: "F" },
    });
    expect(inquiryAnswer.json).toMatchObject({
      result: { resultCode: "SUCCESS", resultStatus: "S" },
      paymentResult: { resultCode: "USER_BALANCE_NOT_ENOUGH", resultStatus: "F" },
    });
  });
});

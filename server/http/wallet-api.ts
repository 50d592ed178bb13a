/**
 * The wallet app backend → Plusdesk API (server to server): bearer-key auth, JSON in and out,
 * 400 naming the field, 401 without the key — never an HTML page or a stack trace.
 */
import { z } from "zod";
import { customerPaths } from "@/components/customer-paths";
import {
  findCustomer,
  topUp,
  upsertCustomer,
  WalletApiError,
  type CustomerView,
} from "../customers/customers";
import { issueAuthCode, revokeAuthorizations } from "../auth-tokens/auth-tokens";
import { acceptedWalletApiKeys, getEnv } from "../env";
import { logEvent } from "../log";
import { toWireAmount } from "../money/amount";
import { limitsInForce } from "../payments/limits";
import { createMpmOrder } from "../mpm-orders/create-order";
import { requestPaymentCodes } from "../payment-codes/payment-codes";
import { getRuntime } from "../runtime";
import { parseStrictJson } from "../alipayplus/strict-json";
import {
  MAX_DEVICE_EVENTS_BODY_BYTES,
  recordDeviceEvents,
  ZDeviceEventsBody,
} from "../signals/device-events";
import {
  ZAuthCodesBody,
  ZCustomerId,
  ZCustomerPut,
  ZMpmOrderBody,
  ZPaymentCodesBody,
  ZTopUpBody,
  type ZCustomerAnswer,
  type ZErrorAnswer,
  type ZMpmOrderAnswer,
  type ZTopUpAnswer,
} from "./wallet-api-schemas";
import { readLimitedBody } from "./read-limited-body";
import { walletOpenApiDocument } from "./wallet-openapi";
import { matchWalletApiKey, walletApiKeys, type WalletApiKey } from "./wallet-api-keys";

type RouteContext = { params: Promise<{ customerId: string }> };

export const putCustomer = walletRoute(async (request, customerId) => {
  const input = ZCustomerPut.parse(await readJson(request));
  return Response.json(customerDto(await upsertCustomer(getRuntime().db, customerId, input)));
});

export const getCustomer = walletRoute(async (_request, customerId) => {
  const customer = await findCustomer(getRuntime().db, customerId);
  if (!customer)
    throw new WalletApiError("not_found", null, `customer ${customerId} does not exist`);
  return Response.json(customerDto(customer));
});

export const postTopUp = walletRoute(async (request, customerId) => {
  const body = ZTopUpBody.parse(await readJson(request));
  const result = await topUp(getRuntime().db, customerId, body.topUpId, body.amount);
  return Response.json(
    {
      topUpId: result.topUpId,
      customerId: result.customerId,
      amount: toWireAmount(result.amount),
      balanceAfter: toWireAmount(result.balanceAfter),
    } satisfies z.infer<typeof ZTopUpAnswer>,
    { status: result.created ? 201 : 200 },
  );
});

/**
 * UPM codes for a customer's device (README "UPM payment codes"): getPaymentCode through the
 * outbound client. Alipay+ refusing (`F`) → 502 with its resultCode; no answer or `U` → 504.
 */
export function postPaymentCodes(request: Request): Promise<Response> {
  return walletCall(request, async () => {
    const body = ZPaymentCodesBody.parse(await readJson(request));
    const { db, alipayplus, hashSecret } = getRuntime();
    const outcome = await requestPaymentCodes(db, alipayplus, body, hashSecret);
    switch (outcome.kind) {
      case "issued":
        return Response.json({ paymentCodes: outcome.paymentCodes });
      case "refused":
        return errorResponse(502, outcome.resultCode, null, "Alipay+ refused getPaymentCode");
      case "unavailable":
        return errorResponse(504, "ALIPAYPLUS_UNAVAILABLE", null, "Alipay+ did not answer");
    }
  });
}

/**
 * MPM / Cashier (README "MPM / Cashier"): the code the customer scanned → userInitiatedPay → the
 * stored order and its cashier page, `{kind: "order", orderId, cashierUrl}`: 201 a new order, 200
 * the same code scanned again. An entry code → 200 `{kind: "merchant-page", url}`, the merchant's
 * page for the web view to open. Alipay+ refusing (`F`) → 502 with its resultCode, an unusable
 * answer (an unsafe URL included) → 502 INVALID_RESPONSE; no answer or `U` → 504; a static store
 * code → 422.
 */
export function postMpmOrders(request: Request): Promise<Response> {
  return walletCall(request, async () => {
    const body = ZMpmOrderBody.parse(await readJson(request));
    const { db, alipayplus, customerLinks, hashSecret } = getRuntime();
    const outcome = await createMpmOrder(db, alipayplus, body, customerLinks, hashSecret);
    switch (outcome.kind) {
      case "created":
      case "existing":
        return Response.json(
          {
            kind: "order",
            orderId: outcome.orderId,
            cashierUrl: customerPaths.cashier(outcome.orderId),
          } satisfies z.infer<typeof ZMpmOrderAnswer>,
          { status: outcome.kind === "created" ? 201 : 200 },
        );
      case "merchant-page":
        return Response.json({
          kind: "merchant-page",
          url: outcome.url,
        } satisfies z.infer<typeof ZMpmOrderAnswer>);
      case "refused":
        return errorResponse(502, outcome.resultCode, null, "Alipay+ refused userInitiatedPay");
      case "invalid-answer":
        logEvent("mpm.invalid_answer", { problem: outcome.problem }, "warn");
        return errorResponse(502, "INVALID_RESPONSE", null, "Alipay+ answered an unusable order");
      case "unavailable":
        return errorResponse(504, "ALIPAYPLUS_UNAVAILABLE", null, "Alipay+ did not answer");
      case "store-code":
        return errorResponse(
          422,
          "STORE_CODE_NOT_SUPPORTED",
          "codeValue",
          "static store codes without an amount are not supported yet",
        );
    }
  });
}

/**
 * An Auto Debit auth code for a customer (README "Auto Debit"): 201 `{authCode, expiresAt}`,
 * valid 10 minutes; 404 unknown customer, 409 frozen. Alipay+ exchanges it through applyToken.
 */
export function postAuthCodes(request: Request): Promise<Response> {
  return walletCall(request, async () => {
    const body = ZAuthCodesBody.parse(await readJson(request));
    const { db, hashSecret } = getRuntime();
    return Response.json(await issueAuthCode(db, body.customerId, hashSecret), { status: 201 });
  });
}

/**
 * Revokes every Auto Debit authorization of a customer (README "Auto Debit"): 200
 * `{customerId, revoked}` with the number of live token sets revoked (0 on a repeat), 404 unknown
 * customer. Afterwards its access tokens pay nothing (INVALID_TOKEN), its refresh tokens and auth
 * codes are refused by applyToken.
 */
export const deleteAuthorizations = walletRoute(async (_request, customerId) =>
  Response.json(await revokeAuthorizations(getRuntime().db, customerId)),
);

/**
 * Device signals (README "Device signals"): 200 `{accepted, rejected: [{index, reason}]}`, the good
 * events kept even when others are rejected. A malformed body (not JSON, no `events` array, more
 * than 1,000 events) → 400 naming the field; over 2 MiB → 413.
 */
export function postDeviceEvents(request: Request): Promise<Response> {
  return walletCall(request, async () => {
    const body = ZDeviceEventsBody.parse(await readJson(request, MAX_DEVICE_EVENTS_BODY_BYTES));
    const { db, retention } = getRuntime();
    return Response.json(
      await recordDeviceEvents(db, body.events, {
        now: Date.now,
        keptDays: retention.deviceEventsDays,
      }),
    );
  });
}

/**
 * The API's OpenAPI document (README "API description"): open in development, where the reference
 * page renders it; elsewhere behind the bearer key like every other call, as only the wallet app
 * backend, which holds a key, has a use for it.
 */
export function getOpenApiDocument(request: Request): Promise<Response> {
  const answer = () => Promise.resolve(Response.json(walletOpenApiDocument()));
  return getEnv().NODE_ENV === "development" ? answer() : walletCall(request, answer);
}

/** The routes under `/customers/{customerId}`: the id is validated like a body field. */
function walletRoute(handler: (request: Request, customerId: string) => Promise<Response>) {
  return (request: Request, context: RouteContext): Promise<Response> =>
    walletCall(request, async () => {
      const id = ZCustomerId.safeParse((await context.params).customerId);
      if (!id.success) {
        const message = id.error.issues[0]?.message ?? "invalid";
        return errorResponse(400, "INVALID_REQUEST", "customerId", `customerId: ${message}`);
      }
      return handler(request, id.data);
    });
}

/**
 * Bearer auth, then the handler; one log line per call names the key id it came with (README
 * "Wallet app backend API": it shows when nothing uses an old key any more), never the key.
 */
async function walletCall(request: Request, handler: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const key = matchWalletApiKey(request.headers.get("authorization"), acceptedKeys());
  const response = key
    ? await handled(request, handler)
    : errorResponse(401, "UNAUTHORIZED", null, "missing or wrong bearer key");
  logEvent(
    "wallet_api.call",
    {
      keyId: key?.keyId ?? null,
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      latencyMs: Math.round(performance.now() - started),
    },
    key ? "info" : "warn",
  );
  return response;
}

/** The handler with its errors mapped to JSON answers (never a stack trace). */
async function handled(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      // An issue without a path is about the body as a whole (null, an array, a string…).
      const field = issue?.path.map(String).join(".") || "body";
      return errorResponse(
        400,
        "INVALID_REQUEST",
        field,
        `${field}: ${issue?.message ?? "invalid"}`,
      );
    }
    if (error instanceof BodyTooLarge) {
      return errorResponse(413, "PAYLOAD_TOO_LARGE", "body", error.message);
    }
    if (error instanceof WalletApiError) {
      const status = { invalid: 400, not_found: 404, conflict: 409 }[error.kind];
      return errorResponse(status, error.kind.toUpperCase(), error.field, error.message);
    }
    logEvent(
      "wallet_api.error",
      { path: new URL(request.url).pathname, error: String(error).slice(0, 300) },
      "error",
    );
    return errorResponse(500, "INTERNAL", null, "internal error, retry later");
  }
}

let cachedKeys: WalletApiKey[] | undefined;

function acceptedKeys(): WalletApiKey[] {
  cachedKeys ??= walletApiKeys(acceptedWalletApiKeys(getEnv()));
  return cachedKeys;
}

/** The other routes' bodies hold a few fields each: 64 KiB is far more than any needs. */
const MAX_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
  }
}

/**
 * The body as strict JSON (UTF-8, ≤ 64 levels, no NUL: device events are kept whole as jsonb), read
 * no further than `limit` bytes (413 past it) — only once the key is known good.
 */
async function readJson(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const bytes = await readLimitedBody(request, limit);
  if (bytes === "too-large") throw new BodyTooLarge(limit);
  const json = parseStrictJson(bytes);
  if (!json.ok) throw new WalletApiError("invalid", "body", json.reason);
  return json.value;
}

function errorResponse(
  status: number,
  code: string,
  field: string | null,
  message: string,
): Response {
  const body: z.infer<typeof ZErrorAnswer> = { error: { code, field, message } };
  return Response.json(body, { status });
}

function customerDto(customer: CustomerView): z.infer<typeof ZCustomerAnswer> {
  return {
    customerId: customer.customerId,
    displayName: customer.displayName,
    currency: customer.currency,
    status: customer.status,
    kycStatus: customer.kycStatus,
    creditRating: customer.creditRating,
    creditScore: customer.creditScore,
    accountCreatedAt: customer.accountCreatedAt?.toISOString() ?? null,
    balance: toWireAmount(customer.balance),
    limits: limitsDto(customer),
  };
}

/** The limits in force: the customer's own, else the configured default (null: no limit). */
function limitsDto(customer: CustomerView) {
  const { currency } = customer;
  const { defaultLimits } = getRuntime().gateway.payments;
  const limits = limitsInForce(customer.ownLimits, currency, defaultLimits);
  const amount = (minor: bigint | null) =>
    minor === null ? null : toWireAmount({ amountMinor: minor, currency });
  return {
    singlePaymentMax: amount(limits.singlePaymentMax),
    dailyAmountMax: amount(limits.dailyAmountMax),
    dailyCountMax: limits.dailyCountMax,
  };
}

/**
 * The wallet app backend API as an OpenAPI 3.1 document (README "API description"), generated from
 * the zod schemas the routes parse with (wallet-api-schemas.ts): zod 4's own z.toJSONSchema writes
 * JSON Schema 2020-12, the dialect OpenAPI 3.1 uses, so this file only assembles paths around it.
 */
import { z } from "zod";
import {
  eventSchemas,
  MAX_DEVICE_EVENTS_BODY_BYTES,
  ZDeviceEventsBody,
} from "../signals/device-events";
import {
  ZAuthCodeAnswer,
  ZAuthCodesBody,
  ZAuthorizationsRevoked,
  ZCustomerAnswer,
  ZCustomerId,
  ZCustomerPut,
  ZDeviceEventsAnswer,
  ZErrorAnswer,
  ZMpmOrderAnswer,
  ZMpmOrderBody,
  ZPaymentCodesAnswer,
  ZPaymentCodesBody,
  ZTopUpAnswer,
  ZTopUpBody,
} from "./wallet-api-schemas";

const WALLET_API_BASE = "/api/wallet/v1";

/**
 * One real request per body. zod leaves examples out of a schema that transforms (amounts become
 * bigint), so they are kept here, typed by the schemas; a test sends each one to its route.
 */
const requestExamples = {
  customerPut: {
    displayName: "Kim Minji",
    currency: "KRW",
    status: "ACTIVE",
    kycStatus: "VERIFIED",
    creditRating: "GOOD",
    creditScore: 720,
    accountCreatedAt: "2024-03-01T09:00:00+09:00",
    limits: { singlePaymentMax: { currency: "KRW", value: "1000000" }, dailyCountMax: 20 },
  } satisfies z.input<typeof ZCustomerPut>,
  topUp: {
    topUpId: "T-20260301-0001",
    amount: { currency: "KRW", value: "50000" },
  } satisfies z.input<typeof ZTopUpBody>,
  paymentCodes: {
    customerId: "C-1001",
    region: "KR",
    codeQuantity: 1,
    env: { deviceTokenId: "device-1", osType: "ANDROID", terminalType: "APP" },
  } satisfies z.input<typeof ZPaymentCodesBody>,
  authCodes: { customerId: "C-1001" } satisfies z.input<typeof ZAuthCodesBody>,
  mpmOrder: {
    codeValue: "https://qr.alipayplus.example/281666040000abcd",
    customerId: "C-1001",
    deviceId: "device-1",
  } satisfies z.input<typeof ZMpmOrderBody>,
  deviceEvents: {
    events: [
      {
        eventId: "E-1",
        type: "login",
        deviceId: "device-1",
        customerId: "C-1001",
        at: "2026-03-01T09:00:00+09:00",
      },
    ],
  } satisfies z.input<typeof ZDeviceEventsBody>,
};

/** Input side: what the wire carries (amounts as strings, before they become bigint). */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" });
  return rest;
}

/** The envelope only checks that `events` is an array; each event is judged by its type. */
function deviceEventsSchema(): Record<string, unknown> {
  const envelope = jsonSchema(ZDeviceEventsBody) as { properties: { events: object } };
  const byType = eventSchemas({ now: Date.now, keptDays: 0 });
  const items = { oneOf: Object.values(byType).map(jsonSchema) };
  return {
    ...envelope,
    properties: { ...envelope.properties, events: { ...envelope.properties.events, items } },
  };
}

/** The document's named schemas: the bodies the routes parse and the answers they give. */
export const componentSchemas = {
  CustomerPut: ZCustomerPut,
  TopUp: ZTopUpBody,
  PaymentCodesRequest: ZPaymentCodesBody,
  AuthCodesRequest: ZAuthCodesBody,
  MpmOrderRequest: ZMpmOrderBody,
  DeviceEvents: ZDeviceEventsBody,
  Customer: ZCustomerAnswer,
  TopUpResult: ZTopUpAnswer,
  PaymentCodes: ZPaymentCodesAnswer,
  MpmOrder: ZMpmOrderAnswer,
  AuthCode: ZAuthCodeAnswer,
  Revoked: ZAuthorizationsRevoked,
  DeviceEventsResult: ZDeviceEventsAnswer,
  Error: ZErrorAnswer,
} satisfies Record<string, z.ZodType>;

type SchemaName = keyof typeof componentSchemas;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

const errorDescriptions: Record<number, string> = {
  400: "Invalid request: `error.field` names the field at fault",
  401: "Missing or wrong bearer key",
  404: "Unknown customer",
  409: "Conflict: a frozen customer, a top-up id reused, an order of another customer",
  413: `Body over ${MAX_DEVICE_EVENTS_BODY_BYTES} bytes`,
  422: "A static store code without an amount (not supported yet)",
  500: "Internal error: retry later",
  502: "Alipay+ refused (`error.code` is its resultCode) or answered something unusable",
  504: "Alipay+ did not answer, or answered U",
};

type Method = "get" | "put" | "post" | "delete";
type OperationObject = ReturnType<typeof operationObject>;

interface Operation {
  method: Method;
  path: string;
  summary: string;
  body?: { schema: SchemaName; example: unknown };
  answers: Record<number, { description: string; schema?: SchemaName }>;
  /** Error statuses besides 401 and 500, which every operation can answer. */
  errors: number[];
}

const operations: Operation[] = [
  {
    method: "put",
    path: "/customers/{customerId}",
    summary: "Create or update a customer (fields left out keep their value)",
    body: { schema: "CustomerPut", example: requestExamples.customerPut },
    answers: { 200: { description: "The customer as stored", schema: "Customer" } },
    errors: [400],
  },
  {
    method: "get",
    path: "/customers/{customerId}",
    summary: "A customer, its balance and the limits in force",
    answers: { 200: { description: "The customer", schema: "Customer" } },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/customers/{customerId}/top-ups",
    summary: "Credit the wallet (idempotent on topUpId)",
    body: { schema: "TopUp", example: requestExamples.topUp },
    answers: {
      200: { description: "The same topUpId again: the first answer", schema: "TopUpResult" },
      201: { description: "Credited", schema: "TopUpResult" },
    },
    errors: [400, 404, 409],
  },
  {
    method: "delete",
    path: "/customers/{customerId}/authorizations",
    summary: "Revoke every Auto Debit authorization of a customer",
    answers: { 200: { description: "Token sets revoked (0 on a repeat)", schema: "Revoked" } },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/payment-codes",
    summary: "UPM payment codes for a customer's device (Alipay+ getPaymentCode)",
    body: { schema: "PaymentCodesRequest", example: requestExamples.paymentCodes },
    answers: { 200: { description: "The codes", schema: "PaymentCodes" } },
    errors: [400, 404, 409, 502, 504],
  },
  {
    method: "post",
    path: "/mpm/orders",
    summary: "The code a customer scanned (Alipay+ userInitiatedPay)",
    body: { schema: "MpmOrderRequest", example: requestExamples.mpmOrder },
    answers: {
      200: { description: "The same code again, or a merchant page", schema: "MpmOrder" },
      201: { description: "A new order and its cashier page", schema: "MpmOrder" },
    },
    errors: [400, 404, 409, 422, 502, 504],
  },
  {
    method: "post",
    path: "/auth-codes",
    summary: "An Auto Debit auth code, valid 10 minutes",
    body: { schema: "AuthCodesRequest", example: requestExamples.authCodes },
    answers: { 201: { description: "The code", schema: "AuthCode" } },
    errors: [400, 404, 409],
  },
  {
    method: "post",
    path: "/device-events",
    summary: "Device signals: good events are kept even when others are rejected",
    body: { schema: "DeviceEvents", example: requestExamples.deviceEvents },
    answers: {
      200: { description: "Accepted count, rejected events", schema: "DeviceEventsResult" },
    },
    errors: [400, 413],
  },
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    answers: { 200: { description: "OpenAPI 3.1" } },
    errors: [],
  },
];

function operationObject(op: Operation) {
  const json = (schema: SchemaName) => ({ "application/json": { schema: ref(schema) } });
  const statuses = [...op.errors, 401, 500].sort((a, b) => a - b);
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z]+(.)?/g, (_, c: string = "") => c.toUpperCase())}`,
    summary: op.summary,
    ...(op.path.includes("{customerId}") && {
      parameters: [
        { name: "customerId", in: "path", required: true, schema: jsonSchema(ZCustomerId) },
      ],
    }),
    ...(op.body && {
      requestBody: {
        required: true,
        content: { "application/json": { schema: ref(op.body.schema), example: op.body.example } },
      },
    }),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.answers).map(([status, answer]) => [
          status,
          {
            description: answer.description,
            ...(answer.schema && { content: json(answer.schema) }),
          },
        ]),
      ),
      ...Object.fromEntries(
        statuses.map((status) => [
          String(status),
          { description: errorDescriptions[status], content: json("Error") },
        ]),
      ),
    },
  };
}

/** The document served at /api/wallet/v1/openapi.json and rendered by the reference page. */
export function walletOpenApiDocument() {
  const paths: Record<string, Partial<Record<Method, OperationObject>>> = {};
  for (const op of operations) {
    (paths[`${WALLET_API_BASE}${op.path}`] ??= {})[op.method] = operationObject(op);
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Plusdesk wallet app backend API",
      version: "1",
      description:
        "Server to server: the wallet app backend mirrors customers and asks for codes. " +
        "JSON in and out; every refusal is `{error: {code, field, message}}`.",
    },
    security: [{ walletApiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        walletApiKey: {
          type: "http",
          scheme: "bearer",
          description: 'A key of WALLET_API_KEYS (README "Wallet app backend API")',
        },
      },
      schemas: {
        ...Object.fromEntries(
          Object.entries(componentSchemas).map(([name, schema]) => [name, jsonSchema(schema)]),
        ),
        DeviceEvents: deviceEventsSchema(),
      },
    },
  };
}

export type WalletOpenApiDocument = ReturnType<typeof walletOpenApiDocument>;

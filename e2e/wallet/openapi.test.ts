/**
 * The wallet API's OpenAPI document (README "API description") from the real server: a valid
 * OpenAPI 3.1 document by the official schema, behind the bearer key outside development, naming
 * every route under app/api/wallet/v1, and describing what the routes really take and answer —
 * each operation's example is sent to its route, and the answer must be one the document lists,
 * with a body its schema parses. A development server serves it without a key and renders every
 * operation and schema at /dev/api, a 404 in production.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  componentSchemas,
  walletOpenApiDocument,
  type WalletOpenApiDocument,
} from "@/server/http/wallet-openapi";
import type { AppServer } from "@/server/platform/app-server";
import { baseUrl, uniqueId, walletApi } from "../fixtures/gateway";
import { startOwnServer } from "../fixtures/own-server";

const DOCUMENT_PATH = "/api/wallet/v1/openapi.json";
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/api/wallet/v1");
const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH"];

let document: WalletOpenApiDocument;

beforeAll(async () => {
  const { status, json } = await walletApi("GET", DOCUMENT_PATH);
  expect(status).toBe(200);
  document = json as unknown as WalletOpenApiDocument;
});

/** Every route file under the folder: its URL path (`[x]` → `{x}`) and the methods it exports. */
async function routesOnDisk(): Promise<{ path: string; method: string }[]> {
  const files = readdirSync(ROUTES_DIR, { recursive: true, encoding: "utf8" }).filter(
    (file) => path.basename(file) === "route.ts",
  );
  const routes = await Promise.all(
    files.map(async (file) => {
      const routeModule = (await import(path.join(ROUTES_DIR, file))) as Record<string, unknown>;
      const urlPath = `/api/wallet/v1/${path.dirname(file).replace(/\[(\w+)\]/g, "{$1}")}`;
      return Object.keys(routeModule)
        .filter((name) => HTTP_METHODS.includes(name))
        .map((method) => ({ path: urlPath, method: method.toLowerCase() }));
    }),
  );
  return routes.flat();
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document, and the validator refuses a broken copy", async () => {
    const validator = new Validator();
    expect(await validator.validate(structuredClone(document))).toEqual({ valid: true });
    expect(validator.version).toBe("3.1");
    const { info: _info, ...withoutInfo } = structuredClone(document);
    expect((await new Validator().validate(withoutInfo)).valid).toBe(false);
  });

  it("is the one the code generates", () => {
    expect(document).toEqual(JSON.parse(JSON.stringify(walletOpenApiDocument())));
  });

  it("asks for the bearer key outside development", async () => {
    expect((await fetch(new URL(DOCUMENT_PATH, baseUrl))).status).toBe(401);
    expect((await walletApi("GET", DOCUMENT_PATH, undefined, "wrong-key")).status).toBe(401);
  });

  it("names every route under app/api/wallet/v1, and nothing else", async () => {
    const onDisk = await routesOnDisk();
    const documented = Object.entries(document.paths).flatMap(([urlPath, methods]) =>
      Object.keys(methods).map((method) => ({ path: urlPath, method })),
    );
    expect(onDisk.length).toBeGreaterThanOrEqual(9);
    expect(documented).toEqual(expect.arrayContaining(onDisk));
    expect(onDisk).toEqual(expect.arrayContaining(documented));
  });

  it("describes what the routes take and answer: each example sent as is is answered as documented", async () => {
    const customerId = uniqueId("C");
    const sent: string[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const urlPath = template.replace("{customerId}", encodeURIComponent(customerId));
        const example = operation.requestBody?.content["application/json"].example;
        const body = example && forCustomer(example, customerId);
        const answer = await walletApi(method.toUpperCase(), urlPath, body);
        const documented = operation.responses[String(answer.status)];
        expect(
          documented,
          `${method} ${template} → ${answer.status} ${JSON.stringify(answer.json)}`,
        ).toBeDefined();
        const ref =
          documented &&
          "content" in documented &&
          documented.content?.["application/json"].schema.$ref;
        if (ref) {
          const name = ref.slice(ref.lastIndexOf("/") + 1) as keyof typeof componentSchemas;
          const parsed = componentSchemas[name].safeParse(answer.json);
          expect(parsed.success, `${method} ${template}: ${JSON.stringify(answer.json)}`).toBe(
            true,
          );
        }
        sent.push(`${method} ${template} ${answer.status}`);
      }
    }
    // The happy paths are really taken: the examples are requests the routes accept.
    expect(sent).toEqual(
      expect.arrayContaining([
        "put /api/wallet/v1/customers/{customerId} 200",
        "get /api/wallet/v1/customers/{customerId} 200",
        "post /api/wallet/v1/customers/{customerId}/top-ups 201",
        "delete /api/wallet/v1/customers/{customerId}/authorizations 200",
        "post /api/wallet/v1/payment-codes 200",
        "post /api/wallet/v1/auth-codes 201",
        "post /api/wallet/v1/device-events 200",
        "get /api/wallet/v1/openapi.json 200",
      ]),
    );
  });

  it("parses every example with the schema the route parses it with", () => {
    for (const methods of Object.values(walletOpenApiDocument().paths)) {
      for (const operation of Object.values(methods)) {
        if (!operation.requestBody) continue;
        const { schema, example } = operation.requestBody.content["application/json"];
        const name = schema.$ref.slice(
          schema.$ref.lastIndexOf("/") + 1,
        ) as keyof typeof componentSchemas;
        expect(componentSchemas[name].safeParse(example).error).toBeUndefined();
      }
    }
  });
});

/** The example for this test's customer; device events happen now (older ones are refused). */
function forCustomer(example: unknown, customerId: string): unknown {
  return JSON.parse(JSON.stringify(example), (key, value: unknown) => {
    if (key === "customerId") return customerId;
    if (key === "at") return new Date().toISOString();
    return value;
  });
}

describe("the API reference page", () => {
  it("is a 404 outside development", async () => {
    const response = await fetch(new URL("/dev/api", baseUrl));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("openapi.json");
  });
});

describe("in development", () => {
  let server: AppServer | undefined;
  beforeAll(async () => {
    server = await startOwnServer({ NODE_ENV: "development" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("serves the document without a key and renders it at /dev/api", async () => {
    const open = await fetch(`${server!.url}${DOCUMENT_PATH}`);
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual(document);
    const page = await fetch(`${server!.url}/dev/api`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const [urlPath, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        expect(html).toContain(`${method.toUpperCase()} ${urlPath}`);
      }
    }
    for (const name of Object.keys(document.components.schemas)) {
      expect(html).toContain(`id="schema-${name}"`);
    }
  });
});

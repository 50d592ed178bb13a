/**
 * The merchants' own web pages in the simulated Alipay+ world (dev and test only), served by the
 * simulator beside its API, to the customer's web view:
 *
 *   GET  /merchant/entry/<token>                an entry code's ordering page: one form per dish
 *   POST /merchant/entry/<token>                the customer orders (`orderMinor`): the merchant
 *        hands the order to Alipay+, which plans the `pay` it will send the wallet, then
 *        303 → /merchant/entry/<token>/orders/<paymentRequestId>
 *   GET  /merchant/entry/<token>/orders/<id>    "order placed" (what Alipay+ asks the wallet to pay)
 *   GET  /merchant/<referenceMerchantId>/return the page a merchant's `paymentRedirectUrl` names
 *
 * The planned pay is the one Alipay+ sends for an entry-code payment (docs/protocol.md#pay):
 * promoted, `paymentFactor.inStorePaymentScenario` EntryCode, `paymentMethod.customerId` the
 * customer the wallet named in userInitiatedPay and no payment code. The simulator has no address
 * for the wallet, so `npm run simulate -- mpm-entry-code` reads it back through the control API
 * (GET /_sim/merchant-orders/<paymentRequestId>) and sends it signed, playing Alipay+.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { formatMoney } from "../money/format";
import { DEMO_MERCHANTS, type DemoMerchant } from "./demo-data";
import type { SimulatorEntryCode } from "./qr-codes";
import { planPay, simulatorId } from "./requests";

/** Bounds on what a long-running dev simulator remembers. */
const MAX_SESSIONS = 10_000;
const MAX_ORDERS = 10_000;

interface EntrySession {
  customerId: string;
  code: SimulatorEntryCode;
}

export class MerchantPages {
  /** The simulator's own address, set once it listens: the pages' links start with it. */
  baseUrl = "";
  private readonly sessions = new Map<string, EntrySession>();
  /** One page per customer and code: a repeated scan opens the same page. */
  private readonly tokenOf = new Map<string, string>();
  private readonly orders = new Map<string, Record<string, unknown>>();

  /** userInitiatedPay of an entry code: the ordering page's address for this customer. */
  entryPageFor(codeValue: string, customerId: string, code: SimulatorEntryCode): string {
    const key = JSON.stringify([codeValue, customerId]);
    let token = this.tokenOf.get(key);
    if (!token) {
      token = randomBytes(12).toString("base64url");
      remember(this.tokenOf, key, token, MAX_SESSIONS);
      remember(this.sessions, token, { customerId, code }, MAX_SESSIONS);
    }
    return `${this.baseUrl}/merchant/entry/${token}`;
  }

  /** The pay Alipay+ will send for an order placed on an entry page, by its paymentRequestId. */
  plannedPay(paymentRequestId: string): Record<string, unknown> | undefined {
    return this.orders.get(paymentRequestId);
  }

  /** Serves a /merchant/… request; false when the path is not one of the merchants' pages. */
  async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? "/", "http://simulator");
    const returnPage = /^\/merchant\/([^/]+)\/return$/.exec(url.pathname);
    if (request.method === "GET" && returnPage) {
      const merchant = DEMO_MERCHANTS.find((m) => m.referenceMerchantId === returnPage[1]);
      if (!merchant) return html(response, 404, "Not found", "<p>No such merchant.</p>");
      return html(response, 200, nameOf(merchant), "<p>Thank you for your payment.</p>");
    }
    const entry = /^\/merchant\/entry\/([^/]+)(?:\/orders\/([^/]+))?$/.exec(url.pathname);
    if (!entry) return false;
    const [, token = "", orderId] = entry;
    const session = this.sessions.get(token);
    if (!session) return html(response, 404, "Not found", "<p>This page has expired.</p>");
    const { merchant } = session.code;
    if (orderId === undefined && request.method === "GET") {
      return html(response, 200, nameOf(merchant), menu(merchant));
    }
    if (orderId === undefined && request.method === "POST") {
      const chosen = (await readForm(request)).get("orderMinor");
      const orderMinor = merchant.orderMinor.find((minor) => minor.toString() === chosen);
      if (orderMinor === undefined) {
        return html(response, 400, "Order", "<p>Choose a dish from the menu.</p>");
      }
      const paymentRequestId = this.placeOrder(session, orderMinor);
      response.writeHead(303, { Location: `/merchant/entry/${token}/orders/${paymentRequestId}` });
      response.end();
      return true;
    }
    const pay = orderId === undefined ? undefined : this.orders.get(orderId);
    if (!pay || request.method !== "GET") {
      return html(response, 404, "Not found", "<p>No such order.</p>");
    }
    const payTo = pay.payToAmount as { currency: string; value: string };
    const amount = formatMoney(
      { amountMinor: BigInt(payTo.value), currency: payTo.currency },
      "en",
    );
    return html(
      response,
      200,
      "Order placed",
      `<p>Alipay+ is asking your wallet to pay <strong>${escape(amount)}</strong>.</p>`,
    );
  }

  /** What Alipay+ computes when the merchant hands it the order (./requests.ts planPay). */
  private placeOrder(session: EntrySession, orderMinor: bigint): string {
    const { code, customerId } = session;
    const planned = planPay({
      customerId,
      walletCurrency: code.walletCurrency,
      merchant: code.merchant,
      orderMinor,
      promotions: code.promotions,
      paymentRequestId: simulatorId("ENT"),
    });
    remember(
      this.orders,
      planned.paymentRequestId,
      {
        ...planned.body,
        paymentMethod: { paymentMethodType: "CONNECT_WALLET", customerId },
        paymentFactor: { isInStorePayment: "true", inStorePaymentScenario: "EntryCode" },
      },
      MAX_ORDERS,
    );
    return planned.paymentRequestId;
  }
}

function menu(merchant: DemoMerchant): string {
  return merchant.orderMinor
    .map((minor, index) => {
      const price = formatMoney({ amountMinor: minor, currency: merchant.currency }, "en");
      return `<form method="post"><input type="hidden" name="orderMinor" value="${minor}"><button type="submit">Order set ${index + 1} for ${escape(price)}</button></form>`;
    })
    .join("\n");
}

function nameOf(merchant: DemoMerchant): string {
  return merchant.merchantDisplayName ?? merchant.merchantName;
}

function html(response: http.ServerResponse, status: number, title: string, body: string): true {
  response.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  response.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><link rel="icon" href="data:,"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`,
  );
  return true;
}

function escape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

/** A posted form, urlencoded (a browser) or multipart (the simulator's customer app). */
async function readForm(request: http.IncomingMessage): Promise<FormData> {
  const text = await new Promise<string>((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 4096) request.destroy(new Error("form too large"));
    });
    request.once("end", () => resolve(body));
    request.once("error", reject);
  });
  const contentType = request.headers["content-type"] ?? "application/x-www-form-urlencoded";
  return new Request("http://simulator/", {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: text,
  })
    .formData()
    .catch(() => new FormData());
}

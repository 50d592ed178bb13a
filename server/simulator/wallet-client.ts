/** The wallet app backend's side of the demo: mirrors and funds customers via the wallet API. */
import { toWireAmount, type Money } from "../money/amount";
import type { DeviceEventInput, DeviceEventsResult } from "../signals/device-events";
import type { DemoCustomer } from "./demo-data";

export class WalletClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async ensureCustomer(customer: DemoCustomer, topUpId: string): Promise<void> {
    await this.send("PUT", `/api/wallet/v1/customers/${customer.customerId}`, {
      displayName: customer.displayName,
      currency: customer.currency,
      status: "ACTIVE",
      kycStatus: "VERIFIED",
    });
    // Idempotent on topUpId: running the setup again funds nobody twice.
    await this.send("POST", `/api/wallet/v1/customers/${customer.customerId}/top-ups`, {
      topUpId,
      amount: { currency: customer.currency, value: customer.fundingMinor.toString() },
    });
  }

  /** Updates a customer's fields (PUT: omitted fields keep their value), e.g. its risk fields. */
  async updateCustomer(customerId: string, fields: Record<string, unknown>): Promise<void> {
    await this.send("PUT", `/api/wallet/v1/customers/${customerId}`, fields);
  }

  /** The customer's wallet balance, as the wallet API reports it. */
  async balanceOf(customerId: string): Promise<Money> {
    const json = (await this.send("GET", `/api/wallet/v1/customers/${customerId}`, undefined)) as {
      balance?: { currency?: string; value?: string };
    };
    const { currency, value } = json.balance ?? {};
    if (!currency || !value) throw new Error(`customer ${customerId} answered without a balance`);
    return { amountMinor: BigInt(value), currency };
  }

  /** Credits the wallet; idempotent on `topUpId`. */
  async topUp(customerId: string, topUpId: string, amount: Money): Promise<void> {
    await this.send("POST", `/api/wallet/v1/customers/${customerId}/top-ups`, {
      topUpId,
      amount: toWireAmount(amount),
    });
  }

  /** An Auto Debit auth code for the customer (valid 10 minutes), for Alipay+'s applyToken. */
  async issueAuthCode(customerId: string): Promise<string> {
    const json = await this.send("POST", "/api/wallet/v1/auth-codes", { customerId });
    const authCode = (json as { authCode?: unknown }).authCode;
    if (typeof authCode !== "string") throw new Error("auth-codes answered without an authCode");
    return authCode;
  }

  /** The order for a scanned merchant code (MPM): its id and cashier page path. */
  async openMpmOrder(
    codeValue: string,
    customerId: string,
    deviceId: string,
  ): Promise<{ orderId: string; cashierUrl: string }> {
    const scanned = await this.scanMerchantCode(codeValue, customerId, deviceId);
    if (scanned.kind !== "order") throw new Error(`mpm/orders answered ${scanned.kind}, no order`);
    return scanned;
  }

  /** A scanned merchant code: an order with its cashier page, or an entry code's merchant page. */
  async scanMerchantCode(
    codeValue: string,
    customerId: string,
    deviceId: string,
  ): Promise<
    { kind: "order"; orderId: string; cashierUrl: string } | { kind: "merchant-page"; url: string }
  > {
    const json = (await this.send("POST", "/api/wallet/v1/mpm/orders", {
      codeValue,
      customerId,
      deviceId,
    })) as { kind?: unknown; orderId?: unknown; cashierUrl?: unknown; url?: unknown };
    if (json.kind === "merchant-page" && typeof json.url === "string") {
      return { kind: "merchant-page", url: json.url };
    }
    if (
      json.kind === "order" &&
      typeof json.orderId === "string" &&
      typeof json.cashierUrl === "string"
    ) {
      return { kind: "order", orderId: json.orderId, cashierUrl: json.cashierUrl };
    }
    throw new Error(
      `mpm/orders answered neither an order nor a merchant page: ${JSON.stringify(json)}`,
    );
  }

  /** One UPM payment code for the customer's device (getPaymentCode through Plusdesk). */
  async issuePaymentCode(customerId: string, deviceId: string): Promise<string> {
    const json = (await this.send("POST", "/api/wallet/v1/payment-codes", {
      customerId,
      env: { deviceTokenId: deviceId, osType: "ANDROID", terminalType: "APP" },
    })) as { paymentCodes?: { paymentCode?: unknown }[] };
    const code = json.paymentCodes?.[0]?.paymentCode;
    if (typeof code !== "string") throw new Error("payment-codes answered without a code");
    return code;
  }

  /**
   * Device signals (logins, integrity results, location fixes; at most 1,000 per call). Answers
   * what Plusdesk accepted and rejected; a malformed batch (HTTP 400) throws.
   */
  async sendDeviceEvents(events: readonly DeviceEventInput[]): Promise<DeviceEventsResult> {
    const json = (await this.send("POST", "/api/wallet/v1/device-events", {
      events,
    })) as Partial<DeviceEventsResult>;
    if (typeof json.accepted !== "number" || !Array.isArray(json.rejected)) {
      throw new Error("device-events answered without accepted and rejected");
    }
    return { accepted: json.accepted, rejected: json.rejected };
  }

  private async send(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { Authorization: `Bearer ${this.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as unknown;
    if (!response.ok)
      throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}

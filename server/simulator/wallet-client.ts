/** The wallet app backend's side of the demo: mirrors and funds customers via the wallet API. */
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

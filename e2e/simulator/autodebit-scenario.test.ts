/**
 * `npm run simulate -- autodebit` against the suite's server (README "Auto Debit", README "The
 * simulator"): the scenario completes, the customerId applyToken returned is the one pay
 * returned (docs/protocol.md#risk), the promoted Auto Debit payment is stored with its promotions,
 * and no token or auth code is printed.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AUTODEBIT_CUSTOMER, autoDebit } from "@/server/simulator/auto-debit";
import { createSimulatorContext, devSimulatorCredentials } from "@/server/simulator/context";
import { paymentPromotionsOf, paymentRows } from "../fixtures/db";
import { baseUrl, secrets } from "../fixtures/gateway";

const root = path.resolve(import.meta.dirname, "../..");
const credentials = devSimulatorCredentials(secrets);
/** A code or token as Plusdesk issues them: 256 bits of base64url. */
const SECRET_SHAPED = /[\w-]{43,}/;

describe("the autodebit scenario", () => {
  it("runs the whole flow with one customerId and stores the promoted payment", async () => {
    const lines: string[] = [];
    const summary = await autoDebit(
      createSimulatorContext(baseUrl, credentials, (line) => lines.push(line)),
    );

    const customerId = AUTODEBIT_CUSTOMER.customerId;
    expect(summary).toMatchObject({
      customerId,
      applyTokenCustomerId: customerId,
      refreshCustomerId: customerId,
      payCustomerId: customerId,
      promotions: 2,
    });
    const [payment] = await paymentRows(summary.paymentRequestId);
    expect(payment).toMatchObject({
      paymentId: summary.paymentId,
      customerId,
      status: "SUCCESS",
    });
    const promotions = await paymentPromotionsOf(summary.paymentId);
    expect(promotions.map((p) => p.promoId)).toEqual(["PROMO-AUTUMN-300", "PROMO-NEWUSER-100"]);

    expect(lines.at(-1)).toContain(
      `customerId ${customerId} from applyToken, ${customerId} from pay`,
    );
    for (const line of lines) expect(line).not.toMatch(SECRET_SHAPED);
  });

  it("`npm run simulate -- autodebit` exits 0 and prints the identical customerIds", async () => {
    const { stdout } = await promisify(execFile)(
      path.join(root, "node_modules/.bin/tsx"),
      ["server/cli/simulate.ts", "autodebit", "--url", baseUrl],
      {
        cwd: root,
        timeout: 60_000,
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ALIPAYPLUS_CLIENT_ID: credentials.clientId,
          SIMULATOR_PRIVATE_KEY: credentials.simulatorPrivateKey,
          MPP_PUBLIC_KEY: credentials.mppPublicKey,
          WALLET_API_KEY: credentials.walletApiKey,
        },
      },
    );
    const customerId = AUTODEBIT_CUSTOMER.customerId;
    expect(stdout).toContain(`customerId ${customerId} from applyToken, ${customerId} from pay`);
    expect(stdout).toMatch(/applyToken \(REFRESH_TOKEN\) → 200 S SUCCESS/);
    expect(stdout).not.toMatch(SECRET_SHAPED);
  });
});

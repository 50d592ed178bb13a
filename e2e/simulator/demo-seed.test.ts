/**
 * `npm run dev`'s demo on a database of its own, seeded as dev seeds it (README "The simulator"):
 * the normal scenarios, the in-store flows and the attack scenarios all complete, and the demo
 * holds rejected and reviewed payments with their decision traces. A server of its own, because the
 * demo customers' histories must start empty for the normal scenarios to be normal.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/server/platform/app-server";
import { appEnvironment } from "@/server/platform/dev-secrets";
import { freePort } from "@/server/platform/embedded-postgres";
import { createSimulatorContext, devSimulatorCredentials } from "@/server/simulator/context";
import { DEMO_STORES } from "@/server/simulator/demo-data";
import { seedDemoIfEmpty } from "@/server/simulator/seed-demo";
import { upsertStores } from "@/server/stores/stores";
import { secrets } from "../fixtures/gateway";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";
import { suiteSimulatorUrl } from "../fixtures/simulator";

let database: IsolatedDatabase;
let server: AppServer | undefined;

beforeAll(async () => {
  database = await createIsolatedDatabase();
  await upsertStores(database.db, DEMO_STORES);
  server = await startAppServer({
    mode: "start",
    port: await freePort(),
    env: {
      ...appEnvironment(secrets),
      DATABASE_URL: database.url,
      NODE_ENV: "production",
      ALIPAYPLUS_BASE_URL: suiteSimulatorUrl,
      ALIPAYPLUS_ALLOWED_HOSTS: new URL(suiteSimulatorUrl).host,
      WEB_CONCURRENCY: "1",
    },
    stdio: "ignore",
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe("the demo seed", () => {
  it("runs every scenario green and leaves rejected and reviewed payments", async () => {
    const lines: string[] = [];
    const ctx = createSimulatorContext(
      server!.url,
      devSimulatorCredentials(secrets, suiteSimulatorUrl),
      (line) => lines.push(line),
    );
    expect(await seedDemoIfEmpty(database.db, ctx)).toBe(true);

    const rows = await database.db.execute<{ outcome: string; rule: string; n: number }>(sql`
      select d.outcome, v->>'rule' as rule, count(*)::int as n
        from risk_decisions d, jsonb_array_elements(d.verdicts) v
       where v->>'verdict' = 'HIT' and d.outcome <> 'ALLOW'
       group by 1, 2 order by 1, 2`);
    const hits = Object.fromEntries(rows.map((r) => [`${r.outcome} ${r.rule}`, r.n]));
    // The device farm runs twice: once alone, once before Alipay+ raises its case about it.
    expect(hits).toMatchObject({
      "REJECT deviceFarming": 2,
      "REJECT sharedDevice": 2,
      "REJECT tamperedDevice": 1,
      "REJECT locationMismatch": 1,
      "REJECT gambling": 1,
      "REVIEW newAccount": 3,
    });
    // Nothing else was rejected: the normal scenarios are normal.
    const [rejected] = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from payments where result_code = 'RISK_REJECT'`,
    );
    expect(rejected?.n).toBe(5);
    // The examples' promotion variants: paid as usual, four of the five flagged for staff (the
    // fifth, a total without a breakdown, reads in full), and the refund's unlinked line.
    const [variants] = await database.db.execute<{ unclear: number; unlinked: number }>(sql`
      select (select count(*)::int from payments
               where status = 'SUCCESS' and promotion_reading in ('PARTLY_READ', 'NOT_UNDERSTOOD')) as unclear,
             (select count(*)::int from refund_promotions
               where payment_promotion_id is null and promo_id = 'PROMO-NOT-ON-THIS-PAYMENT') as unlinked`);
    expect(variants).toEqual({ unclear: 4, unlinked: 1 });
    // The console's demo: an Alipay+ case naming the farm's two paid payments, three accounts and
    // the device (sent twice, stored once).
    const cases = await database.db.execute<{ source: string; status: string; items: number }>(sql`
      select c.source, c.status, count(i.id)::int as items
        from risk_cases c join risk_case_items i on i.case_id = c.case_id
       group by c.case_id`);
    expect([...cases]).toEqual([{ source: "API", status: "OPEN", items: 6 }]);
    // A second start finds data and seeds nothing.
    expect(await seedDemoIfEmpty(database.db, ctx)).toBe(false);
  }, 120_000);
});

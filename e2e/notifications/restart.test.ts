/**
 * The outbox survives a Plusdesk restart (README "notifyPayment outbox"): a production server of
 * its own (the suite's build, one cluster worker) on a database of its own, talking to the suite's
 * simulated Alipay+. What was written while no server ran, and what a server left in flight when it
 * died, is delivered by the next server, each exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/server/platform/app-server";
import { appEnvironment } from "@/server/platform/dev-secrets";
import { freePort } from "@/server/platform/embedded-postgres";
import { secrets } from "../fixtures/gateway";
import { eventually, sleep } from "../fixtures/http";
import { notificationsReceived, suiteSimulatorUrl } from "../fixtures/simulator";
import {
  createIsolatedDatabase,
  enqueue,
  insertNotification,
  notificationRow,
  type IsolatedDatabase,
} from "./outbox-fixtures";

let database: IsolatedDatabase;
let server: AppServer | undefined;

beforeAll(async () => {
  database = await createIsolatedDatabase();
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function startPlusdesk(): Promise<AppServer> {
  return startAppServer({
    mode: "start",
    port: await freePort(),
    env: {
      ...appEnvironment(secrets),
      DATABASE_URL: database.url,
      NODE_ENV: "production",
      ALIPAYPLUS_BASE_URL: suiteSimulatorUrl,
      ALIPAYPLUS_ALLOWED_HOSTS: new URL(suiteSimulatorUrl).host,
      OUTBOX_BACKOFF_BASE_MS: "200",
      WEB_CONCURRENCY: "1",
    },
    stdio: "ignore",
  });
}

async function delivered(id: bigint, timeoutMs: number) {
  return eventually(async () => {
    const row = await notificationRow(database.db, id);
    return row.status === "DELIVERED" ? row : undefined;
  }, timeoutMs);
}

describe("after a Plusdesk restart", () => {
  it("the next server delivers what was written while none ran, and what a dead one left in flight", async () => {
    // Written while no server runs on this database: nobody sends it.
    const beforeFirstStart = await enqueue(database.db);
    await sleep(500);
    expect(await notificationsReceived(beforeFirstStart.paymentRequestId)).toEqual([]);

    server = await startPlusdesk();
    expect((await delivered(beforeFirstStart.id, 10_000)).attempts).toBe(1);

    await server.stop();
    server = undefined;
    // Written while the server is down, and one a dying server had claimed (leased 2 s more).
    const whileDown = await enqueue(database.db);
    const inFlight = await insertNotification(database.db, {
      attempts: 1,
      leaseUntil: new Date(Date.now() + 2000),
    });
    await sleep(500);
    expect(await notificationsReceived(whileDown.paymentRequestId)).toEqual([]);

    server = await startPlusdesk();
    expect((await delivered(whileDown.id, 10_000)).attempts).toBe(1);
    expect((await delivered(inFlight.id, 15_000)).attempts).toBe(2);
    const [sent] = await notificationsReceived(inFlight.paymentRequestId);
    expect(Date.parse(sent!.receivedAt)).toBeGreaterThanOrEqual(inFlight.leaseUntil!.getTime());

    for (const row of [beforeFirstStart, whileDown, inFlight]) {
      const received = await notificationsReceived(row.paymentRequestId);
      expect(received.map((r) => r.body)).toEqual([row.body]);
    }
  }, 90_000);
});

/**
 * /metrics, /healthz and /readyz over real HTTP (README "Metrics and health"): the suite's server
 * (a cluster, METRICS_TOKEN set by `npm test`), and servers of their own for a cluster's metrics
 * port, a database that does not answer and one whose migrations differ from the build's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import postgres from "postgres";
import type { AppServer } from "@/server/platform/app-server";
import { freePort } from "@/server/platform/embedded-postgres";
import {
  baseUrl,
  createCustomer,
  INITIAL_BALANCE,
  paidPayment,
  PAY,
  payRequest,
  signedClientFor,
} from "../fixtures/gateway";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";
import { startOwnServer } from "../fixtures/own-server";

const token = process.env.PLUSDESK_METRICS_TOKEN ?? "";

async function scrape(url: string, authorization?: string) {
  const response = await fetch(url, {
    headers: authorization === undefined ? {} : { Authorization: authorization },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The value of one sample (`name{labels} value`), or 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const PAY_SUCCESS =
  'plusdesk_alipayplus_requests_total{api="pay",result_status="S",result_code="SUCCESS"}';

describe("/metrics on the app's port", () => {
  it("refuses a request without the token, or with another one", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${token}`, token]) {
      const answer = await scrape(`${baseUrl}/metrics`, authorization);
      expect(answer.status, String(authorization)).toBe(401);
      expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(answer.text).not.toContain("plusdesk_");
    }
  });

  it("serves Prometheus text to the token: a signed pay counted, risk, outbox, pool and Node", async () => {
    const before = await scrape(`${baseUrl}/metrics`, `Bearer ${token}`);
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    await paidPayment();
    const after = await scrape(`${baseUrl}/metrics`, `Bearer ${token}`);
    expect(sample(after.text, PAY_SUCCESS)).toBeGreaterThanOrEqual(
      sample(before.text, PAY_SUCCESS) + 1,
    );
    expect(after.text).toMatch(
      /^plusdesk_alipayplus_request_duration_seconds_bucket\{le="8",api="pay",result_status="S",result_code="SUCCESS"\} \d+$/m,
    );
    const decisions = 'plusdesk_risk_decisions_total{context="PAY",outcome="ALLOW"}';
    expect(sample(after.text, decisions)).toBeGreaterThanOrEqual(
      sample(before.text, decisions) + 1,
    );
    expect(after.text).toMatch(
      /^plusdesk_risk_rule_verdicts_total\{rule="deviceFarming",verdict="\w+"\} \d+$/m,
    );
    for (const gauge of [
      "plusdesk_outbox_pending",
      "plusdesk_outbox_oldest_pending_age_seconds",
      "plusdesk_outbox_pending_attempts_max",
    ])
      expect(after.text).toMatch(new RegExp(`^${gauge} \\d+(\\.\\d+)?(e[-+]\\d+)?$`, "m"));
    expect(sample(after.text, 'plusdesk_db_connections{state="active"}')).toBeGreaterThanOrEqual(1);
    expect(after.text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    // Only fixed lists as labels: no payment or customer id ever appears.
    expect(after.text).not.toMatch(/paymentRequestId|customerId|C-[0-9a-f]{6}/);
  });
});

describe("/healthz and /readyz", () => {
  it("answer 200 without a session or token", async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    // Not a page: no session cookie, no page headers from the proxy.
    expect(ready.headers.get("set-cookie")).toBeNull();
  });

  describe("a server whose database does not answer", () => {
    let server: AppServer | undefined;
    let closed: ReturnType<typeof createServer> | undefined;
    beforeAll(async () => {
      // A port that accepts connections and closes them at once: no Postgres behind it.
      const port = await freePort();
      closed = createServer((socket) => socket.destroy()).listen(port, "127.0.0.1");
      server = await startOwnServer({
        DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${port}/nothing`,
      });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      closed?.close();
    });

    it("is alive but not ready (and serves no metrics on its port without METRICS_TOKEN)", async () => {
      expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server!.url}/metrics`)).status).toBe(404);
      const ready = await fetch(`${server!.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: "not ready",
        reason: "database unreachable or migrations table unreadable",
      });
    });
  });

  describe("a server on a database of its own, lacking the build's last migration", () => {
    let server: AppServer | undefined;
    let database: IsolatedDatabase | undefined;
    const ownToken = "a-token-of-this-server-0123456789abcdef";
    beforeAll(async () => {
      database = await createIsolatedDatabase();
      const owner = postgres(database.migrationUrl, { max: 1, onnotice: () => undefined });
      await owner`delete from drizzle.__drizzle_migrations
                   where id = (select max(id) from drizzle.__drizzle_migrations)`;
      // One notification pending for an hour after 3 attempts, next due tomorrow (not sent now).
      await owner`insert into payment_notifications
                    (payment_request_id, body, attempts, created_at, next_attempt_at, give_up_at)
                  values ('METRICS-OUTBOX', '{}', 3, now() - interval '1 hour',
                          now() + interval '1 day', now() + interval '2 days')`;
      await owner.end();
      server = await startOwnServer({ DATABASE_URL: database.url, METRICS_TOKEN: ownToken });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await database?.drop();
    });

    it("is not ready, and says the migrations differ", async () => {
      const ready = await fetch(`${server!.url}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { reason: string };
      expect(body.reason).toMatch(/^migrations: the database has \d+ \(last \d+\), this build \d+/);
    });

    it("reports the outbox's pending depth, oldest age and attempts", async () => {
      const { text } = await scrape(`${server!.url}/metrics`, `Bearer ${ownToken}`);
      expect(sample(text, "plusdesk_outbox_pending")).toBe(1);
      expect(sample(text, "plusdesk_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(
        3600,
      );
      expect(sample(text, "plusdesk_outbox_oldest_pending_age_seconds")).toBeLessThan(3700);
      expect(sample(text, "plusdesk_outbox_pending_attempts_max")).toBe(3);
    });
  });
});

describe("metrics of a cluster of two workers", () => {
  let server: AppServer | undefined;
  let metricsPort = 0;
  const clusterToken = "a-token-of-this-cluster-0123456789abcdef";
  beforeAll(async () => {
    metricsPort = await freePort();
    server = await startOwnServer({
      WEB_CONCURRENCY: "2",
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: clusterToken,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("add up both workers' counts, on the app's port and on the metrics port", async () => {
    const onMetricsPort = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await scrape(onMetricsPort)).status).toBe(401);
    const customers = await Promise.all(
      Array.from({ length: 8 }, () => createCustomer({ balance: INITIAL_BALANCE })),
    );
    // At once: each on a connection of its own, which the cluster hands to the workers in turn.
    const client = signedClientFor(server!.url);
    const answers = await Promise.all(customers.map((c) => client.call(PAY, payRequest(c))));
    for (const answer of answers)
      expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS" } });
    // A server of its own: its counters started at zero, so the sum is exactly these pays.
    for (const url of [`${server!.url}/metrics`, onMetricsPort]) {
      const metrics = await scrape(url, `Bearer ${clusterToken}`);
      expect(metrics.status, url).toBe(200);
      expect(sample(metrics.text, PAY_SUCCESS), url).toBe(8);
      const allowed = 'plusdesk_risk_decisions_total{context="PAY",outcome="ALLOW"}';
      expect(sample(metrics.text, allowed), url).toBe(8);
    }
  });

  it("a metrics port already taken ends the start", async () => {
    const port = await freePort();
    const taken = createServer().listen(port, "0.0.0.0");
    try {
      await expect(startOwnServer({ METRICS_PORT: String(port) })).rejects.toThrow(
        "the app server exited with code 1",
      );
    } finally {
      taken.close();
    }
  }, 120_000);
});

/**
 * `npm run bench:pay`: how close the signed HTTP pay path comes to the database's own floor.
 *
 * Builds and starts the production server (PLUSDESK_SKIP_BUILD=1 reuses the last build) on a throwaway embedded
 * Postgres with durable commits and generated keys, then alternates phases A B A B …:
 *   A  signed, promoted `pay` requests over HTTP at concurrency 32 for a fixed time;
 *   B  the floor: the same SQL work the pay path commits (payment row = idempotency record, ledger,
 *      promotions, the notifyPayment outbox row, then the call log), issued through the db layer
 *      (`pay()` itself) at the same concurrency and pool size, with no HTTP, signatures or
 *      validation.
 * As in production, the app's outbox workers deliver every notification during both phases: to
 * the simulated Alipay+ (in this process, like `npm test`'s), which acknowledges them.
 * Requests are signed before each A phase so the load generator's RSA work does not compete with
 * the server's. Ends with one line: pay_rps= floor_rps= ratio= pay_p99_ms= floor_p99_ms=.
 */
import { existsSync, promises as fs } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db";
import { customers, paymentNotifications, walletAccounts } from "@/db/schema";
import { redactJson } from "../alipayplus/redact";
import { signedHeaders } from "../alipayplus/signature";
import { requestHash, type JsonValue } from "../alipayplus/strict-json";
import { ZPayRequest } from "../alipayplus/wire";
import { recordInboundCall } from "../call-log/record-inbound-call";
import { pay } from "../payments/pay";
import { startAppServer } from "../platform/app-server";
import { appEnvironment, generateDevSecrets } from "../platform/dev-secrets";
import { ensureEmbeddedPostgres, freePort } from "../platform/embedded-postgres";
import { applyMigrations } from "../platform/migrate";
import {
  startAlipayPlusSimulator,
  type RunningAlipayPlusSimulator,
} from "../simulator/alipayplus-server";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS } from "../simulator/demo-data";
import { planPay } from "../simulator/requests";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "32" },
  },
});
const PHASE_MS = Number(values.seconds) * 1000;
const ROUNDS = Math.max(2, Number(values.rounds));
const CONCURRENCY = Number(values.concurrency);
const CUSTOMERS = 256;
const PAY_PATH = "/aps/api/v1/payments/pay";
const root = path.resolve(import.meta.dirname, "../..");

interface Phase {
  label: "pay" | "floor";
  completed: number;
  failed: number;
  elapsedMs: number;
  latenciesMs: number[];
}

const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
let sequence = 0;
function nextPayBody(): Record<string, unknown> {
  sequence += 1;
  return planPay({
    customerId: `BENCH-${sequence % CUSTOMERS}`,
    walletCurrency: "KRW",
    merchant,
    orderMinor: 2200n,
    promotions: DEMO_PROMOTIONS.JPY ?? [],
    paymentRequestId: `BENCH-${process.pid}-${sequence}`,
  }).body;
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-bench-"));
  const postgres = await ensureEmbeddedPostgres({
    dataDir: path.join(work, "postgres"),
    port: await freePort(),
    database: "plusdesk_bench",
  });
  const { db, close } = createDb(postgres.url);
  const distDir = process.env.PLUSDESK_DIST_DIR || ".next";
  let server: Awaited<ReturnType<typeof startAppServer>> | undefined;
  let simulator: RunningAlipayPlusSimulator | undefined;
  try {
    await applyMigrations(postgres.url);
    await seedCustomers(db);
    if (
      process.env.PLUSDESK_SKIP_BUILD !== "1" ||
      !existsSync(path.join(root, distDir, "BUILD_ID"))
    ) {
      const built = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
        cwd: root,
        stdio: "inherit",
      });
      if (built.status !== 0) throw new Error("next build failed");
    }
    const secrets = generateDevSecrets();
    // The Alipay+ stand-in the app's outbox workers deliver notifyPayment to.
    simulator = await startAlipayPlusSimulator({
      clientId: secrets.clientId,
      mppPublicKey: createPublicKey(secrets.mppPublicKeyPem),
      simulatorPrivateKey: createPrivateKey(secrets.simulatorPrivateKeyPem),
      port: await freePort(),
    });
    server = await startAppServer({
      mode: "start",
      port: await freePort(),
      env: {
        ...appEnvironment(secrets),
        DATABASE_URL: postgres.url,
        NODE_ENV: "production",
        ALIPAYPLUS_BASE_URL: simulator.url,
        ALIPAYPLUS_ALLOWED_HOSTS: new URL(simulator.url).host,
      },
      stdio: "ignore",
    });
    const signer = {
      clientId: secrets.clientId,
      key: createPrivateKey(secrets.simulatorPrivateKeyPem),
    };
    const target = new URL(server.url);

    console.log(
      `bench:pay — ${ROUNDS}×(A pay over HTTP, B floor) of ${PHASE_MS / 1000} s each, concurrency ${CONCURRENCY}, ${CUSTOMERS} customers, durable commits, ${os.cpus().length} cores`,
    );
    await runHttpPhase(target, signer, 2000); // warm-up: JIT, route compilation, pool
    const phases: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      phases.push(report(await runHttpPhase(target, signer, PHASE_MS)));
      phases.push(report(await runFloorPhase(db, PHASE_MS)));
    }
    await reportNotifications(db);
    summarise(phases);
  } finally {
    await server?.stop();
    await simulator?.stop();
    await close();
    await postgres.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function seedCustomers(db: Db): Promise<void> {
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `BENCH-${i}`);
  await db.insert(customers).values(
    ids.map((customerId) => ({
      customerId,
      displayName: customerId,
      status: "ACTIVE" as const,
      kycStatus: "VERIFIED" as const,
    })),
  );
  // Balances large enough for any run; set directly, the bench measures pay, not top-ups.
  await db
    .insert(walletAccounts)
    .values(ids.map((customerId) => ({ customerId, currency: "KRW", balanceMinor: 10n ** 15n })));
  await db.execute(sql`analyze`);
}

interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

function signRequests(
  count: number,
  signer: { clientId: string; key: ReturnType<typeof createPrivateKey> },
): SignedRequest[] {
  return Array.from({ length: count }, () => {
    const body = JSON.stringify(nextPayBody());
    const time = new Date().toISOString();
    const headers = signedHeaders(
      "request",
      { method: "POST", requestUri: PAY_PATH, clientId: signer.clientId, time, body },
      signer.key,
    );
    return { body, headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) } };
  });
}

async function runHttpPhase(
  target: URL,
  signer: { clientId: string; key: ReturnType<typeof createPrivateKey> },
  durationMs: number,
): Promise<Phase> {
  // Enough pre-signed requests for 1,500 pay/s; more are signed on the fly if the server is faster.
  const requests = signRequests(Math.ceil((durationMs / 1000) * 1500), signer);
  let next = 0;
  const take = () => requests[next++] ?? signRequests(1, signer)[0]!;
  // A fresh pool per phase: sockets idle through a floor phase outlive the server's keep-alive.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    return await runPhase("pay", durationMs, async () => {
      const text = await post(target, agent, take());
      if (!text.includes('"resultCode":"SUCCESS"')) throw new Error(text.slice(0, 200));
    });
  } finally {
    agent.destroy();
  }
}

async function runFloorPhase(db: Db, durationMs: number): Promise<Phase> {
  const calls = Array.from({ length: Math.ceil((durationMs / 1000) * 1500) }, () => {
    const value = nextPayBody() as JsonValue;
    const body = JSON.stringify(value);
    return {
      call: {
        request: ZPayRequest.parse(value),
        redacted: redactJson(value),
        requestHash: requestHash(value),
        receivedAt: new Date(),
      },
      body,
    };
  });
  let next = 0;
  return runPhase("floor", durationMs, async () => {
    const prepared = calls[next++];
    if (!prepared) throw new Error("floor phase ran out of prepared calls");
    const started = performance.now();
    const answer = await pay(db, prepared.call);
    if (!answer.includes('"resultCode":"SUCCESS"')) throw new Error(answer.slice(0, 200));
    const latencyMs = performance.now() - started;
    // As in the HTTP path, the call log is written after the answer and not counted in its latency.
    await recordInboundCall(db, {
      receivedAt: prepared.call.receivedAt,
      method: "POST",
      path: PAY_PATH,
      headers: {},
      rawBody: prepared.body,
      signatureVerdict: "VALID",
      httpStatus: 200,
      resultStatus: "S",
      resultCode: "SUCCESS",
      responseBody: answer,
      latencyMs: Math.round(latencyMs),
      paymentRequestId: prepared.call.request.paymentRequestId,
    });
    return latencyMs;
  });
}

/** Runs `operation` in CONCURRENCY loops until the phase ends; it may return its own latency. */
async function runPhase(
  label: Phase["label"],
  durationMs: number,
  operation: () => Promise<number | void>,
): Promise<Phase> {
  const phase: Phase = { label, completed: 0, failed: 0, elapsedMs: 0, latenciesMs: [] };
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const own = await operation();
          phase.latenciesMs.push(typeof own === "number" ? own : performance.now() - t0);
          phase.completed++;
        } catch (error) {
          if (phase.failed++ === 0)
            console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }),
  );
  phase.elapsedMs = performance.now() - started;
  return phase;
}

function post(target: URL, agent: http.Agent, request: SignedRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: PAY_PATH,
        method: "POST",
        agent,
        headers: request.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

/**
 * Every successful pay (both phases) wrote a notifyPayment: how many the workers delivered, once
 * the last phase's backlog had up to 15 s to drain.
 */
async function reportNotifications(db: Db): Promise<void> {
  const deadline = Date.now() + 15_000;
  let counts: Record<string, number>;
  for (;;) {
    const rows = await db
      .select({ status: paymentNotifications.status, n: sql<number>`count(*)::int` })
      .from(paymentNotifications)
      .groupBy(paymentNotifications.status);
    counts = Object.fromEntries(rows.map((row) => [row.status, row.n]));
    if (!counts.PENDING || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(
    `notifyPayment: ${counts.DELIVERED ?? 0} delivered, ${counts.PENDING ?? 0} pending, ${counts.FAILED ?? 0} failed`,
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function stats(phases: Phase[]) {
  const latencies = phases.flatMap((p) => p.latenciesMs).sort((a, b) => a - b);
  const completed = phases.reduce((n, p) => n + p.completed, 0);
  const elapsed = phases.reduce((n, p) => n + p.elapsedMs, 0);
  return {
    rps: (completed / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failed: phases.reduce((n, p) => n + p.failed, 0),
  };
}

function report(phase: Phase): Phase {
  const s = stats([phase]);
  console.log(
    `${phase.label.padEnd(5)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  (${phase.completed} ok, ${phase.failed} failed)`,
  );
  return phase;
}

function summarise(phases: Phase[]): void {
  const payStats = stats(phases.filter((p) => p.label === "pay"));
  const floorStats = stats(phases.filter((p) => p.label === "floor"));
  if (payStats.failed + floorStats.failed > 0) {
    console.error(`${payStats.failed + floorStats.failed} operations failed`);
    process.exitCode = 1;
  }
  console.log(
    `pay_rps=${payStats.rps.toFixed(0)} floor_rps=${floorStats.rps.toFixed(0)} ratio=${(payStats.rps / floorStats.rps).toFixed(2)} pay_p99_ms=${payStats.p99.toFixed(1)} floor_p99_ms=${floorStats.p99.toFixed(1)}`,
  );
}

await main();

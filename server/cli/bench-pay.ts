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
 *
 * `--risk on|off` (also `on,off`; the first named goes first) measures risk control instead:
 * every phase is signed pays over HTTP, alternating the live rule set between the defaults of
 * docs/protocol.md#risk-rules (risk on: the signal query, every rule, the decision row) and a copy
 * with every rule switched off (risk off), published and rolled back through
 * server/risk/rule-sets.ts as an operator would, so every worker switches at its next payment,
 * after an unmeasured 5 s warm-up under each setting. Each phase reports the decisions it recorded
 * (on: one per pay, off: none), which proves the switch took effect, and (Linux) the CPU time per
 * pay of the app server's processes and of Postgres's, read from /proc: what risk control costs in
 * CPU, a second view when other work on a shared machine makes throughput swing. Ends with each
 * round's on/off ratio and one line: risk_on_rps= risk_off_rps= ratio= risk_on_p99_ms=
 * risk_off_p99_ms= median_pair_ratio= risk_on_cpu_ms_per_pay= risk_off_cpu_ms_per_pay=.
 *
 * Every pay carries promo ids of its own and its customer's own device (order.env.deviceTokenId),
 * and the customers have credit data and old accounts: the rules run every query and find
 * nothing, so every pay succeeds (the 256 customers paying with the same promo ids again and
 * again would otherwise be rejected as repeat redemptions after their third pay).
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
import { customers, paymentNotifications, riskDecisions, walletAccounts } from "@/db/schema";
import { redactJson } from "../alipayplus/redact";
import { signedHeaders } from "../alipayplus/signature";
import { requestHash, type JsonValue } from "../alipayplus/strict-json";
import { ZPayRequest } from "../alipayplus/wire";
import { recordInboundCall } from "../call-log/record-inbound-call";
import { parseEnv } from "../env";
import { pay, type PaySettings } from "../payments/pay";
import { startAppServer } from "../platform/app-server";
import { createDraft, liveVersion, publishDraft, rollBack, updateDraft } from "../risk/rule-sets";
import { upsertStores } from "../stores/stores";
import { appEnvironment, generateDevSecrets } from "../platform/dev-secrets";
import { ensureEmbeddedPostgres, freePort } from "../platform/embedded-postgres";
import { applyMigrations } from "../platform/migrate";
import {
  startAlipayPlusSimulator,
  type RunningAlipayPlusSimulator,
} from "../simulator/alipayplus-server";
import { DEMO_MERCHANTS, DEMO_PROMOTIONS, DEMO_STORES } from "../simulator/demo-data";
import { planPay } from "../simulator/requests";
import { paySettingsOf } from "../runtime";
import { percentile } from "./bench-kit";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "32" },
    risk: { type: "string" },
  },
});
const PHASE_MS = Number(values.seconds) * 1000;
const ROUNDS = Math.max(2, Number(values.rounds));
/** Each setting's unmeasured warm-up phase before the rounds of `--risk`. */
const WARM_UP_MS = 5000;
const CONCURRENCY = Number(values.concurrency);
/** `--risk`: the order of the risk-on and risk-off phases; undefined: pay vs floor. */
const RISK_ORDER = riskOrder(values.risk);
const CUSTOMERS = 256;
const PAY_PATH = "/aps/api/v1/payments/pay";
const root = path.resolve(import.meta.dirname, "../..");

interface Phase {
  label: "pay" | "floor" | "risk-on" | "risk-off";
  completed: number;
  failed: number;
  elapsedMs: number;
  latenciesMs: number[];
  /** Risk decisions recorded during the phase (`--risk` only). */
  decisions?: number;
  /** CPU time the app server and Postgres spent in the phase, ms (`--risk` only, Linux). */
  cpuMs?: { app: number; db: number };
}

function riskOrder(value: string | undefined): ["on" | "off", "on" | "off"] | undefined {
  if (value === undefined) return undefined;
  const named = value.split(/[|,]/).map((v) => v.trim());
  if (named.length > 2 || named.some((v) => v !== "on" && v !== "off")) {
    throw new Error(`--risk takes on|off (or on,off, off,on, on, off), not ${value}`);
  }
  const first = named[0] as "on" | "off";
  return [first, first === "on" ? "off" : "on"];
}

const merchant = DEMO_MERCHANTS.find((m) => m.currency === "JPY")!;
let sequence = 0;
function nextPayBody(): Record<string, unknown> {
  sequence += 1;
  const body = planPay({
    customerId: `BENCH-${sequence % CUSTOMERS}`,
    walletCurrency: "KRW",
    merchant,
    orderMinor: 2200n,
    // Promo ids of its own: the repeat-redemption rule runs its query and finds no earlier use.
    promotions: (DEMO_PROMOTIONS.JPY ?? []).map((promotion) => ({
      ...promotion,
      promoId: `${promotion.promoId}-${process.pid}-${sequence}`,
    })),
    paymentRequestId: `BENCH-${process.pid}-${sequence}`,
  }).body;
  // The customer's own device (docs/protocol.md#devices): the device rules run their queries too.
  (body.order as { env: Record<string, unknown> }).env.deviceTokenId =
    `BENCH-DEVICE-${sequence % CUSTOMERS}`;
  return body;
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "plusdesk-bench-"));
  const postgres = await ensureEmbeddedPostgres({
    dataDir: path.join(work, "postgres"),
    port: await freePort(),
    database: "plusdesk_bench",
    // Durable commits (what a pay costs), but the cluster goes when the bench ends.
    deleteWhenStopped: true,
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
    const serverEnv = {
      ...appEnvironment(secrets),
      DATABASE_URL: postgres.url,
      NODE_ENV: "production" as const,
      ALIPAYPLUS_BASE_URL: simulator.url,
      ALIPAYPLUS_ALLOWED_HOSTS: new URL(simulator.url).host,
    };
    server = await startAppServer({
      mode: "start",
      port: await freePort(),
      env: serverEnv,
      stdio: "ignore",
    });
    // The floor's pay() runs with the settings the server read from the same environment.
    const floorSettings = paySettingsOf(parseEnv({ ...process.env, ...serverEnv }));
    const signer = {
      clientId: secrets.clientId,
      key: createPrivateKey(secrets.simulatorPrivateKeyPem),
    };
    const target = new URL(server.url);

    if (RISK_ORDER) {
      console.log(
        `bench:pay --risk — ${ROUNDS}×(risk ${RISK_ORDER[0]}, risk ${RISK_ORDER[1]}), signed pays over HTTP, ${PHASE_MS / 1000} s each, concurrency ${CONCURRENCY}, ${CUSTOMERS} customers, durable commits, ${os.cpus().length} cores`,
      );
      const versions = await prepareRiskVersions(db);
      const cpu = cpuMeter(server.process.pid, await postmasterPid(postgres.dataDir));
      // Warm-up, unmeasured, under each setting in turn: JIT, route compilation, the pool, and
      // both settings' code and prepared statements (a first round measured right after a short
      // warm-up under one setting showed 12 ms of app CPU per pay where later rounds showed 9).
      for (const risk of RISK_ORDER) {
        await switchRisk(db, versions, risk);
        await runHttpPhase(target, signer, WARM_UP_MS);
      }
      const phases: Phase[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const risk of RISK_ORDER) {
          await switchRisk(db, versions, risk);
          phases.push(report(await runRiskPhase(db, target, signer, risk, cpu)));
        }
      }
      await reportNotifications(db);
      summariseRisk(phases);
      return;
    }
    console.log(
      `bench:pay — ${ROUNDS}×(A pay over HTTP, B floor) of ${PHASE_MS / 1000} s each, concurrency ${CONCURRENCY}, ${CUSTOMERS} customers, durable commits, ${os.cpus().length} cores`,
    );
    await runHttpPhase(target, signer, 2000); // warm-up: JIT, route compilation, pool
    const phases: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      phases.push(report(await runHttpPhase(target, signer, PHASE_MS)));
      phases.push(report(await runFloorPhase(db, PHASE_MS, floorSettings)));
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
      // Risk fields as the wallet app backend keeps them: good credit, an account a year old.
      creditRating: "GOOD" as const,
      creditScore: 720,
      accountCreatedAt: new Date(Date.now() - 365 * 86_400_000),
    })),
  );
  // Balances large enough for any run; set directly, the bench measures pay, not top-ups.
  await db
    .insert(walletAccounts)
    .values(ids.map((customerId) => ({ customerId, currency: "KRW", balanceMinor: 10n ** 15n })));
  // The demo merchant's store position, which the location rule reads.
  await upsertStores(db, DEMO_STORES);
  await db.execute(sql`analyze`);
}

interface RiskVersions {
  on: number;
  off: number;
}

/**
 * Risk on = the live version a fresh database bootstraps (the defaults of
 * docs/protocol.md#risk-rules); risk off = a published copy with every rule switched off (no kill
 * switches: the bench has no campaigns).
 */
async function prepareRiskVersions(db: Db): Promise<RiskVersions> {
  const on = await liveVersion(db);
  const draft = await createDraft(db, "bench:pay", on);
  const rules = Object.fromEntries(
    Object.entries(draft.config.rules).map(([id, rule]) => [id, { ...rule, enabled: false }]),
  );
  await updateDraft(db, draft.version, { ...draft.config, rules }, "bench:pay: every rule off");
  await publishDraft(db, draft.version, "bench:pay");
  return { on, off: draft.version };
}

/** Makes the version live as an operator would; each worker follows at its next payment. */
async function switchRisk(db: Db, versions: RiskVersions, risk: "on" | "off"): Promise<void> {
  await rollBack(db, versions[risk], "bench:pay");
}

async function countDecisions(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(riskDecisions);
  return row?.n ?? 0;
}

/** A pay phase under one risk setting, with the decisions it recorded. */
async function runRiskPhase(
  db: Db,
  target: URL,
  signer: { clientId: string; key: ReturnType<typeof createPrivateKey> },
  risk: "on" | "off",
  cpu: CpuMeter,
): Promise<Phase> {
  const before = await countDecisions(db);
  const cpuBefore = await cpu();
  const phase = await runHttpPhase(target, signer, PHASE_MS, `risk-${risk}`);
  const cpuAfter = await cpu();
  phase.decisions = (await countDecisions(db)) - before;
  if (cpuBefore && cpuAfter) {
    phase.cpuMs = { app: cpuAfter.app - cpuBefore.app, db: cpuAfter.db - cpuBefore.db };
  }
  return phase;
}

/**
 * CPU time (user + system, ms) used so far by the app server's processes and by Postgres's, read
 * from /proc (Linux; null elsewhere). Per pay it measures what risk control costs even when other
 * work on the machine makes throughput swing.
 */
type CpuMeter = () => Promise<{ app: number; db: number } | null>;

function cpuMeter(appPid: number | undefined, dbPid: number | null): CpuMeter {
  const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;
  return async () => {
    if (appPid === undefined || dbPid === null) return null;
    let entries: string[];
    try {
      entries = await fs.readdir("/proc");
    } catch {
      return null;
    }
    const processes = new Map<number, { parent: number; ticks: number }>();
    await Promise.all(
      entries
        .filter((entry) => /^\d+$/.test(entry))
        .map(async (entry) => {
          const stat = await fs.readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
          if (!stat) return;
          // Fields after the command name: state, ppid, …, utime (12th), stime (13th).
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          processes.set(Number(entry), {
            parent: Number(fields[1]),
            ticks: Number(fields[11]) + Number(fields[12]),
          });
        }),
    );
    const children = new Map<number, number[]>();
    for (const [pid, { parent }] of processes) {
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    }
    const treeMs = (root: number): number => {
      let ticks = 0;
      for (const stack = [root]; stack.length > 0;) {
        const pid = stack.pop()!;
        ticks += processes.get(pid)?.ticks ?? 0;
        stack.push(...(children.get(pid) ?? []));
      }
      return (ticks * 1000) / ticksPerSecond;
    };
    return { app: treeMs(appPid), db: treeMs(dbPid) };
  };
}

/** The postmaster's pid (first line of postmaster.pid); null when it cannot be read. */
async function postmasterPid(dataDir: string): Promise<number | null> {
  const text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number(text?.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
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
  label: Phase["label"] = "pay",
): Promise<Phase> {
  // Enough pre-signed requests for 1,500 pay/s; more are signed on the fly if the server is faster.
  const requests = signRequests(Math.ceil((durationMs / 1000) * 1500), signer);
  let next = 0;
  const take = () => requests[next++] ?? signRequests(1, signer)[0]!;
  // A fresh pool per phase: sockets idle through a floor phase outlive the server's keep-alive.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    return await runPhase(label, durationMs, async () => {
      const text = await post(target, agent, take());
      if (!text.includes('"resultCode":"SUCCESS"')) throw new Error(text.slice(0, 200));
    });
  } finally {
    agent.destroy();
  }
}

async function runFloorPhase(db: Db, durationMs: number, settings: PaySettings): Promise<Phase> {
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
    const answer = await pay(db, prepared.call, settings);
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
  const decisions = phase.decisions === undefined ? "" : `, ${phase.decisions} risk decisions`;
  const cpu = phase.cpuMs
    ? `  cpu/pay app ${(phase.cpuMs.app / phase.completed).toFixed(2)} ms db ${(phase.cpuMs.db / phase.completed).toFixed(2)} ms`
    : "";
  console.log(
    `${phase.label.padEnd(RISK_ORDER ? 8 : 5)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  (${phase.completed} ok, ${phase.failed} failed${decisions})${cpu}`,
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

/**
 * Risk on must decide every pay and risk off none: anything else means the workers did not follow
 * the live version, and the figures would not measure what they claim.
 */
function summariseRisk(phases: Phase[]): void {
  const on = phases.filter((p) => p.label === "risk-on");
  const off = phases.filter((p) => p.label === "risk-off");
  const onStats = stats(on);
  const offStats = stats(off);
  if (onStats.failed + offStats.failed > 0) {
    console.error(`${onStats.failed + offStats.failed} pays failed`);
    process.exitCode = 1;
  }
  for (const phase of phases) {
    const expected = phase.label === "risk-on" ? phase.completed : 0;
    if (phase.decisions !== expected) {
      console.error(
        `${phase.label}: ${phase.decisions} risk decisions for ${phase.completed} pays (expected ${expected}): the app did not follow the live rule set`,
      );
      process.exitCode = 1;
    }
  }
  const cpuPerPay = (phases: Phase[]) => {
    const measured = phases.filter((p) => p.cpuMs);
    const pays = measured.reduce((n, p) => n + p.completed, 0);
    const ms = measured.reduce((n, p) => n + p.cpuMs!.app + p.cpuMs!.db, 0);
    return measured.length === phases.length && pays > 0 ? (ms / pays).toFixed(2) : "n/a";
  };
  // Each round's on/off pair on its own: a burst of other work on a shared machine skews one
  // pair, which the overall ratio hides and the median of the pairs does not follow.
  const pairs = on.map((phase, i) => stats([phase]).rps / stats([off[i]!]).rps);
  const sorted = [...pairs].sort((a, b) => a - b);
  const median = (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
  console.log(`pair ratios: ${pairs.map((r) => r.toFixed(2)).join(", ")}`);
  console.log(
    `risk_on_rps=${onStats.rps.toFixed(0)} risk_off_rps=${offStats.rps.toFixed(0)} ratio=${(onStats.rps / offStats.rps).toFixed(2)} risk_on_p99_ms=${onStats.p99.toFixed(1)} risk_off_p99_ms=${offStats.p99.toFixed(1)} median_pair_ratio=${median.toFixed(2)} risk_on_cpu_ms_per_pay=${cpuPerPay(on)} risk_off_cpu_ms_per_pay=${cpuPerPay(off)}`,
  );
}

await main();

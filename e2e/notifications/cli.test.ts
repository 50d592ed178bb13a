/**
 * `npm run outbox -- status | retry <id>` as a child process with DATABASE_URL, on a database of
 * its own (so the counts are exactly this test's rows), with a listening worker of the test's own
 * that polls only once a minute: a retried row that goes out at once was woken by the CLI.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxWorker, type OutboxWorker } from "@/server/notifications/delivery";
import { DELIVERY_WINDOW_MS } from "@/server/notifications/enqueue";
import { eventually } from "../fixtures/http";
import { notificationsReceived } from "../fixtures/simulator";
import {
  createIsolatedDatabase,
  insertNotification,
  notificationRow,
  startLocalAlipay,
  type IsolatedDatabase,
  type LocalAlipay,
} from "./outbox-fixtures";

const root = path.resolve(import.meta.dirname, "../..");

let database: IsolatedDatabase;
let alipay: LocalAlipay;
let worker: OutboxWorker | undefined;

beforeAll(async () => {
  [database, alipay] = await Promise.all([createIsolatedDatabase(), startLocalAlipay()]);
});

afterAll(async () => {
  await worker?.stop();
  await alipay?.stop();
  await database?.drop();
});

/** Runs the CLI without blocking this process (the test's worker keeps working meanwhile). */
function outbox(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["server/cli/outbox.ts", ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          DATABASE_MIGRATION_URL: database.migrationUrl,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("npm run outbox", () => {
  it("status counts every status and lists the pending and failed rows; retry sends one again", async () => {
    const empty = await outbox("status");
    expect(empty).toMatchObject({ code: 0, stderr: "" });
    expect(empty.stdout).toContain("PENDING 0  DELIVERED 0  FAILED 0");
    expect(empty.stdout).toContain("nothing pending or failed");

    const failed = await insertNotification(database.db, {
      status: "FAILED",
      attempts: 14,
      lastAttemptAt: new Date(Date.now() - 60_000),
      lastError: "answered F PROCESS_FAIL",
      giveUpAt: new Date(Date.now() - 60_000),
    });
    const pending = await insertNotification(database.db, {
      attempts: 2,
      nextAttemptAt: new Date(Date.now() + 3_600_000),
      lastError: "timed out after 5000 ms",
    });
    const delivered = await insertNotification(database.db, {
      status: "DELIVERED",
      attempts: 1,
      deliveredAt: new Date(),
    });

    const status = await outbox("status");
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("PENDING 1  DELIVERED 1  FAILED 1");
    const lines = status.stdout.split("\n");
    const lineOf = (id: bigint) => lines.find((line) => line.startsWith(`${id} `));
    expect(lineOf(failed.id)).toMatch(
      new RegExp(
        `^${failed.id}\\s+${failed.paymentRequestId}\\s+FAILED\\s+14\\s+-\\s+answered F PROCESS_FAIL$`,
      ),
    );
    expect(lineOf(pending.id)).toMatch(
      new RegExp(
        `^${pending.id}\\s+${pending.paymentRequestId}\\s+PENDING\\s+2\\s+\\S+ \\(in 60 min\\)\\s+timed out after 5000 ms$`,
      ),
    );
    expect(lineOf(delivered.id)).toBeUndefined();

    // A listening worker whose fallback poll is a minute away.
    worker = createOutboxWorker({
      db: database.db,
      client: alipay.client,
      listener: database.sql,
      pollIntervalMs: 60_000,
    });
    await worker.start();

    const before = Date.now();
    const retried = await outbox("retry", String(failed.id));
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`notification ${failed.id} (FAILED) is due now`);
    const row = await eventually(async () => {
      const current = await notificationRow(database.db, failed.id);
      return current.status === "DELIVERED" ? current : undefined;
    }, 3000);
    // A fresh 24 h window and the backoff started over.
    expect(row.giveUpAt.getTime()).toBeGreaterThanOrEqual(before + DELIVERY_WINDOW_MS - 1000);
    expect(row.attempts).toBe(1);
    const received = await notificationsReceived(failed.paymentRequestId, alipay.url);
    expect(received.map((r) => r.body)).toEqual([failed.body]);
  }, 60_000);

  it("retry refuses a delivered or unknown row (exit 1)", async () => {
    const delivered = await insertNotification(database.db, { status: "DELIVERED" });
    const again = await outbox("retry", String(delivered.id));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already delivered");
    expect((await notificationRow(database.db, delivered.id)).status).toBe("DELIVERED");

    const unknown = await outbox("retry", "987654321");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no notification 987654321");
  }, 30_000);

  it.each([[[]], [["resend", "1"]], [["retry", "abc"]], [["status", "--limit", "0"]]])(
    "bad arguments %j: usage, exit 2",
    async (args) => {
      const result = await outbox(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("usage: npm run outbox -- status");
      expect(result.stdout).toBe("");
    },
    30_000,
  );
});

/**
 * `npm run outbox -- status [--limit N]`: notifyPayment deliveries per status, then the PENDING
 * and FAILED ones (id, paymentRequestId, attempts, next attempt, last error).
 * `npm run outbox -- retry <id>`: a FAILED (or PENDING) delivery due again now, with a fresh 24 h
 * window and the backoff starting over; the app's workers are woken at once.
 *
 * The database is DATABASE_URL, else the embedded dev server under `.data/postgres` (as `npm run
 * dev` and `npm start` find it).
 */
import { parseArgs } from "node:util";
import { createDb } from "@/db";
import { prepareProjectDatabase } from "../platform/project-database";
import {
  countNotificationsByStatus,
  listOpenNotifications,
  retryNotification,
} from "../notifications/outbox-store";

const USAGE = `usage: npm run outbox -- status [--limit N]
       npm run outbox -- retry <id>`;

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

type Command = { name: "status"; limit: number } | { name: "retry"; id: bigint };

function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { limit: { type: "string" } },
    });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const [command, ...rest] = parsed.positionals;
  if (command === "status") {
    if (rest.length > 0) usage(`status takes no arguments: ${rest.join(" ")}`);
    const limit = Number(parsed.values.limit ?? "50");
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      usage("--limit must be an integer from 1 to 10000");
    }
    return { name: "status", limit };
  }
  if (command === "retry") {
    if (parsed.values.limit !== undefined) usage("--limit is for status");
    const [id, ...extra] = rest;
    if (id === undefined || extra.length > 0 || !/^[1-9][0-9]{0,18}$/.test(id)) {
      usage("retry takes one notification id (a positive integer, as status shows it)");
    }
    return { name: "retry", id: BigInt(id) };
  }
  usage(command === undefined ? "no command" : `unknown command: ${command}`);
}

const command = parseCommand(process.argv.slice(2));
const databaseUrl = (await prepareProjectDatabase()).url;
const { db, close } = createDb(databaseUrl, { max: 2 });
try {
  process.exitCode =
    command.name === "status" ? await status(command.limit) : await retry(command.id);
} finally {
  await close();
}

async function status(limit: number): Promise<number> {
  const counts = await countNotificationsByStatus(db);
  console.log(`PENDING ${counts.PENDING}  DELIVERED ${counts.DELIVERED}  FAILED ${counts.FAILED}`);
  const { pending, failed } = await listOpenNotifications(db, limit);
  const now = Date.now();
  const rows = [...pending, ...failed].map((row) => [
    String(row.id),
    row.paymentRequestId,
    row.status,
    String(row.attempts),
    row.status === "PENDING"
      ? `${row.nextAttemptAt.toISOString()} (${relative(row.nextAttemptAt.getTime() - now)})${
          row.leaseUntil && row.leaseUntil.getTime() > now ? " in flight" : ""
        }`
      : "-",
    row.lastError ?? "-",
  ]);
  if (rows.length === 0) {
    console.log("nothing pending or failed");
    return 0;
  }
  console.log("");
  printTable(["id", "paymentRequestId", "status", "attempts", "next attempt", "last error"], rows);
  for (const [label, count, shown] of [
    ["PENDING", counts.PENDING, pending.length],
    ["FAILED", counts.FAILED, failed.length],
  ] as const) {
    if (count > shown) console.log(`… and ${count - shown} more ${label} (--limit)`);
  }
  return 0;
}

async function retry(id: bigint): Promise<number> {
  const outcome = await retryNotification(db, id);
  switch (outcome.kind) {
    case "not-found":
      console.error(`no notification ${id}`);
      return 1;
    case "delivered":
      console.error(`notification ${id} was already delivered: nothing to retry`);
      return 1;
    case "retried":
      console.log(
        `notification ${id} (${outcome.previousStatus}) is due now; delivery window until ${outcome.giveUpAt.toISOString()}`,
      );
      return 0;
  }
}

/** "in 4 s", "12 min ago", "now". */
function relative(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return "now";
  const text =
    abs < 60_000
      ? `${Math.round(abs / 1000)} s`
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : `${(abs / 3_600_000).toFixed(1)} h`;
  return ms > 0 ? `in ${text}` : `${text} ago`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

/**
 * Risk cases from a CSV file (README "Risk cases from Alipay+"): header exactly CASES_CSV_HEADER,
 * one row per flagged item, rows with the same caseId form one case (they must agree on raisedAt,
 * deadline and reason). UTF-8, RFC 4180 quoting (the project's parser, which reports a malformed
 * record by the line it starts on and reads on); cells are trimmed and an empty optional cell is
 * null.
 *
 * Bad rows are reported by line and left out; a case with a bad row is left out whole (reported
 * on each of its other lines), so the corrected file imports it later with its full content
 * instead of conflicting with a partial case. The good cases are created, each idempotently.
 */
import type { Db } from "@/db";
import type { StaffActor } from "../audit/audit-log";
import { DomainError } from "../errors";
import { parseCsv } from "../stores/csv";
import {
  caseContentProblems,
  MAX_CASE_ITEMS,
  ZCaseId,
  ZCaseTime,
  ZItemRef,
  ZReason,
  type CaseContent,
  type CaseItemInput,
} from "./case-content";
import { CaseConflictError, createCase } from "./create-case";
import { MAX_CASES_CSV_BYTES } from "./csv-limit";

export const CASES_CSV_HEADER = [
  "caseId",
  "raisedAt",
  "deadline",
  "reason",
  "paymentRequestId",
  "customerId",
  "deviceId",
] as const;

export { MAX_CASES_CSV_BYTES };

export interface CsvProblem {
  line: number;
  reason: string;
}

export type CasesCsv =
  | { ok: false; problem: string }
  | { ok: true; cases: { line: number; content: CaseContent }[]; bad: CsvProblem[] };

interface GoodRow {
  line: number;
  caseId: string;
  raisedAt: Date;
  deadline: Date | null;
  reason: string;
  item: CaseItemInput;
}

export function readCasesCsv(text: string): CasesCsv {
  const [header, ...records] = parseCsv(text);
  if (!header) return { ok: false, problem: "the file is empty" };
  if (!("fields" in header) || header.fields.join(",") !== CASES_CSV_HEADER.join(",")) {
    return {
      ok: false,
      problem: `line ${header.line}: the header must be exactly ${CASES_CSV_HEADER.join(",")}`,
    };
  }
  const bad: CsvProblem[] = [];
  /** Cases with a bad row: caseId → the first bad line. */
  const spoiled = new Map<string, number>();
  const groups = new Map<string, GoodRow[]>();
  for (const record of records) {
    if ("error" in record) {
      bad.push({ line: record.line, reason: record.error });
      continue;
    }
    const row = readRow(record.line, record.fields);
    if ("problem" in row) {
      bad.push({ line: record.line, reason: row.problem });
      if (row.caseId && !spoiled.has(row.caseId)) spoiled.set(row.caseId, record.line);
      continue;
    }
    const group = groups.get(row.caseId);
    const first = group?.[0];
    const disagreement = first && disagreementOf(first, row);
    if (disagreement) {
      bad.push({ line: row.line, reason: disagreement });
      if (!spoiled.has(row.caseId)) spoiled.set(row.caseId, row.line);
      continue;
    }
    if (group) group.push(row);
    else groups.set(row.caseId, [row]);
  }

  const cases: { line: number; content: CaseContent }[] = [];
  for (const [caseId, rows] of groups) {
    const spoiledAt = spoiled.get(caseId);
    const problem =
      spoiledAt !== undefined
        ? `case ${caseId} is left out: line ${spoiledAt} is bad`
        : rows.length > MAX_CASE_ITEMS
          ? `case ${caseId} is left out: it has ${rows.length} rows, at most ${MAX_CASE_ITEMS}`
          : null;
    if (problem) {
      for (const row of rows) bad.push({ line: row.line, reason: problem });
      continue;
    }
    const first = rows[0]!;
    cases.push({
      line: first.line,
      content: {
        caseId,
        raisedAt: first.raisedAt,
        deadline: first.deadline,
        reason: first.reason,
        items: rows.map((row) => row.item),
      },
    });
  }
  bad.sort((a, b) => a.line - b.line);
  return { ok: true, cases, bad };
}

/** A row's content, or why it is refused ("raisedAt: must be an ISO 8601 date-time …"). */
function readRow(line: number, fields: string[]): GoodRow | { problem: string; caseId?: string } {
  if (fields.length !== CASES_CSV_HEADER.length) {
    return { problem: `expected ${CASES_CSV_HEADER.length} fields, got ${fields.length}` };
  }
  const cell = (index: number) => (fields[index] ?? "").trim();
  const caseId = ZCaseId.safeParse(cell(0));
  if (!caseId.success) return { problem: `caseId: ${firstMessage(caseId.error)}` };
  const refused = (field: string, error: { issues: { message: string }[] }) => ({
    problem: `${field}: ${firstMessage(error)}`,
    caseId: caseId.data,
  });
  const raisedAt = ZCaseTime.safeParse(cell(1));
  if (!raisedAt.success) {
    return cell(1) === ""
      ? { problem: "raisedAt: is required", caseId: caseId.data }
      : refused("raisedAt", raisedAt.error);
  }
  let deadline: Date | null = null;
  if (cell(2) !== "") {
    const parsed = ZCaseTime.safeParse(cell(2));
    if (!parsed.success) return refused("deadline", parsed.error);
    deadline = parsed.data;
  }
  const reason = ZReason.safeParse(cell(3));
  if (!reason.success) return refused("reason", reason.error);
  const item: CaseItemInput = { paymentRequestId: null, customerId: null, deviceId: null };
  const refs = [
    [4, "paymentRequestId"],
    [5, "customerId"],
    [6, "deviceId"],
  ] as const;
  for (const [index, name] of refs) {
    if (cell(index) === "") continue;
    const parsed = ZItemRef.safeParse(cell(index));
    if (!parsed.success) return refused(name, parsed.error);
    item[name] = parsed.data;
  }
  const [problem] = caseContentProblems({ raisedAt: raisedAt.data, deadline, items: [item] });
  if (problem) {
    const field = problem.path[0] === "items" ? "paymentRequestId, customerId, deviceId" : null;
    return {
      problem: field
        ? `${field}: the row must name at least one of them`
        : `${problem.path.join(".")}: ${problem.message}`,
      caseId: caseId.data,
    };
  }
  return {
    line,
    caseId: caseId.data,
    raisedAt: raisedAt.data,
    deadline,
    reason: reason.data,
    item,
  };
}

function disagreementOf(first: GoodRow, row: GoodRow): string | null {
  const differs = (name: string) =>
    `${name}: differs from line ${first.line}, the first row of case ${row.caseId}`;
  if (first.raisedAt.getTime() !== row.raisedAt.getTime()) return differs("raisedAt");
  if ((first.deadline?.getTime() ?? null) !== (row.deadline?.getTime() ?? null)) {
    return differs("deadline");
  }
  if (first.reason !== row.reason) return differs("reason");
  return null;
}

function firstMessage(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? "is invalid";
}

export interface CasesImport {
  /** Data rows read (header excluded). */
  cases: number;
  created: string[];
  /** Already there with the same content: left unchanged. */
  unchanged: string[];
  /** Already there with other content: left unchanged, reported by the case's first line. */
  conflicts: { caseId: string; line: number }[];
  bad: CsvProblem[];
}

/** Reads the file and creates each good case in its own transaction (a repeat changes nothing). */
export async function importCasesCsv(
  db: Db,
  actor: StaffActor,
  text: string,
): Promise<CasesImport> {
  if (Buffer.byteLength(text) > MAX_CASES_CSV_BYTES) {
    throw new DomainError("invalid", `the file is larger than ${MAX_CASES_CSV_BYTES} bytes`);
  }
  const read = readCasesCsv(text);
  if (!read.ok) throw new DomainError("invalid", read.problem);
  const outcome: CasesImport = {
    cases: read.cases.length,
    created: [],
    unchanged: [],
    conflicts: [],
    bad: read.bad,
  };
  for (const { line, content } of read.cases) {
    try {
      const created = await createCase(db, content, { source: "CSV", actor });
      (created.outcome === "created" ? outcome.created : outcome.unchanged).push(content.caseId);
    } catch (error) {
      if (!(error instanceof CaseConflictError)) throw error;
      outcome.conflicts.push({ caseId: content.caseId, line });
    }
  }
  return outcome;
}

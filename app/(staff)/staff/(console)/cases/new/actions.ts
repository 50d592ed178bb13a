"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { parseCsv } from "@/server/stores/csv";
import { formText, formUtcTime } from "../../../form-text";
import { runStaffAction, type ActionState } from "../../../staff-api";

type Item = { paymentRequestId?: string; customerId?: string; deviceId?: string };

function item(paymentRequestId = "", customerId = "", deviceId = ""): Item {
  const cell = (text: string) => text.trim() || undefined;
  return {
    paymentRequestId: cell(paymentRequestId),
    customerId: cell(customerId),
    deviceId: cell(deviceId),
  };
}

/** The first item's three fields, then one item per line of `paymentRequestId,customerId,deviceId`. */
function itemsOf(form: FormData): Item[] | string {
  const items: Item[] = [];
  const first = item(
    formText(form, "paymentRequestId"),
    formText(form, "customerId"),
    formText(form, "deviceId"),
  );
  if (first.paymentRequestId || first.customerId || first.deviceId) items.push(first);
  for (const record of parseCsv(formText(form, "moreItems"))) {
    if ("error" in record) return `More items, line ${record.line}: ${record.error}`;
    if (record.fields.length > 3) {
      return `More items, line ${record.line}: at most 3 fields (paymentRequestId,customerId,deviceId)`;
    }
    const [paymentRequestId, customerId, deviceId] = record.fields;
    const extra = item(paymentRequestId, customerId, deviceId);
    if (extra.paymentRequestId || extra.customerId || extra.deviceId) items.push(extra);
  }
  return items;
}

export async function createCaseAction(
  _state: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const items = itemsOf(form);
  if (typeof items === "string") return { ok: false, message: items };
  if (items.length === 0) {
    return { ok: false, message: "Name at least one payment request id, customer or device." };
  }
  let created: string | undefined;
  const state = await runStaffAction(async (api) => {
    const outcome = await api.cases.create({
      caseId: formText(form, "caseId").trim() || undefined,
      raisedAt: formUtcTime(form, "raisedAt") ?? "",
      deadline: formUtcTime(form, "deadline"),
      reason: formText(form, "reason"),
      items,
    });
    created = outcome.caseId;
    revalidatePath("/staff/cases");
    return `Case ${outcome.caseId} ${outcome.outcome === "created" ? "created" : "already exists with this content"}.`;
  });
  // Outside runStaffAction: redirect() throws, and the case page is where the work goes on.
  if (created) redirect(`/staff/cases/${encodeURIComponent(created)}`);
  return state;
}

import Link from "next/link";
import { REVIEW_REASON_MAX } from "@/server/reviews/decide-review";
import { ActionForm, type ActionState } from "./action-form";
import { TextArea } from "./text-area";

type Action = (state: ActionState | null, form: FormData) => Promise<ActionState>;

/**
 * Where "open a case" goes: the case form (README "Risk cases from Alipay+") pre-filled with the
 * item.
 */
export function caseLinkFor(item: {
  paymentRequestId: string;
  customerId: string | null;
  deviceId: string | null;
}): string {
  const query = new URLSearchParams({ paymentRequestId: item.paymentRequestId });
  if (item.customerId) query.set("customerId", item.customerId);
  if (item.deviceId) query.set("deviceId", item.deviceId);
  return `/staff/cases/new?${query}`;
}

/**
 * Approve or reject one reviewed payment, each with its required reason. Reject marks the payment
 * as abuse and may block the customer and/or the device; no money moves either way (the payment
 * was settled with Alipay+). Plain forms: they work before JavaScript loads.
 */
export function ReviewDecisionForms({
  paymentId,
  paymentRequestId,
  customerId,
  deviceId,
  returnTo,
  approveAction,
  rejectAction,
}: {
  paymentId: string;
  paymentRequestId: string;
  customerId: string | null;
  deviceId: string | null;
  returnTo: string;
  approveAction: Action;
  rejectAction: Action;
}) {
  const hidden = (
    <>
      <input type="hidden" name="paymentId" value={paymentId} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </>
  );
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <fieldset className="rounded border border-emerald-200 bg-emerald-50/40 p-3">
        <legend className="px-1 text-sm font-semibold text-emerald-900">Approve</legend>
        <ActionForm action={approveAction} submitLabel="Approve">
          {hidden}
          <TextArea
            label={<>Reason for approving {paymentId}</>}
            name="reason"
            required
            maxLength={REVIEW_REASON_MAX}
            rows={2}
          />
        </ActionForm>
      </fieldset>
      <fieldset className="rounded border border-red-200 bg-red-50/40 p-3">
        <legend className="px-1 text-sm font-semibold text-red-900">Reject as abuse</legend>
        <ActionForm action={rejectAction} submitLabel="Reject" danger>
          {hidden}
          <TextArea
            label={<>Reason for rejecting {paymentId}</>}
            name="reason"
            required
            maxLength={REVIEW_REASON_MAX}
            rows={2}
          />
          <div className="space-y-1 text-sm">
            {customerId && (
              <label className="flex items-start gap-2">
                <input type="checkbox" name="blockCustomer" className="mt-1" />
                <span>
                  Block customer <span className="font-mono text-xs">{customerId}</span>
                </span>
              </label>
            )}
            {deviceId && (
              <label className="flex items-start gap-2">
                <input type="checkbox" name="blockDevice" className="mt-1" />
                <span>
                  Block device <span className="font-mono text-xs">{deviceId}</span>
                </span>
              </label>
            )}
          </div>
          <p className="text-xs text-slate-600">
            No money moves. To claw back with Alipay+,{" "}
            <Link
              href={caseLinkFor({ paymentRequestId, customerId, deviceId })}
              className="font-medium text-sky-800 underline"
            >
              open a case
            </Link>
            .
          </p>
        </ActionForm>
      </fieldset>
    </div>
  );
}

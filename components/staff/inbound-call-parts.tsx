/**
 * Pieces of the inbound call log: a call's signature verdict, its result, the payment it names
 * (linked to the investigation page when Plusdesk holds it) and its bodies as stored (redacted).
 */
import Link from "next/link";

const VERDICT_STYLES: Record<string, string> = {
  VALID: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  NOT_CHECKED: "bg-slate-100 text-slate-700 ring-slate-500/30",
};

export function SignatureBadge({ verdict }: { verdict: string }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs ring-1 ring-inset ${
        VERDICT_STYLES[verdict] ?? "bg-red-50 text-red-800 ring-red-600/30"
      }`}
    >
      {verdict}
    </span>
  );
}

export function CallResult({
  resultStatus,
  resultCode,
}: {
  resultStatus: string | null;
  resultCode: string | null;
}) {
  if (!resultStatus && !resultCode) return <span className="text-slate-500">—</span>;
  return (
    <span className="font-mono text-xs">
      <span className="font-semibold">{resultStatus ?? "?"}</span> {resultCode}
    </span>
  );
}

/** The Alipay+ ids a call carried; the paymentRequestId links to its payment when it exists. */
export function CallRequestIds({
  paymentRequestId,
  refundRequestId,
  paymentId,
}: {
  paymentRequestId: string | null;
  refundRequestId: string | null;
  paymentId: string | null;
}) {
  if (!paymentRequestId && !refundRequestId) return <span className="text-slate-500">—</span>;
  return (
    <span className="grid gap-0.5 break-all font-mono text-xs">
      {paymentRequestId && (
        <span>
          <span className="sr-only">paymentRequestId </span>
          {paymentId ? (
            <Link
              href={`/staff/payments/${encodeURIComponent(paymentId)}`}
              className="text-sky-800 underline"
              title={`Payment ${paymentId}`}
            >
              {paymentRequestId}
            </Link>
          ) : (
            paymentRequestId
          )}
        </span>
      )}
      {refundRequestId && (
        <span className="text-slate-600">
          <span aria-hidden="true">↩ </span>
          <span className="sr-only">refundRequestId </span>
          {refundRequestId}
        </span>
      )}
    </span>
  );
}

/** Pretty-printed when that changes nothing but whitespace; otherwise exactly as stored. */
function displayed(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (JSON.stringify(parsed) === text) return JSON.stringify(parsed, null, 2);
  } catch {
    // Not JSON (or cut short): shown as it is.
  }
  return text;
}

export function CallBody({
  title,
  text,
  totalChars,
  fullHref,
  whole = false,
}: {
  title: string;
  text: string;
  /** The call's own view: no scroll box, the body as long as it is. */
  whole?: boolean;
  /** The body's whole length when `text` may be a preview. */
  totalChars?: number;
  fullHref?: string;
}) {
  const cut = totalChars !== undefined && totalChars > text.length;
  return (
    <div className="min-w-0">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{title}</h3>
      {text === "" ? (
        <p className="text-sm text-slate-500">(empty)</p>
      ) : (
        <pre
          className={`${whole ? "" : "max-h-96 overflow-auto"} whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800`}
        >
          {displayed(text)}
        </pre>
      )}
      {cut && (
        <p className="mt-1 text-xs text-slate-600">
          Showing {text.length.toLocaleString("en")} of {totalChars.toLocaleString("en")}{" "}
          characters.{" "}
          {fullHref && (
            <Link href={fullHref} className="text-sky-800 underline">
              Open the whole call
            </Link>
          )}
        </p>
      )}
    </div>
  );
}

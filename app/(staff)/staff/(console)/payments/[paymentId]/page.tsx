import type { inferRouterOutputs } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DecisionTrace } from "@/components/staff/investigation-decision-trace";
import { DeviceHistory, deviceHref } from "@/components/staff/investigation-device";
import { InboundCallsTable } from "@/components/staff/investigation-inbound-calls";
import {
  PaymentPromotions,
  PromotionReading,
  RawJson,
} from "@/components/staff/investigation-promotions";
import {
  Badge,
  DataTable,
  Facts,
  InvestigationSection,
  TD,
  TD_NUM,
} from "@/components/staff/investigation-parts";
import { StaffMoney, StaffMoneyOrDash } from "@/components/staff/money-by-currency";
import { NotAllowed } from "@/components/staff/not-allowed";
import { PageHeader } from "@/components/staff/page-header";
import { caseLinkFor, ReviewDecisionForms } from "@/components/staff/review-decision-forms";
import { StaffTime } from "@/components/staff/staff-time";
import { roleCan } from "@/server/auth/staff-permissions";
import type { AppRouter } from "@/server/trpc/root";
import { orNull, requireStaff, staffRead } from "../../../staff-api";
import { approveReviewAction, rejectReviewAction } from "../../reviews/actions";
import { routeParam } from "../../../route-param";

type Investigation = inferRouterOutputs<AppRouter>["payments"]["investigate"];
type Params = { paymentId: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Payment ${routeParam((await params).paymentId)}` };
}

/** Everything about one payment, for an analyst deciding what it was. */
export default async function PaymentInvestigationPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<{ decided?: string }>;
}) {
  const paymentId = routeParam((await params).paymentId);
  const { decided } = await searchParams;
  if (paymentId.length > 200) notFound();
  const staff = await requireStaff();
  const found = await staffRead((api) => orNull(api.payments.investigate({ paymentId })));
  if (!found.allowed) return <NotAllowed message={found.message} />;
  if (!found.data) notFound();
  const data = found.data;
  const { payment } = data;
  const reviewDecision = [...data.decisions]
    .reverse()
    .find((d) => d.outcome === "REVIEW" && d.paymentId);
  const canDecide = roleCan(staff.role, "reviews.decide");
  const storeLabel = payment.storeName ?? payment.referenceStoreId;

  return (
    <>
      <PageHeader
        title={`Payment ${payment.paymentId}`}
        description={
          <>
            {payment.merchantDisplayName ?? payment.merchantName ?? "Unknown merchant"} ·{" "}
            <StaffTime value={payment.receivedAt} /> · request{" "}
            <span className="font-mono">{payment.paymentRequestId}</span>
          </>
        }
        actions={
          <Link href="/staff/reviews" className="text-sm font-medium text-sky-800 underline">
            Review queue
          </Link>
        }
      />
      <nav
        aria-label="Sections of this payment"
        className="mb-4 flex flex-wrap gap-x-4 gap-y-1 text-sm"
      >
        {[
          ["review", "Review"],
          ["order", "Order"],
          ["merchant", "Merchant and store"],
          ["amounts", "Amounts"],
          ["promotions", "Promotions"],
          ["refunds", "Refunds"],
          ["ledger", "Ledger"],
          ["decisions", "Decision trace"],
          ["lists", "Lists"],
          ["device", "Device"],
          ["inbound", "Inbound calls"],
        ].map(([id, label]) => (
          <a key={id} href={`#${id}`} className="text-sky-800 underline">
            {label}
          </a>
        ))}
      </nav>

      <InvestigationSection id="review" title="Review">
        <ReviewPart
          data={data}
          justDecided={decided === payment.paymentId}
          pendingDecision={!!reviewDecision && !data.review}
          reviewDeviceId={reviewDecision?.deviceId ?? null}
          decide={
            canDecide
              ? {
                  returnTo: `/staff/payments/${encodeURIComponent(payment.paymentId)}`,
                  approveAction: approveReviewAction,
                  rejectAction: rejectReviewAction,
                }
              : undefined
          }
        />
      </InvestigationSection>

      <InvestigationSection id="order" title="Order">
        <Facts
          items={[
            [
              "Status",
              <span key="s">
                <Badge tone={payment.status === "SUCCESS" ? "good" : "bad"}>{payment.status}</Badge>{" "}
                {payment.resultCode}
              </span>,
            ],
            ["Reference order id", payment.referenceOrderId],
            ["Description", payment.orderDescription],
            [
              "Payment request id",
              <span key="r" className="font-mono">
                {payment.paymentRequestId}
              </span>,
            ],
            ["Received", <StaffTime key="t" value={payment.receivedAt} />],
            ["Paid at", <StaffTime key="p" value={payment.paymentTime} />],
            ["Closed at", <StaffTime key="c" value={payment.closedAt} />],
            [
              "In store",
              payment.isInStorePayment === null ? null : payment.isInStorePayment ? "yes" : "no",
            ],
            [
              "Payment method",
              payment.paymentMethodIdLast4 ? `…${payment.paymentMethodIdLast4}` : null,
            ],
            ["Acquirer / PSP", [payment.acquirerId, payment.pspId].filter(Boolean).join(" / ")],
            [
              "Customer",
              payment.customerId ? (
                <span key="cu">
                  {data.customer?.displayName}{" "}
                  <span className="font-mono text-xs">{payment.customerId}</span>
                </span>
              ) : null,
            ],
            [
              "Customer profile",
              data.customer
                ? `${data.customer.status}, KYC ${data.customer.kycStatus}, credit ${data.customer.creditRating ?? "—"} / ${data.customer.creditScore ?? "—"}, account opened ${data.customer.accountCreatedAt?.slice(0, 16).replace("T", " ") ?? "—"}`
                : null,
            ],
          ]}
        />
      </InvestigationSection>

      <InvestigationSection id="merchant" title="Merchant and store">
        <Facts
          items={[
            ["Merchant id", payment.referenceMerchantId],
            ["Merchant", payment.merchantDisplayName ?? payment.merchantName],
            ["Legal name", payment.merchantName],
            ["Merchant MCC", payment.merchantMcc],
            ["Region", payment.merchantRegion],
            ["Store id", payment.referenceStoreId],
            ["Store", payment.storeName],
            ["Store MCC", payment.storeMcc],
            [
              "Registered position",
              data.store
                ? `${data.store.lat.toFixed(5)}, ${data.store.lng.toFixed(5)} (${[data.store.city, data.store.region].filter(Boolean).join(", ")})`
                : payment.referenceStoreId
                  ? "not in the store registry"
                  : null,
            ],
          ]}
        />
      </InvestigationSection>

      <InvestigationSection id="amounts" title="Amounts">
        <Facts
          items={[
            [
              "Order amount",
              <StaffMoneyOrDash
                key="o"
                amountMinor={payment.orderAmountMinor}
                currency={payment.orderCurrency}
              />,
            ],
            [
              "Payment amount (after promotions)",
              <StaffMoneyOrDash
                key="p"
                amountMinor={payment.paymentAmountMinor}
                currency={payment.paymentCurrency}
              />,
            ],
            [
              "Settled with Alipay+ (pay-to)",
              <StaffMoneyOrDash
                key="w"
                amountMinor={payment.payToAmountMinor}
                currency={payment.payToCurrency}
              />,
            ],
            [
              "Surcharge amount (what the customer pays)",
              payment.surchargeAmountMinor === null ? null : (
                <StaffMoneyOrDash
                  key="s"
                  amountMinor={payment.surchargeAmountMinor}
                  currency={payment.surchargeCurrency}
                />
              ),
            ],
            [
              payment.status === "SUCCESS" || payment.paymentTime
                ? "Debited from the wallet"
                : "Would have debited the wallet",
              <StaffMoneyOrDash
                key="d"
                amountMinor={payment.debitMinor}
                currency={payment.payToCurrency}
              />,
            ],
            [
              "Quote",
              payment.quoteId
                ? `${payment.quoteId}: ${payment.quoteCurrencyPair ?? ""} ${payment.quotePrice ?? ""}${payment.quoteUnit ? ` per ${payment.quoteUnit}` : ""}`
                : null,
            ],
          ]}
        />
      </InvestigationSection>

      <InvestigationSection
        id="promotions"
        title="Promotions"
        description="Every line of the promotion information Alipay+ sent, as far as Plusdesk could read it, with its raw JSON."
      >
        <PaymentPromotions data={data} />
      </InvestigationSection>

      <InvestigationSection id="refunds" title="Refunds">
        <DataTable
          caption="Refunds of this payment with their promotion clawbacks"
          columns={[
            { label: "Refund" },
            { label: "When" },
            { label: "Result" },
            { label: "Refund amount", numeric: true },
            { label: "Back to the wallet", numeric: true },
            { label: "Promotion clawbacks" },
          ]}
          empty="No refunds."
          rowCount={data.refunds.length}
        >
          {data.refunds.map((refund) => (
            <tr key={refund.refundId}>
              <th scope="row" className={`${TD} font-mono text-xs font-normal`}>
                {refund.refundId}
                <span className="block text-slate-600">{refund.refundRequestId}</span>
              </th>
              <td className={TD}>
                <StaffTime value={refund.refundTime} />
              </td>
              <td className={TD}>
                {refund.status} {refund.resultCode}
              </td>
              <td className={TD_NUM}>
                <StaffMoney
                  amountMinor={refund.refundAmountMinor}
                  currency={refund.refundCurrency}
                />
              </td>
              <td className={TD_NUM}>
                <StaffMoney amountMinor={refund.creditMinor} currency={refund.refundFromCurrency} />
                {refund.surchargeAmountMinor !== null && (
                  <span className="block text-xs text-slate-600">
                    surcharge refund; refundFromAmount{" "}
                    <StaffMoney
                      amountMinor={refund.refundFromAmountMinor}
                      currency={refund.refundFromCurrency}
                    />
                  </span>
                )}
              </td>
              <td className={TD}>
                {refund.promotionProblems.length > 0 && refund.promotionReading && (
                  <PromotionReading
                    reading={refund.promotionReading}
                    problems={refund.promotionProblems}
                  />
                )}
                {refund.promotions.length === 0 ? (
                  "—"
                ) : (
                  <ul>
                    {refund.promotions.map((clawback) => (
                      <li key={clawback.id} className="mb-1">
                        <span className="font-mono text-xs">
                          {clawback.promoId ?? clawback.promoName ?? "(no promo id)"}
                        </span>{" "}
                        <StaffMoneyOrDash
                          amountMinor={clawback.amountMinor}
                          currency={clawback.currency}
                        />
                        {clawback.walletAmountMinor !== null &&
                          clawback.walletCurrency !== clawback.currency && (
                            <>
                              {" "}
                              (
                              <StaffMoney
                                amountMinor={clawback.walletAmountMinor}
                                currency={clawback.walletCurrency}
                              />
                              )
                            </>
                          )}
                        {clawback.exceedsRemaining && (
                          <Badge tone="bad">exceeds what remained</Badge>
                        )}
                        {clawback.paymentPromotionId === null && <Badge>unlinked</Badge>}
                        <PromotionReading reading={clawback.reading} problems={clawback.problems} />
                        <RawJson
                          value={clawback.raw}
                          label={`JSON of refund line ${clawback.position + 1}`}
                        />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </InvestigationSection>

      <InvestigationSection id="ledger" title="Ledger entries">
        <DataTable
          caption="Wallet ledger entries of this payment and its refunds"
          columns={[
            { label: "Entry" },
            { label: "When" },
            { label: "Kind" },
            { label: "Amount", numeric: true },
            { label: "Balance after", numeric: true },
            { label: "Refund" },
          ]}
          empty="No money moved for this payment."
          rowCount={data.ledger.length}
        >
          {data.ledger.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" className={`${TD} font-normal tabular-nums`}>
                {entry.id}
              </th>
              <td className={TD}>
                <StaffTime value={entry.createdAt} />
              </td>
              <td className={TD}>{entry.kind}</td>
              <td className={TD_NUM}>
                <StaffMoney amountMinor={entry.amountMinor} currency={entry.currency} />
              </td>
              <td className={TD_NUM}>
                <StaffMoney amountMinor={entry.balanceAfterMinor} currency={entry.currency} />
              </td>
              <td className={`${TD} font-mono text-xs`}>{entry.refundId ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      </InvestigationSection>

      <InvestigationSection
        id="decisions"
        title="Decision trace"
        description="Every risk decision recorded for this payment request: the rule-set version, each rule's verdict and the signal values it saw."
      >
        <DecisionTrace decisions={data.decisions} />
      </InvestigationSection>

      <InvestigationSection id="lists" title="List entries in force">
        <DataTable
          caption="Block and allow list entries naming this payment's customer, device or merchant"
          columns={[
            { label: "Subject" },
            { label: "List" },
            { label: "Reason" },
            { label: "Expires" },
            { label: "Added" },
          ]}
          empty="No list entry names this customer, device or merchant."
          rowCount={
            data.lists.customer.length + data.lists.device.length + data.lists.merchant.length
          }
        >
          {[...data.lists.customer, ...data.lists.device, ...data.lists.merchant].map((entry) => (
            <tr key={entry.id}>
              <th scope="row" className={`${TD} font-normal`}>
                {entry.subjectType.toLowerCase()}{" "}
                <span className="break-all font-mono text-xs">{entry.subjectId}</span>
              </th>
              <td className={TD}>
                <Badge tone={entry.list === "BLOCK" ? "bad" : "good"}>{entry.list}</Badge>
              </td>
              <td className={`${TD} break-words`}>{entry.reason}</td>
              <td className={TD}>
                {entry.expiresAt ? <StaffTime value={entry.expiresAt} /> : "never"}
              </td>
              <td className={TD}>
                <StaffTime value={entry.createdAt} /> by {entry.createdBy}
              </td>
            </tr>
          ))}
        </DataTable>
      </InvestigationSection>

      <InvestigationSection
        id="device"
        title="Device"
        description={
          data.deviceId ? (
            <>
              The payment came from device{" "}
              <Link href={deviceHref(data.deviceId)} className="font-mono text-sky-800 underline">
                {data.deviceId}
              </Link>
              .
            </>
          ) : (
            "The payment named no device (no payment code, no order.env.deviceTokenId)."
          )
        }
      >
        {data.device && (
          <DeviceHistory
            device={data.device}
            payerId={payment.customerId}
            storeLabel={data.store ? storeLabel : null}
          />
        )}
      </InvestigationSection>

      {data.cases.length > 0 && (
        <InvestigationSection id="cases" title="Alipay+ risk cases naming this payment">
          <ul className="space-y-1 text-sm">
            {data.cases.map((c) => (
              <li key={c.caseId}>
                <Link
                  href={`/staff/cases/${encodeURIComponent(c.caseId)}`}
                  className="font-mono text-sky-800 underline"
                >
                  {c.caseId}
                </Link>{" "}
                <Badge>{c.status}</Badge> {c.reason}
              </li>
            ))}
          </ul>
        </InvestigationSection>
      )}

      <InvestigationSection
        id="inbound"
        title="Inbound Alipay+ calls"
        description="Every pay, refund, cancel and inquiry naming this payment request, as received (codes and tokens redacted), with the signature verdict."
      >
        <InboundCallsTable calls={data.inboundCalls} />
      </InvestigationSection>
    </>
  );
}

function ReviewPart({
  data,
  justDecided,
  pendingDecision,
  reviewDeviceId,
  decide,
}: {
  data: Investigation;
  justDecided: boolean;
  pendingDecision: boolean;
  /** The device the REVIEW decision names (the one a reject can block). */
  reviewDeviceId: string | null;
  decide?: Omit<
    Parameters<typeof ReviewDecisionForms>[0],
    "paymentId" | "paymentRequestId" | "customerId" | "deviceId"
  >;
}) {
  const { payment, review } = data;
  if (review) {
    const rejected = review.verdict === "REJECTED";
    return (
      <div role={justDecided ? "status" : undefined} className="space-y-1 text-sm">
        <p>
          <Badge tone={rejected ? "bad" : "good"}>
            {rejected ? "Rejected as abuse" : "Approved"}
          </Badge>{" "}
          by {review.reviewedBy}, <StaffTime value={review.reviewedAt} />
        </p>
        <p className="whitespace-pre-wrap">“{review.reason}”</p>
        {rejected && (
          <Link
            href={caseLinkFor({
              paymentRequestId: payment.paymentRequestId,
              customerId: payment.customerId,
              deviceId: data.deviceId,
            })}
            className="font-medium text-sky-800 underline"
          >
            Open a case for clawback with Alipay+
          </Link>
        )}
      </div>
    );
  }
  if (!pendingDecision) {
    return (
      <p className="text-sm text-slate-600">The risk engine did not send this payment to review.</p>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm">
        <Badge tone="warn">Awaiting review</Badge> The risk engine let this payment through for
        review.
      </p>
      {decide ? (
        <ReviewDecisionForms
          paymentId={payment.paymentId}
          paymentRequestId={payment.paymentRequestId}
          customerId={payment.customerId}
          deviceId={reviewDeviceId}
          {...decide}
        />
      ) : (
        <p className="text-sm text-slate-600">An analyst decides it from the review queue.</p>
      )}
    </div>
  );
}

/** English: the reference catalogue. Every other language must have exactly these keys. */
export const en = {
  launch: {
    expired: {
      title: "This link has expired",
      body: "For your security, wallet links work for a few minutes only. Go back to the wallet app and open the page again.",
    },
    reused: {
      title: "This link was already used",
      body: "Each wallet link opens the page once. Go back to the wallet app and open the page again.",
    },
    invalid: {
      title: "This link is not valid",
      body: "The page could not be opened from this link. Go back to the wallet app and try again.",
    },
    signedOut: {
      title: "Your session has ended",
      body: "For your security, the page closes after 30 minutes without activity. Go back to the wallet app and open it again.",
    },
  },
  /**
   * Shared by the customer pages (README "Customer pages"). `{amount}` is filled with a formatted
   * amount.
   */
  pages: {
    navigation: "Page navigation",
    backToTransactions: "Back to transactions",
    unknownMerchant: "Merchant",
    notFound: {
      title: "Transaction not found",
      body: "There is no transaction at this link in your history. Check the link, or open your transactions.",
      action: "Open your transactions",
    },
  },
  transactionStatus: {
    paid: "Paid",
    partlyRefunded: "Partly refunded",
    refunded: "Refunded",
    cancelled: "Cancelled",
    failed: "Failed",
  },
  /** Plain and blame-free: the customer did nothing wrong by trying to pay. */
  failureReason: {
    riskDeclined:
      "This payment was stopped by our security checks to protect your account. No money was taken from your wallet. If you have questions, contact wallet support.",
    balanceNotEnough:
      "Your wallet balance was not enough for this payment. No money was taken from your wallet.",
    accountRestricted:
      "Your wallet cannot make payments at the moment. No money was taken. Wallet support can help.",
    verificationNeeded:
      "Finish verifying your identity in the wallet app to make payments like this one. No money was taken.",
    currencyNotSupported:
      "This payment was asked for in a currency your wallet does not hold. No money was taken.",
    singlePaymentLimit:
      "This payment is more than your wallet allows for a single payment. No money was taken from your wallet.",
    dailyAmountLimit:
      "This payment would go over the amount your wallet allows you to spend in 24 hours. No money was taken from your wallet.",
    dailyCountLimit:
      "You have reached the number of payments your wallet allows in 24 hours. No money was taken from your wallet.",
    other: "This payment could not be completed. No money was taken from your wallet.",
  },
  /** Alipay+ `promoType` is an open list: known types get a word, any other is "other". */
  promotionType: {
    CASH_BACK: "Cashback",
    DISCOUNT: "Discount",
    VOUCHER: "Voucher",
    CASHLESS_FIXED_VOUCHER: "Voucher",
    POINT: "Points",
    other: "Promotion",
  },
  /** A promotion Alipay+ sent without a readable name (or at all readable). */
  promotion: {
    unnamed: "Alipay+ promotion",
  },
  history: {
    title: "Transactions",
    empty: "No transactions yet. Payments you make with Alipay+ will show here.",
    saved: "Saved {amount}",
    discountApplied: "Discount applied",
    loadMore: "Load more",
    loading: "Loading more transactions…",
    loaded: "More transactions loaded.",
    loadFailed: "More transactions could not be loaded. Check your connection and try again.",
    newest: "Back to the newest",
  },
  transaction: {
    title: "Transaction details",
    amountPaid: "Amount paid",
    amountNotPaid: "Amount (not paid)",
    beforeSurcharge: "Before surcharge",
    time: "Time",
    status: "Status",
    merchantHeading: "Merchant",
    merchantName: "Name",
    merchantOriginalName: "Name in the local language",
    store: "Store",
    orderDescription: "Order",
    amountsHeading: "Amounts",
    orderAmount: "Order amount",
    totalSaved: "Total saved",
    exchangeRate: "Exchange rate",
    promotionsHeading: "Promotions applied",
    promotionSaving: "You saved {amount}",
    receivedAs: "Originally {amount}",
    notConvertible:
      "Shown in its original currency: there is no exchange rate from it to your wallet currency, so it is not part of the total saved.",
    refundsHeading: "Refunds",
    noRefunds: "No refunds so far.",
    refundLink: "Refund of {amount}",
    referencesHeading: "References",
    paymentId: "Payment ID",
    paymentRequestId: "Alipay+ payment request ID",
  },
  /** The payment result page (Alipay+ UX guide for wallets: amount, order amount, rate, discounts). */
  /** The MPM cashier page (README "MPM / Cashier"): the order before the customer pays it. */
  cashier: {
    title: "Confirm payment",
    toPay: "Amount to pay",
    inOrderCurrency: "{amount} in the merchant's currency",
    payBefore: "Pay before {time}",
    pay: "Pay",
    paying: "Paying…",
    return: "Return",
    balanceShort:
      "Your wallet balance is not enough for this payment. Nothing was taken. Top up in the wallet app, then tap Pay again.",
    closedTitle: "Order closed",
    closedBody: "This order was closed before it was paid. Nothing was taken from your wallet.",
  },
  paymentResult: {
    title: "Payment result",
    headline: {
      paid: "Payment successful",
      partlyRefunded: "Payment successful",
      refunded: "Payment successful",
      cancelled: "Payment cancelled",
      failed: "Payment not completed",
    },
    amountPaid: "Amount paid",
    merchant: "Merchant",
    orderAmount: "Order amount",
    inWalletCurrency: "≈ {amount}",
    exchangeRate: "Exchange rate",
    discountsHeading: "Discounts",
    alipayDiscount: "Alipay+ discount",
    discountDetails: "See discount details",
    paidWith: "Paid with Alipay+",
    confirm: "Confirm",
    returningToMerchant: "Returning to the merchant in {time}",
    stop: "Stop",
    stayingHere: "You stay on this page. Tap Confirm when you are ready.",
  },
  refundResult: {
    title: "Refund",
    returned: "Returned to your wallet",
    refundAmount: "Refund in the order currency",
    time: "Time",
    merchant: "Merchant",
    viewPayment: "View the payment",
    promotionsHeading: "Promotions on this payment",
    promotionsIntro: "What this refund took back from each promotion you saved with.",
    saved: "Saved",
    takenBack: "Taken back by this refund",
    nothingTakenBack: "Nothing",
    remaining: "Left after this refund",
    otherPromotions: "Other promotions in this refund",
    totalsHeading: "The payment after this refund",
    paid: "Paid",
    refunded: "Refunded so far",
    left: "Left",
  },
};

export type Messages = typeof en;

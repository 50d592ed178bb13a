/** The customer pages' addresses, in one place for the pages, the links and the loader. */
export const customerPaths = {
  transactions: "/transactions",
  /** The no-JavaScript "Load more": the history from a keyset cursor on. */
  transactionsAfter: (cursor: string) => `/transactions?cursor=${encodeURIComponent(cursor)}`,
  transaction: (paymentId: string) => `/transactions/${encodeURIComponent(paymentId)}`,
  paymentResult: (paymentId: string) => `/payments/${encodeURIComponent(paymentId)}/result`,
  refund: (refundId: string) => `/refunds/${encodeURIComponent(refundId)}`,
  /** The MPM cashier page the wallet app opens through /launch (README "MPM / Cashier"). */
  cashier: (orderId: string) => `/pay/${encodeURIComponent(orderId)}`,
  /** The launch refusal page, which asks the customer to reopen the page from the wallet app. */
  signedOut: "/launch/failed?reason=signedOut",
};

/**
 * Every customer page lies under one of these (the launch's `next` may name nothing else:
 * server/auth/safe-next.ts). A new customer page under another path needs its prefix here.
 */
export const customerPathPrefixes = ["/transactions", "/payments", "/refunds", "/pay"] as const;

export * from "./customers";
export * from "./inbound-calls";
export * from "./launch-tokens";
export * from "./ledger";
export * from "./payment-codes";
export * from "./payments";
export * from "./promotions";
export * from "./refunds";

import { postMpmOrders } from "@/server/http/wallet-api";

export { postMpmOrders as POST };

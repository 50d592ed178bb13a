import { getCustomer, putCustomer } from "@/server/http/wallet-api";

export { getCustomer as GET, putCustomer as PUT };

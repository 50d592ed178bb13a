import { postTopUp } from "@/server/http/wallet-api";

export { postTopUp as POST };

import { postPaymentCodes } from "@/server/http/wallet-api";

export { postPaymentCodes as POST };

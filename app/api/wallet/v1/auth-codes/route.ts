import { postAuthCodes } from "@/server/http/wallet-api";

export { postAuthCodes as POST };

import { postDeviceEvents } from "@/server/http/wallet-api";

export { postDeviceEvents as POST };

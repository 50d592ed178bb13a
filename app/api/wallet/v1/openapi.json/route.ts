import { getOpenApiDocument } from "@/server/http/wallet-api";

export { getOpenApiDocument as GET };

export const dynamic = "force-dynamic";

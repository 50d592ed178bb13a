/** The wallet API reference (README "API description"): development only, a 404 elsewhere. */
import { notFound } from "next/navigation";
import { getEnv } from "@/server/env";
import { walletOpenApiDocument } from "@/server/http/wallet-openapi";
import { ApiReference } from "./api-reference";

export const dynamic = "force-dynamic";

export default function ApiReferencePage() {
  if (getEnv().NODE_ENV !== "development") notFound();
  return <ApiReference document={walletOpenApiDocument()} />;
}

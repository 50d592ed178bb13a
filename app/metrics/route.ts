/** Prometheus metrics of the app (README "Metrics and health"); METRICS_TOKEN guards them. */
import { getEnv } from "@/server/env";
import { metricsAccess, refusedMetrics } from "@/server/metrics/access";
import { METRICS_CONTENT_TYPE, metricsText } from "@/server/metrics/cluster-metrics";
import { startProcessMetrics } from "@/server/metrics/process-metrics";

export async function GET(request: Request): Promise<Response> {
  const env = getEnv();
  const access = metricsAccess(request.headers.get("authorization"), {
    token: env.METRICS_TOKEN,
    openWithoutToken: env.NODE_ENV === "development",
  });
  if (access !== "allowed") return refusedMetrics(access);
  startProcessMetrics();
  return new Response(await metricsText(), {
    headers: { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" },
  });
}

/**
 * Who may read /metrics (README "Metrics and health"). With METRICS_TOKEN set, a request must
 * carry `Authorization: Bearer <METRICS_TOKEN>`, wherever metrics are served. Without it, the
 * app's port serves them only in development; production then serves them only on METRICS_PORT,
 * a port the load balancer does not expose.
 */
import { bearerDigest, matchBearer } from "../http/bearer";

export type MetricsAccess = "allowed" | "unauthorized" | "not-served";

export function metricsAccess(
  authorization: string | null,
  { token, openWithoutToken }: { token: string | undefined; openWithoutToken: boolean },
): MetricsAccess {
  if (token === undefined) return openWithoutToken ? "allowed" : "not-served";
  return matchBearer(authorization, [{ headerDigest: bearerDigest(token) }])
    ? "allowed"
    : "unauthorized";
}

/** The answer to a request `metricsAccess` did not allow. */
export function refusedMetrics(access: Exclude<MetricsAccess, "allowed">): Response {
  return access === "unauthorized"
    ? new Response("unauthorized\n", {
        status: 401,
        headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" },
      })
    : new Response("not found\n", { status: 404 });
}

/** Readiness for a load balancer: database reachable, migrations applied (README "Metrics and health"). */
import { readiness } from "@/server/health/readiness";
import { getRuntime } from "@/server/runtime";

export async function GET(): Promise<Response> {
  const result = await readiness(getRuntime().db);
  const headers = { "Cache-Control": "no-store" };
  return result.ready
    ? Response.json({ status: "ready" }, { headers })
    : Response.json({ status: "not ready", reason: result.reason }, { status: 503, headers });
}

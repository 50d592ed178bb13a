/** Liveness for a load balancer: the process answers. No database (README "Metrics and health"). */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

export const dynamic = "force-dynamic";

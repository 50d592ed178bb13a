/**
 * Route-handler glue for the Alipay+ inbound APIs: the app/ route files are one line each.
 * The call log is written with next/server `after()`, once the response has gone out.
 */
import { after } from "next/server";
import { handleInbound, type InboundApiName } from "../alipayplus/inbound";
import { recordInboundCall } from "../call-log/record-inbound-call";
import { getRuntime } from "../runtime";

export function alipayPlusRoute(apiName: InboundApiName) {
  const POST = async (request: Request): Promise<Response> => {
    const runtime = getRuntime();
    const { response, recordCall } = await handleInbound(request, apiName, runtime);
    after(() => recordCall((entry) => recordInboundCall(runtime.db, entry)));
    return response;
  };
  return {
    POST,
    OPTIONS: methodNotAllowed,
    GET: methodNotAllowed,
    PUT: methodNotAllowed,
    PATCH: methodNotAllowed,
    DELETE: methodNotAllowed,
  };
}

/** docs/protocol.md#order-of-checks: a wrong method gets 405 with JSON, never an HTML page. */
export function methodNotAllowed(): Response {
  return Response.json(
    { result: { resultCode: "METHOD_NOT_ALLOWED", resultStatus: "F", resultMessage: "use POST" } },
    { status: 405, headers: { Allow: "POST" } },
  );
}

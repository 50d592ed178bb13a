/**
 * Downloads one stored export of a case, byte for byte as it was handed out (`cases.exportFile`,
 * console.read: reading an export changes nothing). Signed out → the sign-in page.
 */
import { TRPCError } from "@trpc/server";
import { createTrpcContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { routeParam } from "../../../../../route-param";

type Params = { caseId: string; exportId: string };

const CONTENT_TYPES = { JSON: "application/json; charset=utf-8", CSV: "text/csv; charset=utf-8" };

export async function GET(request: Request, { params }: { params: Promise<Params> }) {
  const { caseId: segment, exportId } = await params;
  const caseId = routeParam(segment);
  try {
    const api = createCaller(await createTrpcContext());
    const file = await api.cases.exportFile({ caseId, exportId });
    return new Response(file.content, {
      headers: {
        "Content-Type": CONTENT_TYPES[file.format],
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "UNAUTHORIZED") {
      return Response.redirect(new URL("/staff/sign-in", request.url), 303);
    }
    if (error.code === "FORBIDDEN") return new Response(error.message, { status: 403 });
    return new Response("No such export.", { status: 404 });
  }
}

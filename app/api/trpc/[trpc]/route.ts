import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { logEvent } from "@/server/log";
import { createTrpcContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: createTrpcContext,
    onError({ error, path }) {
      // What the answer no longer says (server/trpc/init.ts), for whoever runs the server.
      if (error.code === "INTERNAL_SERVER_ERROR")
        logEvent("trpc.internal_error", { path, message: error.message }, "error");
    },
  });
}

export { handler as GET, handler as POST };

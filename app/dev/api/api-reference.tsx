import type { WalletOpenApiDocument } from "@/server/http/wallet-openapi";

const schemaName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

function SchemaLink({ schema }: { schema: { $ref: string } }) {
  const name = schemaName(schema.$ref);
  return (
    <a href={`#schema-${name}`} className="font-mono text-blue-700 underline">
      {name}
    </a>
  );
}

function Json({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/**
 * The wallet API's OpenAPI document as a page: every operation with its parameters, body and
 * answers, then every schema. Rendered on the server from the document itself, with no script.
 */
export function ApiReference({ document }: { document: WalletOpenApiDocument }) {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <main className="mx-auto max-w-4xl p-6">
      <h1 className="text-2xl font-semibold">{document.info.title}</h1>
      <p className="mt-2 text-slate-700">{document.info.description}</p>
      <p className="mt-2 text-slate-700">
        OpenAPI {document.openapi}:{" "}
        <a href="/api/wallet/v1/openapi.json" className="text-blue-700 underline">
          openapi.json
        </a>
        . Every call carries <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      <h2 className="mt-6 text-xl font-semibold">Operations</h2>
      {operations.map(({ path, method, operation }) => (
        <section
          key={operation.operationId}
          id={operation.operationId}
          aria-labelledby={`${operation.operationId}-title`}
          className="mt-4 rounded border border-slate-200 bg-white p-4"
        >
          <h3 id={`${operation.operationId}-title`} className="font-mono font-semibold">
            {`${method.toUpperCase()} ${path}`}
          </h3>
          <p className="mt-1 text-slate-700">{operation.summary}</p>
          {operation.parameters?.map((parameter) => (
            <p key={parameter.name} className="mt-2 text-sm">
              Path parameter <code>{parameter.name}</code>:{" "}
              <code>{String(parameter.schema.pattern)}</code>
            </p>
          ))}
          {operation.requestBody && (
            <div className="mt-2 text-sm">
              Body: <SchemaLink schema={operation.requestBody.content["application/json"].schema} />
              <Json value={operation.requestBody.content["application/json"].example} />
            </div>
          )}
          <table className="mt-2 text-left text-sm">
            <caption className="sr-only">Answers of {operation.operationId}</caption>
            <thead>
              <tr>
                <th className="pr-4">Status</th>
                <th className="pr-4">Meaning</th>
                <th>Body</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(operation.responses).map(([status, response]) => (
                <tr key={status}>
                  <td className="pr-4 font-mono">{status}</td>
                  <td className="pr-4">{response.description}</td>
                  <td>
                    {"content" in response && response.content && (
                      <SchemaLink schema={response.content["application/json"].schema} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2 className="mt-6 text-xl font-semibold">Schemas</h2>
      {Object.entries(document.components.schemas).map(([name, schema]) => (
        <section
          key={name}
          id={`schema-${name}`}
          aria-labelledby={`schema-${name}-title`}
          className="mt-4"
        >
          <h3 id={`schema-${name}-title`} className="font-mono font-semibold">
            {name}
          </h3>
          <Json value={schema} />
        </section>
      ))}
    </main>
  );
}

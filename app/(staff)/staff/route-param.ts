/**
 * A dynamic route segment as the id it names: Next hands console segments over still
 * percent-encoded (ids may hold any printable character). A malformed escape such as `%E0` never
 * gets here today (Next 16 answers 500 before any page or proxy runs); should one, it is taken as
 * it stands and is simply not found, rather than throwing a URIError.
 */
export function routeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

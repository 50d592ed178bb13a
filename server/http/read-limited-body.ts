/**
 * A request body read up to `maxBytes`: an oversized body is refused from its Content-Length, or
 * as soon as the stream passes the limit, without buffering it whole. Shared by the Alipay+
 * gateway (1 MiB) and the wallet API's device events.
 */
export async function readLimitedBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | "too-large"> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return "too-large";
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return "too-large";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

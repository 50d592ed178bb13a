import type { JsonValue } from "./strict-json";

/** What the inbound dispatcher hands a domain function: the verified, parsed call. */
export interface InboundCall<T> {
  request: T;
  /** The request as received, secrets redacted: stored for investigation. */
  redacted: JsonValue;
  /** Canonical hash: "same request" means the same JSON value (docs/protocol.md#idempotency). */
  requestHash: string;
  receivedAt: Date;
}

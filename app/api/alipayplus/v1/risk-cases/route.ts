import { alipayPlusRoute } from "@/server/http/alipayplus-route";

/**
 * Alipay+ raises a risk case (docs/protocol.md#risk-cases): signed, checked and answered like the
 * payment APIs.
 */
export const { POST, GET, PUT, PATCH, DELETE, OPTIONS } = alipayPlusRoute("riskCases");

import { alipayPlusRoute } from "@/server/http/alipayplus-route";

/** Alipay+ raises a risk case (issue 6): signed, checked and answered like the payment APIs. */
export const { POST, GET, PUT, PATCH, DELETE, OPTIONS } = alipayPlusRoute("riskCases");

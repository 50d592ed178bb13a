import { alipayPlusRoute } from "@/server/http/alipayplus-route";

export const { POST, GET, PUT, PATCH, DELETE, OPTIONS } = alipayPlusRoute("applyToken");

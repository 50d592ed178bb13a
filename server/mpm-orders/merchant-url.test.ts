import { describe, expect, it } from "vitest";
import { MAX_LINK_LENGTH } from "../auth/safe-next";
import { readMerchantUrl } from "./merchant-url";

const HTTPS_ONLY = { walletHome: "/transactions", allowHttpMerchantPages: false };
const HTTP_TOO = { ...HTTPS_ONLY, allowHttpMerchantPages: true };

const longPath = "a".repeat(MAX_LINK_LENGTH);

describe("readMerchantUrl", () => {
  it.each([
    ["https://shop.example/thanks?order=1", "https://shop.example/thanks?order=1"],
    ["https://shop.example", "https://shop.example/"],
    ["HTTPS://Shop.Example/Path", "https://shop.example/Path"],
    ["https://shop.example:8443/a#b", "https://shop.example:8443/a#b"],
  ])("accepts %s as %s", (value, expected) => {
    expect(readMerchantUrl(value, HTTPS_ONLY)).toBe(expected);
  });

  it.each([
    ["http, while Alipay+ is reached over https", "http://shop.example/thanks"],
    ["script", "javascript:alert(1)"],
    ["data", "data:text/html,<script>alert(1)</script>"],
    ["a local file", "file:///etc/passwd"],
    ["an app scheme", "mywallet://home"],
    ["credentials", "https://user:secret@shop.example/"],
    ["a user name alone", "https://user@shop.example/"],
    ["a relative path", "/thanks"],
    ["a protocol-relative address", "//shop.example/thanks"],
    ["a space", "https://shop.example/a b"],
    ["a newline the parser would drop", "https://shop.example/a\nb"],
    ["a tab", "https://shop\t.example/"],
    ["a leading space", " https://shop.example/"],
    ["an empty string", ""],
    ["over the length bound", `https://shop.example/${longPath}`],
    ["not an address", "shop.example"],
  ])("refuses %s", (_what, value) => {
    expect(readMerchantUrl(value, HTTPS_ONLY)).toBeNull();
    expect(readMerchantUrl(value, HTTP_TOO)).toBe(
      value.startsWith("http://shop.example") ? value : null,
    );
  });

  it.each([null, undefined, 42, { url: "https://shop.example/" }, ["https://shop.example/"]])(
    "refuses a non-string %j",
    (value) => {
      expect(readMerchantUrl(value, HTTP_TOO)).toBeNull();
    },
  );

  it("accepts http only when told Alipay+ itself is reached over http (dev and test)", () => {
    expect(readMerchantUrl("http://127.0.0.1:3100/merchant/x", HTTP_TOO)).toBe(
      "http://127.0.0.1:3100/merchant/x",
    );
    expect(readMerchantUrl("http://127.0.0.1:3100/merchant/x", HTTPS_ONLY)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { alipay, balanceOf, createCustomer, PAY, payRequest } from "../fixtures/gateway";

describe("smoke", () => {
  it("pays", async () => {
    const customerId = await createCustomer();
    const answer = await alipay.call(PAY, payRequest(customerId));
    expect(answer.json).toMatchObject({ result: { resultCode: "SUCCESS", resultStatus: "S" } });
    expect(answer.responseSignatureValid).toBe(true);
    expect(await balanceOf(customerId)).toBe(1_000_000n - 16740n);
  });
});

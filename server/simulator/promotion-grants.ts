/** Which promotions the simulated Alipay+ grants a customer (a campaign caps them per person). */
import {
  DEMO_PROMOTIONS,
  type DemoCustomer,
  type DemoMerchant,
  type DemoPromotion,
} from "./demo-data";
import type { SimulatorContext } from "./scenarios";

const MAX_GRANTS_PER_CUSTOMER = 3;

/**
 * Up to `count` of the merchant's promotions for this customer, as Alipay+ grants them: a campaign
 * caps redemptions per person, so a promotion this run already gave the customer
 * MAX_GRANTS_PER_CUSTOMER times is not offered again (the wallet's repeat-redemption rule would
 * rightly reject a fourth). Separate `npm run simulate` runs do not share this memory.
 */
export function promotionsFor(
  ctx: SimulatorContext,
  customer: DemoCustomer,
  merchant: DemoMerchant,
  count: number,
): DemoPromotion[] {
  const offered = (DEMO_PROMOTIONS[merchant.currency] ?? [])
    .filter(
      (promotion) =>
        (ctx.granted.get(grantKey(customer.customerId, promotion.promoId)) ?? 0) <
        MAX_GRANTS_PER_CUSTOMER,
    )
    .slice(0, count);
  recordGrants(
    ctx,
    customer.customerId,
    offered.map((promotion) => promotion.promoId),
  );
  return offered;
}

/** Counts promotions a request carried that promotionsFor did not choose (e.g. the examples). */
export function recordGrants(
  ctx: SimulatorContext,
  customerId: string,
  promoIds: readonly string[],
): void {
  for (const promoId of promoIds) {
    const key = grantKey(customerId, promoId);
    ctx.granted.set(key, (ctx.granted.get(key) ?? 0) + 1);
  }
}

function grantKey(customerId: string, promoId: string): string {
  return `${customerId} ${promoId}`;
}

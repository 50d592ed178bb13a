"use server";

import { notFound, redirect } from "next/navigation";
import { customerPaths } from "@/components/customer-paths";
import { payOrder, returnOrder, type PayOrderOutcome } from "@/server/mpm-orders/cashier";
import { getRuntime } from "@/server/runtime";
import { getCustomerContext } from "../../customer-context";

/**
 * The cashier's two buttons. The customer comes from the session, never from the form; the order
 * id is checked against it in the domain (someone else's order reads as not found). Both work as
 * plain form posts without JavaScript, and a repeated post finds the order already settled.
 */
export async function payOrderAction(orderId: string): Promise<void> {
  const { db, customerId } = await getCustomerContext();
  const { defaultLimits } = getRuntime().gateway.payments;
  redirectAfter(await payOrder(db, customerId, orderId, new Date(), defaultLimits), orderId);
}

export async function returnOrderAction(orderId: string): Promise<void> {
  const { db, customerId } = await getCustomerContext();
  redirectAfter(await returnOrder(db, customerId, orderId), orderId);
}

function redirectAfter(outcome: PayOrderOutcome, orderId: string): never {
  if (outcome.kind === "paid") redirect(customerPaths.paymentResult(outcome.paymentId));
  if (outcome.kind === "not-found") notFound();
  // Balance short, refused or closed: the cashier page shows where the order stands.
  redirect(customerPaths.cashier(orderId));
}

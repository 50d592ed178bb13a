import type { Db } from "@/db";
import { payments } from "@/db/schema";
import { SCENARIOS, type ScenarioName, type SimulatorContext } from "./scenarios";

const DEMO_SCRIPT: readonly ScenarioName[] = [
  "setup",
  // The examples, then what a live Alipay+ sends beyond them: other promotion shapes, a
  // surcharge, an expired pay, a customer over the wallet limits.
  "examples",
  "pay-multi-promo-fx",
  "refund-partial",
  "refund-full",
  "cancel",
  "pay-balance-short",
  "duplicates",
  ...Array.from({ length: 12 }, () => "mixed" as const),
  "autodebit",
  "attack-device-farm",
  "attack-emulator",
  "attack-far-away",
  "attack-gambling",
  // Three reviews for the console's queue, then a case Alipay+ raises about a device farm.
  "attack-new-account",
  "attack-new-account",
  "attack-new-account",
  "alipay-risk-case",
];

/** The in-store flows need the simulated Alipay+ server (not there when ALIPAYPLUS_BASE_URL is set). */
const WITH_SIMULATOR: readonly ScenarioName[] = ["upm", "mpm", "mpm-entry-code"];

/** Demo data comes from the simulator's real signed traffic, once: only into an empty database. */
export async function seedDemoIfEmpty(db: Db, ctx: SimulatorContext): Promise<boolean> {
  const [any] = await db.select({ id: payments.paymentId }).from(payments).limit(1);
  if (any) return false;
  const script = ctx.simulatorUrl ? [...DEMO_SCRIPT, ...WITH_SIMULATOR] : DEMO_SCRIPT;
  for (const scenario of script) await SCENARIOS[scenario].run(ctx);
  return true;
}

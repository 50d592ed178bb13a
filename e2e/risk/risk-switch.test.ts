/**
 * Switching risk control off and on again (a version with every rule off, then a roll back) takes
 * effect for the next decision of a process that already cached the "off" version: with nothing
 * to judge no signal query runs, so the live version must be confirmed another way. On a database
 * of its own: an "off" version live on the suite's database would change every other test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { ZPayRequest } from "@/server/alipayplus/wire";
import { decideRisk } from "@/server/risk/decide";
import type { RuleSetConfig } from "@/server/risk/rule-config";
import {
  createDraft,
  liveVersion,
  publishDraft,
  rollBack,
  updateDraft,
} from "@/server/risk/rule-sets";
import { payRequest, uniqueId } from "../fixtures/gateway";
import { createIsolatedDatabase, type IsolatedDatabase } from "../fixtures/isolated-database";

let database: IsolatedDatabase;

beforeAll(async () => {
  database = await createIsolatedDatabase();
});

afterAll(async () => {
  await database?.drop();
});

function decide(db: Db) {
  const request = ZPayRequest.parse(payRequest(uniqueId("C")));
  return db.transaction((tx) =>
    decideRisk(tx, {
      context: "PAY",
      request,
      customerId: request.paymentMethod.customerId!,
      deviceId: undefined,
      receivedAt: new Date(),
    }),
  );
}

describe("risk control off, then on again", () => {
  it("follows the live version from the very next decision", async () => {
    const { db } = database;
    const on = await liveVersion(db);
    expect((await decide(db))?.ruleSetVersion).toBe(on);

    const draft = await createDraft(db, "test");
    const off: RuleSetConfig = {
      ...draft.config,
      rules: Object.fromEntries(
        Object.entries(draft.config.rules).map(([id, rule]) => [id, { ...rule, enabled: false }]),
      ) as RuleSetConfig["rules"],
    };
    await updateDraft(db, draft.version, off);
    await publishDraft(db, draft.version, "test");
    expect(await decide(db)).toBeNull();
    expect(await decide(db)).toBeNull();

    await rollBack(db, on, "test");
    expect((await decide(db))?.ruleSetVersion).toBe(on);
  });
});

/**
 * Versioned rule sets (docs/protocol.md#risk-rules): at most one draft, published
 * versions immutable (a database trigger enforces it), exactly one live. Publishing and rolling back
 * are single statements on `live_rule_set`, so the next payment on every app instance sees them:
 * each decision reads the live version in its signal query. Configs are cached per version, which
 * is safe because a published version never changes.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { liveRuleSet, ruleSets } from "@/db/schema";
import { DomainError } from "../errors";
import { DEFAULT_RULE_SET_CONFIG, ZRuleSetConfig, type RuleSetConfig } from "./rule-config";

export class RuleSetError extends DomainError {}

const published = new Map<number, RuleSetConfig>();

/** A published version's config (cached: published versions never change). */
export async function publishedConfig(db: DbOrTx, version: number): Promise<RuleSetConfig> {
  const cached = published.get(version);
  if (cached) return cached;
  const [row] = await db
    .select({ config: ruleSets.config, status: ruleSets.status })
    .from(ruleSets)
    .where(eq(ruleSets.version, version));
  if (!row || row.status !== "PUBLISHED") {
    throw new RuleSetError("not_found", `rule set ${version} is not a published version`);
  }
  const config = ZRuleSetConfig.parse(row.config);
  published.set(version, config);
  return config;
}

/**
 * The live version; on a database that has none yet, version 1 = the defaults of
 * docs/protocol.md#risk-rules is published and made live (idempotent, safe when several instances
 * start at once).
 */
export async function liveVersion(db: DbOrTx): Promise<number> {
  const [live] = await db.select({ version: liveRuleSet.version }).from(liveRuleSet);
  if (live) return live.version;
  await db
    .insert(ruleSets)
    .values({
      version: 1,
      status: "PUBLISHED",
      config: DEFAULT_RULE_SET_CONFIG,
      note: "defaults (docs/protocol.md#risk-rules)",
      createdBy: "system",
      publishedAt: new Date(),
      publishedBy: "system",
    })
    .onConflictDoNothing();
  await db
    .insert(liveRuleSet)
    .values({ id: 1, version: 1, changedBy: "system" })
    .onConflictDoNothing();
  const [now] = await db.select({ version: liveRuleSet.version }).from(liveRuleSet);
  if (!now) throw new Error("no live rule set after bootstrapping one");
  return now.version;
}

export interface RuleSetSummary {
  version: number;
  status: "DRAFT" | "PUBLISHED";
  live: boolean;
  note: string | null;
  /** Edits saved so far (see the column): what an edit or a publish names as its base. */
  revision: number;
  createdAt: Date;
  createdBy: string;
  publishedAt: Date | null;
  publishedBy: string | null;
}

export async function listRuleSets(db: DbOrTx): Promise<RuleSetSummary[]> {
  const live = await liveVersion(db);
  const rows = await db
    .select({
      version: ruleSets.version,
      status: ruleSets.status,
      note: ruleSets.note,
      revision: ruleSets.revision,
      createdAt: ruleSets.createdAt,
      createdBy: ruleSets.createdBy,
      publishedAt: ruleSets.publishedAt,
      publishedBy: ruleSets.publishedBy,
    })
    .from(ruleSets)
    .orderBy(desc(ruleSets.version));
  return rows.map((row) => ({ ...row, live: row.version === live }));
}

/** Any version's config (a draft's as it stands). */
export async function ruleSetConfig(db: DbOrTx, version: number): Promise<RuleSetConfig> {
  const [row] = await db
    .select({ config: ruleSets.config })
    .from(ruleSets)
    .where(eq(ruleSets.version, version));
  if (!row) throw new RuleSetError("not_found", `rule set ${version} does not exist`);
  return ZRuleSetConfig.parse(row.config);
}

/**
 * Starts the one draft as a copy of a version (default: the live one). Refused while a draft
 * exists (edit or discard it instead).
 */
export async function createDraft(
  db: DbOrTx,
  by: string,
  from?: number,
): Promise<{ version: number; config: RuleSetConfig }> {
  const base = from ?? (await liveVersion(db));
  const config = await ruleSetConfig(db, base);
  const [created] = await db
    .insert(ruleSets)
    .values({
      version: sql`(select coalesce(max(${ruleSets.version}), 0) + 1 from ${ruleSets})`,
      status: "DRAFT",
      config,
      note: `copy of version ${base}`,
      createdBy: by,
    })
    .onConflictDoNothing()
    .returning({ version: ruleSets.version });
  if (!created) throw new RuleSetError("conflict", "a draft already exists");
  return { version: created.version, config };
}

/** Replaces the draft's config (validated: a bad threshold never reaches a payment). */
export async function updateDraft(
  db: DbOrTx,
  version: number,
  config: unknown,
  note?: string,
): Promise<RuleSetConfig> {
  const parsed = ZRuleSetConfig.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RuleSetError(
      "invalid",
      `${issue?.path.join(".") || "config"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const [updated] = await db
    .update(ruleSets)
    .set({
      config: parsed.data,
      ...(note === undefined ? {} : { note }),
      revision: sql`${ruleSets.revision} + 1`,
    })
    .where(sql`${ruleSets.version} = ${version} and ${ruleSets.status} = 'DRAFT'`)
    .returning({ version: ruleSets.version });
  if (!updated) throw new RuleSetError("not_found", `rule set ${version} is not the draft`);
  return parsed.data;
}

export async function discardDraft(db: DbOrTx, version: number): Promise<void> {
  const deleted = await db
    .delete(ruleSets)
    .where(sql`${ruleSets.version} = ${version} and ${ruleSets.status} = 'DRAFT'`)
    .returning({ version: ruleSets.version });
  if (deleted.length === 0)
    throw new RuleSetError("not_found", `rule set ${version} is not the draft`);
}

/** Publishes the draft and makes it live, in one transaction. */
export async function publishDraft(
  db: DbOrTx,
  version: number,
  by: string,
): Promise<{ previous: number; live: number }> {
  return db.transaction(async (tx) => {
    const previous = await liveVersion(tx);
    const [row] = await tx
      .update(ruleSets)
      .set({ status: "PUBLISHED", publishedAt: new Date(), publishedBy: by })
      .where(sql`${ruleSets.version} = ${version} and ${ruleSets.status} = 'DRAFT'`)
      .returning({ config: ruleSets.config });
    if (!row) throw new RuleSetError("not_found", `rule set ${version} is not the draft`);
    ZRuleSetConfig.parse(row.config);
    await tx
      .update(liveRuleSet)
      .set({ version, changedAt: new Date(), changedBy: by })
      .where(eq(liveRuleSet.id, 1));
    return { previous, live: version };
  });
}

/** Makes an earlier published version live again. */
export async function rollBack(
  db: DbOrTx,
  version: number,
  by: string,
): Promise<{ previous: number; live: number }> {
  await publishedConfig(db, version);
  return db.transaction(async (tx) => {
    // Locked: serialises with a concurrent publish or roll back (both change this one row).
    const [live] = await tx.select().from(liveRuleSet).for("update");
    const previous = live?.version ?? (await liveVersion(tx));
    if (previous === version)
      throw new RuleSetError("conflict", `version ${version} is already live`);
    await tx
      .update(liveRuleSet)
      .set({ version, changedAt: new Date(), changedBy: by })
      .where(eq(liveRuleSet.id, 1));
    return { previous, live: version };
  });
}

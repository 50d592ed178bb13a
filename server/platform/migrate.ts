import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "@/db";
import { grantAppRole } from "./app-role-grants";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../db/migrations");

/**
 * Applies pending migrations (~30 ms when none are pending) as the role of `databaseUrl`, the
 * owner. Given the app's own URL (another role), then grants that role its privileges (README
 * "Database roles").
 */
export async function applyMigrations(databaseUrl: string, appUrl?: string): Promise<void> {
  const { db, sql, close } = createDb(databaseUrl, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS });
    if (appUrl !== undefined && appUrl !== databaseUrl) await grantAppRole(sql, appUrl);
  } finally {
    await close();
  }
}

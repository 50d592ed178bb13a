import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "@/db";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../db/migrations");

/** Applies pending migrations (~30 ms when none are pending). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const { db, close } = createDb(databaseUrl, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } finally {
    await close();
  }
}

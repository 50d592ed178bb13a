/**
 * The privileges of the role the app runs as, when migrations run as another (README "Database
 * roles"): read and write every table, but only insert into the append-only ones. Reapplied after
 * every migration run, so a new table is the app's to use and nothing granted by hand lingers.
 */
import postgres from "postgres";

/**
 * Rows are only ever inserted. Their triggers refuse UPDATE, DELETE and TRUNCATE whatever the role
 * (migration 0017); the app role is not even granted them.
 */
export const APPEND_ONLY_TABLES = ["ledger_entries", "staff_audit_log"];

/**
 * The app's only DDL, as functions that run as the owner (migration 0018): the months of the
 * partitioned call log and device events. Not executable by PUBLIC.
 */
const MAINTENANCE_FUNCTIONS = [
  "ensure_month_partitions(regclass, timestamptz, timestamptz)",
  "drop_month_partition(regclass, text)",
];

interface AppRole {
  name: string;
  database: string;
  superuser: boolean;
  /** The append-only tables the role owns, or can act as the owner of; null when none. */
  owns: string | null;
}

/**
 * Grants the app role (DATABASE_URL's) its privileges, as the owner connected through `owner`.
 * Refuses a configuration the grants cannot protect: another database, a superuser app role, or
 * an app role that owns an append-only table (an owner can drop its triggers and re-grant).
 */
export async function grantAppRole(owner: postgres.Sql, appUrl: string): Promise<void> {
  const app = postgres(appUrl, { max: 1, onnotice: () => undefined });
  let role: AppRole | undefined;
  try {
    [role] = await app<AppRole[]>`
      select current_user as name, current_database() as database, r.rolsuper as superuser,
             (select string_agg(c.relname, ', ' order by c.relname) from pg_class c
               where c.relnamespace = 'public'::regnamespace and c.relname = any(${APPEND_ONLY_TABLES})
                 and pg_has_role(r.oid, c.relowner, 'MEMBER')) as owns
        from pg_roles r where r.rolname = current_user`;
  } finally {
    await app.end();
  }
  const [self] = await owner<{ name: string; database: string }[]>`
    select current_user as name, current_database() as database`;
  if (!role || !self) throw new Error("could not read the database roles");
  if (role.database !== self.database)
    throw new Error(
      `DATABASE_URL and DATABASE_MIGRATION_URL name different databases (${role.database}, ${self.database})`,
    );
  if (role.name === self.name) return;
  if (role.superuser)
    throw new Error(`DATABASE_URL's role ${role.name} is a superuser: no grant can restrict it`);
  if (role.owns)
    throw new Error(
      `DATABASE_URL's role ${role.name} owns ${role.owns}: make DATABASE_MIGRATION_URL's role the owner`,
    );

  const to = quoteIdentifier(role.name);
  const appendOnly = APPEND_ONLY_TABLES.map(quoteIdentifier).join(", ");
  await owner.begin(async (tx) => {
    // Instances starting together would otherwise update the same catalog rows at once.
    await tx`select pg_advisory_xact_lock(hashtext('plusdesk app role grants'))`;
    await tx.unsafe(`revoke all on all tables in schema public from ${to}`);
    await tx.unsafe(`revoke all on all sequences in schema public from ${to}`);
    await tx.unsafe(`grant usage on schema public to ${to}`);
    await tx.unsafe(`grant select, insert, update, delete on all tables in schema public to ${to}`);
    await tx.unsafe(`grant usage, select on all sequences in schema public to ${to}`);
    await tx.unsafe(`revoke update, delete on ${appendOnly} from ${to}`);
    await tx.unsafe(`grant execute on function ${MAINTENANCE_FUNCTIONS.join(", ")} to ${to}`);
    // Readiness compares the migrations applied with the build's (server/health/readiness.ts).
    await tx.unsafe(`grant usage on schema drizzle to ${to}`);
    await tx.unsafe(`grant select on drizzle.__drizzle_migrations to ${to}`);
  });
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

import {
  bigserial,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const staffRole = pgEnum("staff_role", ["VIEWER", "ANALYST", "ADMIN"]);

/**
 * Console accounts (README "Staff console"). The email is stored lower-cased (one account per
 * address); the password only as an argon2id hash. Disabling keeps the row, so the audit log's
 * actor ids stay resolvable.
 */
export const staffMembers = pgTable(
  "staff_members",
  {
    staffId: text().primaryKey(),
    email: text().notNull(),
    role: staffRole().notNull(),
    passwordHash: text().notNull(),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true }),
    /**
     * When the member last signed out. A session is refused unless it started after this: the
     * session is a stateless JWT whose cookie the proxy re-issues on every console request, so a
     * request in flight during a sign-out (a link prefetch) could otherwise set the cookie again,
     * and a copy of the cookie would stay good until it expired.
     */
    signedOutAt: timestamp({ withTimezone: true }),
    /**
     * The one session begun before `signedOutAt` that is still good: the session that changed the
     * password (the others end). Keeping it, rather than signing its browser in again, leaves a
     * request of that browser still in flight nothing to undo: the proxy re-issues the session's
     * own cookie, which stays valid. Cleared by a sign-out and a disable.
     */
    keptSessionId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
  },
  (t) => [uniqueIndex("staff_members_email_idx").on(t.email)],
);

/**
 * Failed sign-ins, kept in Postgres so every app instance counts the same attempts (the rate limit
 * of server/staff/sign-in.ts reads the recent ones by email and by client address).
 */
export const staffSignInFailures = pgTable(
  "staff_sign_in_failures",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    email: text().notNull(),
    clientAddress: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.at), index().on(t.clientAddress, t.at)],
);

/**
 * Append-only record of every staff action that changes something (a trigger refuses UPDATE and
 * DELETE): who, when, what, and the subject's state before and after.
 */
export const staffAuditLog = pgTable(
  "staff_audit_log",
  {
    id: bigserial({ mode: "bigint" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorStaffId: text().notNull(),
    actorEmail: text().notNull(),
    /** Dotted verb, e.g. `review.decide`, `rules.publish`, `staff.invite`. */
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [
    index("staff_audit_log_at_idx").on(t.at.desc(), t.id.desc()),
    index("staff_audit_log_actor_idx").on(t.actorStaffId, t.id.desc()),
    index("staff_audit_log_subject_idx").on(t.subjectType, t.subjectId, t.id.desc()),
    index("staff_audit_log_action_idx").on(t.action, t.id.desc()),
    // The log's search box is a substring match on actor, action or subject: trigram indexes
    // (pg_trgm, created by the migration) serve it without reading the whole log.
    index("staff_audit_log_actor_email_trgm_idx").using("gin", t.actorEmail.op("gin_trgm_ops")),
    index("staff_audit_log_action_trgm_idx").using("gin", t.action.op("gin_trgm_ops")),
    index("staff_audit_log_subject_id_trgm_idx").using("gin", t.subjectId.op("gin_trgm_ops")),
  ],
);

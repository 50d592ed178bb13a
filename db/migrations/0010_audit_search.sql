-- Trigram operator classes for the audit log search (trusted since PostgreSQL 13: the database
-- owner may create it; part of the standard contrib modules, shipped with the embedded server).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "staff_audit_log_actor_email_trgm_idx" ON "staff_audit_log" USING gin ("actor_email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "staff_audit_log_action_trgm_idx" ON "staff_audit_log" USING gin ("action" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "staff_audit_log_subject_id_trgm_idx" ON "staff_audit_log" USING gin ("subject_id" gin_trgm_ops);
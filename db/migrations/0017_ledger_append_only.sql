-- Hand-written (no schema change): the ledger becomes append-only at the database, as the staff
-- audit log already is, whatever role or code writes to it (README "Database roles"). One
-- statement-level trigger function serves both tables; it names the table it refuses.
CREATE FUNCTION "refuse_change_to_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"();--> statement-breakpoint
DROP TRIGGER "staff_audit_log_append_only" ON "staff_audit_log";--> statement-breakpoint
CREATE TRIGGER "staff_audit_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "staff_audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"();--> statement-breakpoint
DROP FUNCTION "staff_audit_log_append_only"();

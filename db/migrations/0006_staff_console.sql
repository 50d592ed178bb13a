CREATE TYPE "public"."risk_case_entry_kind" AS ENUM('NOTE', 'BLOCK_CUSTOMER', 'BLOCK_DEVICE', 'CLAWBACK_NOTE');--> statement-breakpoint
CREATE TYPE "public"."risk_case_export_format" AS ENUM('JSON', 'CSV');--> statement-breakpoint
CREATE TYPE "public"."risk_case_finding" AS ENUM('CONFIRMED_ABUSE', 'FALSE_POSITIVE', 'INCONCLUSIVE');--> statement-breakpoint
CREATE TYPE "public"."risk_case_source" AS ENUM('MANUAL', 'CSV', 'API');--> statement-breakpoint
CREATE TYPE "public"."risk_case_status" AS ENUM('OPEN', 'INVESTIGATING', 'CONCLUDED', 'COMMUNICATED');--> statement-breakpoint
CREATE TYPE "public"."review_verdict" AS ENUM('APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('VIEWER', 'ANALYST', 'ADMIN');--> statement-breakpoint
CREATE TABLE "risk_case_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"kind" "risk_case_entry_kind" NOT NULL,
	"subject_id" text,
	"text" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_case_exports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"format" "risk_case_export_format" NOT NULL,
	"content" text NOT NULL,
	"exported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exported_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_case_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"payment_request_id" text,
	"customer_id" text,
	"device_id" text,
	CONSTRAINT "risk_case_items_names_something" CHECK (coalesce("risk_case_items"."payment_request_id", "risk_case_items"."customer_id", "risk_case_items"."device_id") is not null)
);
--> statement-breakpoint
CREATE TABLE "risk_cases" (
	"case_id" text PRIMARY KEY NOT NULL,
	"source" "risk_case_source" NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone,
	"reason" text NOT NULL,
	"status" "risk_case_status" DEFAULT 'OPEN' NOT NULL,
	"finding" "risk_case_finding",
	"summary" text,
	"concluded_at" timestamp with time zone,
	"concluded_by" text,
	"request_digest" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_reviews" (
	"decision_id" bigint PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"verdict" "review_verdict" NOT NULL,
	"reason" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" text NOT NULL,
	CONSTRAINT "payment_reviews_paymentId_unique" UNIQUE("payment_id")
);
--> statement-breakpoint
CREATE TABLE "staff_audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_staff_id" text NOT NULL,
	"actor_email" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"staff_id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"role" "staff_role" NOT NULL,
	"password_hash" text NOT NULL,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_sign_in_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"client_address" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_case_entries" ADD CONSTRAINT "risk_case_entries_case_id_risk_cases_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."risk_cases"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_case_exports" ADD CONSTRAINT "risk_case_exports_case_id_risk_cases_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."risk_cases"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_case_items" ADD CONSTRAINT "risk_case_items_case_id_risk_cases_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."risk_cases"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD CONSTRAINT "payment_reviews_decision_id_risk_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."risk_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_case_entries_case_id_id_index" ON "risk_case_entries" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "risk_case_exports_case_id_id_index" ON "risk_case_exports" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "risk_case_items_case_id_index" ON "risk_case_items" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "risk_case_items_payment_request_id_index" ON "risk_case_items" USING btree ("payment_request_id");--> statement-breakpoint
CREATE INDEX "risk_case_items_customer_id_index" ON "risk_case_items" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "risk_case_items_device_id_index" ON "risk_case_items" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "risk_cases_status_deadline_idx" ON "risk_cases" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "risk_cases_raised_idx" ON "risk_cases" USING btree ("raised_at" DESC NULLS LAST,"case_id");--> statement-breakpoint
CREATE INDEX "staff_audit_log_at_idx" ON "staff_audit_log" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "staff_audit_log_actor_idx" ON "staff_audit_log" USING btree ("actor_staff_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "staff_audit_log_subject_idx" ON "staff_audit_log" USING btree ("subject_type","subject_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "staff_audit_log_action_idx" ON "staff_audit_log" USING btree ("action","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "staff_members_email_idx" ON "staff_members" USING btree ("email");--> statement-breakpoint
CREATE INDEX "staff_sign_in_failures_email_at_index" ON "staff_sign_in_failures" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "staff_sign_in_failures_client_address_at_index" ON "staff_sign_in_failures" USING btree ("client_address","at");--> statement-breakpoint
CREATE INDEX "risk_decisions_decided_at_idx" ON "risk_decisions" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "risk_decisions_review_queue_idx" ON "risk_decisions" USING btree ("decided_at","id") WHERE "risk_decisions"."outcome" = 'REVIEW' and "risk_decisions"."payment_id" is not null;--> statement-breakpoint
CREATE FUNCTION "staff_audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'staff_audit_log is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "staff_audit_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "staff_audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "staff_audit_log_append_only"();

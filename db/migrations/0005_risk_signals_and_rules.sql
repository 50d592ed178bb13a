CREATE TYPE "public"."credit_rating" AS ENUM('GOOD', 'FAIR', 'BAD');--> statement-breakpoint
CREATE TYPE "public"."device_event_type" AS ENUM('login', 'integrity', 'location');--> statement-breakpoint
CREATE TYPE "public"."risk_context" AS ENUM('PAY', 'EVALUATION', 'CASHIER');--> statement-breakpoint
CREATE TYPE "public"."risk_list_kind" AS ENUM('BLOCK', 'ALLOW');--> statement-breakpoint
CREATE TYPE "public"."risk_outcome" AS ENUM('ALLOW', 'REVIEW', 'REJECT');--> statement-breakpoint
CREATE TYPE "public"."risk_subject_type" AS ENUM('CUSTOMER', 'DEVICE', 'MERCHANT');--> statement-breakpoint
CREATE TYPE "public"."rule_set_status" AS ENUM('DRAFT', 'PUBLISHED');--> statement-breakpoint
CREATE TABLE "device_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"event_hash" text NOT NULL,
	"type" "device_event_type" NOT NULL,
	"device_id" text NOT NULL,
	"customer_id" text,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"app_signature_valid" boolean,
	"emulator" boolean,
	"rooted" boolean,
	"hooked" boolean,
	"lat" double precision,
	"lng" double precision,
	"accuracy_m" double precision,
	"raw" jsonb NOT NULL,
	CONSTRAINT "device_events_eventId_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "live_rule_set" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" integer NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" text NOT NULL,
	CONSTRAINT "live_rule_set_singleton" CHECK ("live_rule_set"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "risk_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_request_id" text NOT NULL,
	"payment_id" text,
	"context" "risk_context" NOT NULL,
	"customer_id" text,
	"device_id" text,
	"rule_set_version" integer NOT NULL,
	"outcome" "risk_outcome" NOT NULL,
	"verdicts" jsonb NOT NULL,
	"signals" jsonb NOT NULL,
	"campaigns" jsonb NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"duration_us" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_list_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list" "risk_list_kind" NOT NULL,
	"subject_type" "risk_subject_type" NOT NULL,
	"subject_id" text NOT NULL,
	"reason" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "risk_list_entries_list_subjectType_subjectId_unique" UNIQUE("list","subject_type","subject_id")
);
--> statement-breakpoint
CREATE TABLE "rule_sets" (
	"version" integer PRIMARY KEY NOT NULL,
	"status" "rule_set_status" NOT NULL,
	"config" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"reference_store_id" text PRIMARY KEY NOT NULL,
	"reference_merchant_id" text,
	"store_name" text,
	"region" text NOT NULL,
	"city" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "credit_rating" "credit_rating";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "credit_score" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "account_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "live_rule_set" ADD CONSTRAINT "live_rule_set_version_rule_sets_version_fk" FOREIGN KEY ("version") REFERENCES "public"."rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_events_device_type_at_idx" ON "device_events" USING btree ("device_id","type","at");--> statement-breakpoint
CREATE INDEX "device_events_customer_at_idx" ON "device_events" USING btree ("customer_id","at") WHERE "device_events"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "risk_decisions_payment_request_id_index" ON "risk_decisions" USING btree ("payment_request_id");--> statement-breakpoint
CREATE INDEX "risk_decisions_payment_id_index" ON "risk_decisions" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "risk_decisions_outcome_at_idx" ON "risk_decisions" USING btree ("outcome","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_sets_one_draft_idx" ON "rule_sets" USING btree ("status") WHERE "rule_sets"."status" = 'DRAFT';--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_device_token_id_received_at_index" ON "payments" USING btree ("device_token_id","received_at");--> statement-breakpoint
CREATE INDEX "refunds_customer_id_refund_time_index" ON "refunds" USING btree ("customer_id","refund_time");--> statement-breakpoint
-- Refunds recorded before this migration get their payment's customer.
UPDATE "refunds" r SET "customer_id" = p."customer_id" FROM "payments" p WHERE p."payment_id" = r."payment_id";--> statement-breakpoint
-- Published rule-set versions are immutable (docs/protocol.md#risk-rules): whatever the code does,
-- a decision's recorded version keeps meaning what it meant.
CREATE FUNCTION "rule_sets_published_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'PUBLISHED' THEN
    RAISE EXCEPTION 'rule set version % is published and cannot change', OLD.version;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "rule_sets_published_immutable" BEFORE UPDATE OR DELETE ON "rule_sets"
  FOR EACH ROW EXECUTE FUNCTION "rule_sets_published_immutable"();

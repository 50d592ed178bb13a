CREATE TABLE "overview_days" (
	"day" date PRIMARY KEY NOT NULL,
	"rolled_up_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overview_outcome_days" (
	"day" date PRIMARY KEY NOT NULL,
	"decisions" integer NOT NULL,
	"allow" integer NOT NULL,
	"review" integer NOT NULL,
	"reject" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overview_promotion_days" (
	"day" date NOT NULL,
	"level" smallint NOT NULL,
	"currency" char(3),
	"promo_id" text,
	"promo_name" text,
	"payments" integer NOT NULL,
	"promotions" integer NOT NULL,
	"amount_minor" numeric(40, 0) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overview_rule_hit_days" (
	"day" date NOT NULL,
	"rule" text NOT NULL,
	"decisions" integer NOT NULL,
	CONSTRAINT "overview_rule_hit_days_day_rule_pk" PRIMARY KEY("day","rule")
);
--> statement-breakpoint
DROP INDEX "risk_decisions_review_queue_idx";--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "hit_rules" text[];--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "campaigns" text[];--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "merchant_id" text;--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "payment_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "payment_currency" char(3);--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "overview_outcome_days" ADD CONSTRAINT "overview_outcome_days_day_overview_days_day_fk" FOREIGN KEY ("day") REFERENCES "public"."overview_days"("day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overview_promotion_days" ADD CONSTRAINT "overview_promotion_days_day_overview_days_day_fk" FOREIGN KEY ("day") REFERENCES "public"."overview_days"("day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overview_rule_hit_days" ADD CONSTRAINT "overview_rule_hit_days_day_overview_days_day_fk" FOREIGN KEY ("day") REFERENCES "public"."overview_days"("day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "overview_promotion_days_level_day_index" ON "overview_promotion_days" USING btree ("level","day");--> statement-breakpoint
CREATE INDEX "inbound_calls_api_received_at_idx" ON "inbound_calls" USING btree ((split_part(split_part(path, '?', 1), '/', -1)),"received_at","id") WHERE split_part(split_part(path, '?', 1), '/', -1) <> 'pay';--> statement-breakpoint
CREATE INDEX "payments_cancelled_success_received_idx" ON "payments" USING btree ("received_at") WHERE "payments"."status" = 'CLOSED' and "payments"."result_code" = 'SUCCESS';--> statement-breakpoint
CREATE INDEX "payment_reviews_decided_idx" ON "payment_reviews" USING btree ("decided_at","decision_id");--> statement-breakpoint
CREATE INDEX "payment_reviews_merchant_idx" ON "payment_reviews" USING btree ("merchant_id","decided_at","decision_id");--> statement-breakpoint
CREATE INDEX "payment_reviews_hit_rules_idx" ON "payment_reviews" USING gin ("hit_rules");--> statement-breakpoint
CREATE INDEX "payment_reviews_campaigns_idx" ON "payment_reviews" USING gin ("campaigns");--> statement-breakpoint
-- Reviews given before this migration: copy what the decided queue filters on, and mark their
-- decisions reviewed (the triggers below do both for every later verdict).
UPDATE "payment_reviews" r SET
  "decided_at" = d."decided_at",
  "hit_rules" = coalesce((SELECT array_agg(DISTINCT v ->> 'rule' ORDER BY v ->> 'rule')
                            FROM jsonb_array_elements(d."verdicts") v
                           WHERE v ->> 'verdict' = 'HIT'), '{}'),
  "campaigns" = coalesce((SELECT array_agg(c) FROM jsonb_array_elements_text(d."campaigns") c), '{}'),
  "merchant_id" = p."reference_merchant_id",
  "payment_amount_minor" = p."payment_amount_minor",
  "payment_currency" = p."payment_currency"
  FROM "risk_decisions" d
  LEFT JOIN "payments" p ON p."payment_id" = d."payment_id"
 WHERE d."id" = r."decision_id";--> statement-breakpoint
UPDATE "risk_decisions" d SET "reviewed_at" = r."reviewed_at"
  FROM "payment_reviews" r
 WHERE r."decision_id" = d."id";--> statement-breakpoint
CREATE INDEX "risk_decisions_open_reviews_idx" ON "risk_decisions" USING btree ("decided_at","id") WHERE "risk_decisions"."outcome" = 'REVIEW' and "risk_decisions"."payment_id" is not null and "risk_decisions"."reviewed_at" is null;--> statement-breakpoint
-- A verdict carries what the decided review queue filters on, read from its decision and payment
-- as they are when the verdict is given (both never change after the payment's transaction).
CREATE FUNCTION "payment_reviews_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT d."decided_at",
         coalesce((SELECT array_agg(DISTINCT v ->> 'rule' ORDER BY v ->> 'rule')
                     FROM jsonb_array_elements(d."verdicts") v
                    WHERE v ->> 'verdict' = 'HIT'), '{}'),
         coalesce((SELECT array_agg(c) FROM jsonb_array_elements_text(d."campaigns") c), '{}')
    INTO NEW."decided_at", NEW."hit_rules", NEW."campaigns"
    FROM "risk_decisions" d
   WHERE d."id" = NEW."decision_id";
  SELECT p."reference_merchant_id", p."payment_amount_minor", p."payment_currency"
    INTO NEW."merchant_id", NEW."payment_amount_minor", NEW."payment_currency"
    FROM "payments" p
   WHERE p."payment_id" = NEW."payment_id";
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "payment_reviews_fill" BEFORE INSERT ON "payment_reviews"
  FOR EACH ROW EXECUTE FUNCTION "payment_reviews_fill"();--> statement-breakpoint
-- The verdict's decision leaves the pending queue's partial index in the verdict's transaction
-- (AFTER: only for a verdict really inserted, not one that lost ON CONFLICT DO NOTHING).
CREATE FUNCTION "payment_reviews_mark_decision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "risk_decisions" SET "reviewed_at" = NEW."reviewed_at"
   WHERE "id" = NEW."decision_id" AND "reviewed_at" IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "payment_reviews_mark_decision" AFTER INSERT ON "payment_reviews"
  FOR EACH ROW EXECUTE FUNCTION "payment_reviews_mark_decision"();

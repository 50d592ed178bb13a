CREATE TYPE "public"."promotion_reading" AS ENUM('READ', 'PARTLY_READ', 'NOT_UNDERSTOOD');--> statement-breakpoint
CREATE TABLE "overview_unclear_promotion_days" (
	"day" date PRIMARY KEY NOT NULL,
	"payments" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_promotions" ALTER COLUMN "amount_minor" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_promotions" ALTER COLUMN "currency" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_promotions" ALTER COLUMN "conversion" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_promotions" ALTER COLUMN "amount_minor" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_promotions" ALTER COLUMN "currency" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_promotions" ALTER COLUMN "conversion" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "promotion_reading" "promotion_reading";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "promotion_problems" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "promo_total_minor" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "promo_total_currency" char(3);--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "promo_total_wallet_minor" bigint;--> statement-breakpoint
ALTER TABLE "payment_promotions" ADD COLUMN "reading" "promotion_reading" DEFAULT 'READ' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_promotions" ADD COLUMN "problems" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_promotions" ADD COLUMN "reading" "promotion_reading" DEFAULT 'READ' NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_promotions" ADD COLUMN "problems" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "promotion_reading" "promotion_reading";--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "promotion_problems" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_reviews" ADD COLUMN "promotions_unclear" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "overview_unclear_promotion_days" ADD CONSTRAINT "overview_unclear_promotion_days_day_overview_days_day_fk" FOREIGN KEY ("day") REFERENCES "public"."overview_days"("day") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_unclear_promotions_received_idx" ON "payments" USING btree ("received_at","payment_id") WHERE "payments"."promotion_reading" in ('PARTLY_READ', 'NOT_UNDERSTOOD');--> statement-breakpoint
CREATE INDEX "payment_reviews_unclear_promotions_idx" ON "payment_reviews" USING btree ("decided_at","decision_id") WHERE "payment_reviews"."promotions_unclear";--> statement-breakpoint
-- Hand-written: payments and refunds stored before this migration had every promotion read in full
-- (anything else failed the call), so those with promotion rows are READ.
UPDATE "payments" p SET "promotion_reading" = 'READ'
 WHERE EXISTS (SELECT 1 FROM "payment_promotions" pp WHERE pp."payment_id" = p."payment_id");--> statement-breakpoint
UPDATE "refunds" r SET "promotion_reading" = 'READ'
 WHERE EXISTS (SELECT 1 FROM "refund_promotions" rp WHERE rp."refund_id" = r."refund_id");
--> statement-breakpoint
-- The decided review queue filters on whether the payment's promotions were fully read: the
-- verdict's trigger copies it too (0009's function, plus promotions_unclear). Reviews given before
-- this migration keep false: every promotion of theirs was read in full.
CREATE OR REPLACE FUNCTION "payment_reviews_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT d."decided_at",
         coalesce((SELECT array_agg(DISTINCT v ->> 'rule' ORDER BY v ->> 'rule')
                     FROM jsonb_array_elements(d."verdicts") v
                    WHERE v ->> 'verdict' = 'HIT'), '{}'),
         coalesce((SELECT array_agg(c) FROM jsonb_array_elements_text(d."campaigns") c), '{}')
    INTO NEW."decided_at", NEW."hit_rules", NEW."campaigns"
    FROM "risk_decisions" d
   WHERE d."id" = NEW."decision_id";
  SELECT p."reference_merchant_id", p."payment_amount_minor", p."payment_currency",
         coalesce(p."promotion_reading" IN ('PARTLY_READ', 'NOT_UNDERSTOOD'), false)
    INTO NEW."merchant_id", NEW."payment_amount_minor", NEW."payment_currency",
         NEW."promotions_unclear"
    FROM "payments" p
   WHERE p."payment_id" = NEW."payment_id";
  RETURN NEW;
END $$;

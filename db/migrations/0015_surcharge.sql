ALTER TABLE "payments" ADD COLUMN "debit_minor" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "surcharge_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "surcharge_currency" char(3);--> statement-breakpoint
-- Hand-written (drizzle-kit would add credit_minor NOT NULL at once, which fails on a table with
-- rows): before surcharges, every payment debited payToAmount and every refund credited
-- refundFromAmount.
ALTER TABLE "refunds" ADD COLUMN "credit_minor" bigint;--> statement-breakpoint
UPDATE "payments" SET "debit_minor" = "pay_to_amount_minor";--> statement-breakpoint
UPDATE "refunds" SET "credit_minor" = "refund_from_amount_minor";--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "credit_minor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "surcharge_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "surcharge_currency" char(3);

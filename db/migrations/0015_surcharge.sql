ALTER TABLE "payments" ADD COLUMN "surcharge_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "surcharge_currency" char(3);--> statement-breakpoint
-- Hand-ordered: the generated column needs surcharge_amount_minor first.
ALTER TABLE "payments" ADD COLUMN "debit_minor" bigint GENERATED ALWAYS AS (coalesce(surcharge_amount_minor, pay_to_amount_minor)) STORED;--> statement-breakpoint
-- Hand-written (drizzle-kit would add credit_minor NOT NULL at once, which fails on a table with
-- rows): before surcharges, every refund credited refundFromAmount. An instance of the previous
-- release inserting a refund during a rolling deploy now fails on the NOT NULL and answers U:
-- nothing moves, and Alipay+'s retry reaches a new instance.
ALTER TABLE "refunds" ADD COLUMN "credit_minor" bigint;--> statement-breakpoint
UPDATE "refunds" SET "credit_minor" = "refund_from_amount_minor";--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "credit_minor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "surcharge_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "surcharge_currency" char(3);

ALTER TABLE "wallet_accounts" ADD COLUMN "single_payment_max_minor" bigint;--> statement-breakpoint
ALTER TABLE "wallet_accounts" ADD COLUMN "daily_amount_max_minor" bigint;--> statement-breakpoint
ALTER TABLE "wallet_accounts" ADD COLUMN "daily_count_max" integer;--> statement-breakpoint
ALTER TABLE "wallet_accounts" ADD CONSTRAINT "wallet_accounts_limits_non_negative" CHECK ("wallet_accounts"."single_payment_max_minor" >= 0 and "wallet_accounts"."daily_amount_max_minor" >= 0 and "wallet_accounts"."daily_count_max" >= 0);
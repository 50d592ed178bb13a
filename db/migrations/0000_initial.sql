CREATE TYPE "public"."customer_status" AS ENUM('ACTIVE', 'FROZEN');--> statement-breakpoint
CREATE TYPE "public"."kyc_status" AS ENUM('VERIFIED', 'PENDING', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."signature_verdict" AS ENUM('VALID', 'INVALID', 'MISSING', 'UNKNOWN_CLIENT', 'NOT_CHECKED');--> statement-breakpoint
CREATE TYPE "public"."ledger_entry_kind" AS ENUM('TOP_UP', 'PAYMENT', 'REFUND', 'CANCEL');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('SUCCESS', 'FAILED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."promotion_conversion" AS ENUM('SAME_CURRENCY', 'CONVERTED', 'NOT_CONVERTIBLE');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('SUCCESS', 'FAILED');--> statement-breakpoint
CREATE TABLE "customers" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"status" "customer_status" NOT NULL,
	"kyc_status" "kyc_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wallet_accounts" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"currency" char(3) NOT NULL,
	"balance_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_accounts_balance_non_negative" CHECK ("wallet_accounts"."balance_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inbound_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"headers" jsonb NOT NULL,
	"raw_body" text NOT NULL,
	"signature_verdict" "signature_verdict" NOT NULL,
	"http_status" integer NOT NULL,
	"result_status" text,
	"result_code" text,
	"response_body" text,
	"latency_ms" integer NOT NULL,
	"payment_request_id" text,
	"refund_request_id" text
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"kind" "ledger_entry_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"balance_after_minor" bigint NOT NULL,
	"payment_id" text,
	"refund_id" text,
	"top_up_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "top_ups" (
	"top_up_id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"payment_id" text PRIMARY KEY NOT NULL,
	"payment_request_id" text NOT NULL,
	"status" "payment_status" NOT NULL,
	"result_code" text,
	"customer_id" text,
	"acquirer_id" text,
	"psp_id" text,
	"payment_amount_minor" bigint,
	"payment_currency" char(3),
	"pay_to_amount_minor" bigint,
	"pay_to_currency" char(3),
	"order_amount_minor" bigint,
	"order_currency" char(3),
	"quote_id" text,
	"quote_currency_pair" text,
	"quote_price" text,
	"quote_unit" text,
	"reference_order_id" text,
	"order_description" text,
	"reference_merchant_id" text,
	"merchant_name" text,
	"merchant_display_name" text,
	"merchant_mcc" text,
	"merchant_region" text,
	"reference_store_id" text,
	"store_name" text,
	"store_mcc" text,
	"is_in_store_payment" boolean,
	"payment_method_id_hash" text,
	"payment_method_id_last4" text,
	"device_token_id" text,
	"payment_notify_url" text,
	"payment_time" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_hash" text,
	"response_body" text,
	"request" jsonb,
	CONSTRAINT "payments_paymentRequestId_unique" UNIQUE("payment_request_id")
);
--> statement-breakpoint
CREATE TABLE "payment_promotions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"position" integer NOT NULL,
	"promo_id" text,
	"promo_name" text,
	"promo_type" text,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"wallet_amount_minor" bigint,
	"wallet_currency" char(3) NOT NULL,
	"conversion" "promotion_conversion" NOT NULL,
	"quote_id" text,
	"rate" text,
	"raw" jsonb NOT NULL,
	CONSTRAINT "payment_promotions_paymentId_position_unique" UNIQUE("payment_id","position")
);
--> statement-breakpoint
CREATE TABLE "refund_promotions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"refund_id" text NOT NULL,
	"payment_promotion_id" bigint,
	"position" integer NOT NULL,
	"promo_id" text,
	"promo_name" text,
	"promo_type" text,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"wallet_amount_minor" bigint,
	"wallet_currency" char(3) NOT NULL,
	"conversion" "promotion_conversion" NOT NULL,
	"rate" text,
	"exceeds_remaining" boolean DEFAULT false NOT NULL,
	"raw" jsonb NOT NULL,
	CONSTRAINT "refund_promotions_refundId_position_unique" UNIQUE("refund_id","position")
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"refund_id" text PRIMARY KEY NOT NULL,
	"refund_request_id" text NOT NULL,
	"payment_request_id" text NOT NULL,
	"payment_id" text,
	"status" "refund_status" NOT NULL,
	"result_code" text NOT NULL,
	"refund_amount_minor" bigint NOT NULL,
	"refund_currency" char(3) NOT NULL,
	"refund_from_amount_minor" bigint NOT NULL,
	"refund_from_currency" char(3) NOT NULL,
	"quote_id" text,
	"quote_currency_pair" text,
	"quote_price" text,
	"refund_time" timestamp with time zone DEFAULT now() NOT NULL,
	"request_hash" text NOT NULL,
	"response_body" text NOT NULL,
	"request" jsonb NOT NULL,
	CONSTRAINT "refunds_refundRequestId_unique" UNIQUE("refund_request_id")
);
--> statement-breakpoint
ALTER TABLE "wallet_accounts" ADD CONSTRAINT "wallet_accounts_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "top_ups" ADD CONSTRAINT "top_ups_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_promotions" ADD CONSTRAINT "payment_promotions_payment_id_payments_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("payment_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_promotions" ADD CONSTRAINT "refund_promotions_refund_id_refunds_refund_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("refund_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_promotions" ADD CONSTRAINT "refund_promotions_payment_promotion_id_payment_promotions_id_fk" FOREIGN KEY ("payment_promotion_id") REFERENCES "public"."payment_promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("payment_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_calls_received_at_index" ON "inbound_calls" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbound_calls_payment_request_id_index" ON "inbound_calls" USING btree ("payment_request_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_customer_id_id_index" ON "ledger_entries" USING btree ("customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_one_debit_or_cancel_per_payment" ON "ledger_entries" USING btree ("payment_id","kind") WHERE "ledger_entries"."kind" in ('PAYMENT', 'CANCEL');--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_one_credit_per_refund" ON "ledger_entries" USING btree ("refund_id") WHERE "ledger_entries"."refund_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_one_credit_per_top_up" ON "ledger_entries" USING btree ("top_up_id") WHERE "ledger_entries"."top_up_id" is not null;--> statement-breakpoint
CREATE INDEX "payments_customer_id_received_at_index" ON "payments" USING btree ("customer_id","received_at");--> statement-breakpoint
CREATE INDEX "payments_payment_method_id_hash_index" ON "payments" USING btree ("payment_method_id_hash");--> statement-breakpoint
CREATE INDEX "payment_promotions_promo_id_index" ON "payment_promotions" USING btree ("promo_id");--> statement-breakpoint
CREATE INDEX "refund_promotions_payment_promotion_id_index" ON "refund_promotions" USING btree ("payment_promotion_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_id_index" ON "refunds" USING btree ("payment_id");
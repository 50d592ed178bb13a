CREATE TYPE "public"."mpm_order_status" AS ENUM('OPEN', 'PAID', 'FAILED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."notification_status" AS ENUM('PENDING', 'DELIVERED', 'FAILED');--> statement-breakpoint
CREATE TABLE "mpm_orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"payment_request_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"code_value_hash" text NOT NULL,
	"status" "mpm_order_status" DEFAULT 'OPEN' NOT NULL,
	"result_code" text,
	"payment_id" text,
	"pay_to_amount_minor" bigint NOT NULL,
	"pay_to_currency" char(3) NOT NULL,
	"expires_at" timestamp with time zone,
	"payment_notify_url" text,
	"payment_redirect_url" text,
	"answer" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "mpm_orders_paymentRequestId_unique" UNIQUE("payment_request_id")
);
--> statement-breakpoint
CREATE TABLE "payment_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_request_id" text NOT NULL,
	"payment_id" text,
	"target_url" text,
	"body" text NOT NULL,
	"status" "notification_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"give_up_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mpm_orders" ADD CONSTRAINT "mpm_orders_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpm_orders" ADD CONSTRAINT "mpm_orders_payment_id_payments_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("payment_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mpm_orders_customer_id_created_at_index" ON "mpm_orders" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "mpm_orders_open_expiry_idx" ON "mpm_orders" USING btree ("expires_at") WHERE "mpm_orders"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "payment_notifications_due_idx" ON "payment_notifications" USING btree ("next_attempt_at") WHERE "payment_notifications"."status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "payment_notifications_payment_request_id_index" ON "payment_notifications" USING btree ("payment_request_id");--> statement-breakpoint
-- Wakes every listening outbox worker when a notification is written: delivered at commit, so the
-- first attempt goes out within a second of it (docs/protocol.md#notifications) without polling
-- fast.
CREATE FUNCTION "payment_notifications_wake"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('payment_notifications', '');
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "payment_notifications_wake" AFTER INSERT ON "payment_notifications"
  FOR EACH STATEMENT EXECUTE FUNCTION "payment_notifications_wake"();

CREATE TABLE "payment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"code_last4" text NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_codes" ADD CONSTRAINT "payment_codes_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_codes_customer_id_issued_at_index" ON "payment_codes" USING btree ("customer_id","issued_at");
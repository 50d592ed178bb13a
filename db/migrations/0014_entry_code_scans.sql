CREATE TABLE "entry_code_scans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"code_value_hash" text NOT NULL,
	"merchant_page_url" text NOT NULL,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entry_code_scans" ADD CONSTRAINT "entry_code_scans_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entry_code_scans_customer_id_scanned_at_index" ON "entry_code_scans" USING btree ("customer_id","scanned_at");--> statement-breakpoint
CREATE INDEX "mpm_orders_payment_id_index" ON "mpm_orders" USING btree ("payment_id");
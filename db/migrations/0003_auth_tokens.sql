CREATE TABLE "auth_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"first_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auth_tokens" (
	"access_token_hash" text PRIMARY KEY NOT NULL,
	"refresh_token_hash" text NOT NULL,
	"customer_id" text NOT NULL,
	"auth_code_hash" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"access_token_expires_at" timestamp with time zone NOT NULL,
	"refresh_token_expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "auth_tokens_refreshTokenHash_unique" UNIQUE("refresh_token_hash")
);
--> statement-breakpoint
ALTER TABLE "auth_codes" ADD CONSTRAINT "auth_codes_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_customer_id_customers_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_auth_code_hash_auth_codes_code_hash_fk" FOREIGN KEY ("auth_code_hash") REFERENCES "public"."auth_codes"("code_hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_codes_customer_id_index" ON "auth_codes" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "auth_tokens_auth_code_hash_index" ON "auth_tokens" USING btree ("auth_code_hash");--> statement-breakpoint
CREATE INDEX "auth_tokens_customer_id_index" ON "auth_tokens" USING btree ("customer_id");
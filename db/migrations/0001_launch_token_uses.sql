CREATE TABLE "launch_token_uses" (
	"jti" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "launch_token_uses_expires_at_index" ON "launch_token_uses" USING btree ("expires_at");
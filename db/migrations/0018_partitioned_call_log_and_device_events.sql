-- Hand-written: drizzle-kit does not generate partitioned tables. It leads to the schema of
-- 0018_snapshot.json (inbound_calls and device_events partitioned by month, the composite
-- primary keys, device_event_ids, retention_horizons), keeping every row and every id sequence.
CREATE TABLE "device_event_ids" (
	"event_id" text PRIMARY KEY NOT NULL,
	"event_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_horizons" (
	"table_name" text PRIMARY KEY NOT NULL,
	"kept_since" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Monthly partitions (UTC months), named <table>_YYYY_MM, for every month from first_at to
-- last_at that has none yet; answers how many it made. Each is created as a plain table and then
-- attached: ATTACH PARTITION locks the parent only in SHARE UPDATE EXCLUSIVE mode, so reads and
-- inserts go on meanwhile (CREATE TABLE … PARTITION OF would lock them out). Several app
-- instances call it (server/retention): one at a time per table.
--
-- The app's role has no DDL (README "Database roles"): it makes and drops months only through
-- these two functions, which run as their owner (SECURITY DEFINER, with a fixed search_path), on
-- these two tables only. Dropping a month grants nothing the app's DELETE on them did not.
CREATE FUNCTION "ensure_month_partitions"(parent regclass, first_at timestamptz, last_at timestamptz)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  month_start timestamptz := date_trunc('month', first_at, 'UTC');
  next_month timestamptz;
  partition_name text;
  attached integer := 0;
BEGIN
  IF parent NOT IN ('inbound_calls'::regclass, 'device_events'::regclass) THEN
    RAISE EXCEPTION '% is not partitioned by month', parent;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('partitions:' || parent::text, 0));
  WHILE month_start <= last_at LOOP
    next_month := date_add(month_start, interval '1 month', 'UTC');
    partition_name := parent::text || '_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
    IF to_regclass(partition_name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I (LIKE %s)', partition_name, parent);
      EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                     parent, partition_name, month_start, next_month);
      attached := attached + 1;
    END IF;
    month_start := next_month;
  END LOOP;
  RETURN attached;
END $$;
--> statement-breakpoint
-- Drops one month of the table. DROP locks the parent (ACCESS EXCLUSIVE) while it waits for the
-- month's readers, and a waiting lock holds up new inserts and reads: it waits 1 s at most, then
-- fails with lock_not_available (55P03) and the month is left for the next retention round.
-- (DETACH … CONCURRENTLY would not block them, but it cannot run in a function, and the app's
-- role may not run it on a table it does not own.)
CREATE FUNCTION "drop_month_partition"(parent regclass, partition_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET lock_timeout = '1s' AS $$
BEGIN
  IF parent NOT IN ('inbound_calls'::regclass, 'device_events'::regclass)
     OR partition_name !~ ('^' || parent::text || '_[0-9]{4}_[0-9]{2}$')
     OR NOT EXISTS (SELECT 1 FROM pg_inherits
                     WHERE inhrelid = to_regclass(partition_name) AND inhparent = parent) THEN
    RAISE EXCEPTION '% is not a month of %', partition_name, parent;
  END IF;
  EXECUTE format('DROP TABLE %I', partition_name);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "ensure_month_partitions"(regclass, timestamptz, timestamptz) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION "drop_month_partition"(regclass, text) FROM PUBLIC;--> statement-breakpoint
-- inbound_calls, partitioned by month of received_at: the rows move over, the id sequence stays.
ALTER TABLE "inbound_calls" RENAME TO "inbound_calls_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "inbound_calls_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "inbound_calls" (
	"id" bigint DEFAULT nextval('inbound_calls_id_seq') NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"headers" jsonb NOT NULL,
	"raw_body" text NOT NULL,
	"body_bytes" integer,
	"body_sha256" text,
	"signature_verdict" "signature_verdict" NOT NULL,
	"http_status" integer NOT NULL,
	"result_status" text,
	"result_code" text,
	"response_body" text,
	"latency_ms" integer NOT NULL,
	"payment_request_id" text,
	"refund_request_id" text
) PARTITION BY RANGE ("received_at");
--> statement-breakpoint
SELECT "ensure_month_partitions"('inbound_calls', month, month)
  FROM (SELECT DISTINCT date_trunc('month', "received_at", 'UTC') AS month
          FROM "inbound_calls_unpartitioned") AS months;--> statement-breakpoint
SELECT "ensure_month_partitions"('inbound_calls', now(), now() + interval '2 months');--> statement-breakpoint
INSERT INTO "inbound_calls" ("id", "received_at", "method", "path", "headers", "raw_body",
       "signature_verdict", "http_status", "result_status", "result_code", "response_body",
       "latency_ms", "payment_request_id", "refund_request_id")
SELECT "id", "received_at", "method", "path", "headers", "raw_body", "signature_verdict",
       "http_status", "result_status", "result_code", "response_body", "latency_ms",
       "payment_request_id", "refund_request_id"
  FROM "inbound_calls_unpartitioned";--> statement-breakpoint
DROP TABLE "inbound_calls_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "inbound_calls_id_seq" OWNED BY "inbound_calls"."id";--> statement-breakpoint
ALTER TABLE "inbound_calls" ADD CONSTRAINT "inbound_calls_id_received_at_pk" PRIMARY KEY("id","received_at");--> statement-breakpoint
CREATE INDEX "inbound_calls_received_at_index" ON "inbound_calls" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbound_calls_payment_request_id_index" ON "inbound_calls" USING btree ("payment_request_id");--> statement-breakpoint
CREATE INDEX "inbound_calls_signature_verdict_received_at_id_index" ON "inbound_calls" USING btree ("signature_verdict","received_at","id");--> statement-breakpoint
CREATE INDEX "inbound_calls_result_status_received_at_id_index" ON "inbound_calls" USING btree ("result_status","received_at","id");--> statement-breakpoint
CREATE INDEX "inbound_calls_api_received_at_idx" ON "inbound_calls" USING btree ((split_part(split_part(path, '?', 1), '/', -1)),"received_at","id") WHERE split_part(split_part(path, '?', 1), '/', -1) <> 'pay';--> statement-breakpoint
-- device_events, partitioned by month of at; its idempotency record moves to device_event_ids.
ALTER TABLE "device_events" RENAME TO "device_events_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "device_events_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "device_events" (
	"id" bigint DEFAULT nextval('device_events_id_seq') NOT NULL,
	"event_id" text NOT NULL,
	"type" "device_event_type" NOT NULL,
	"device_id" text NOT NULL,
	"customer_id" text,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"app_signature_valid" boolean,
	"emulator" boolean,
	"rooted" boolean,
	"hooked" boolean,
	"lat" double precision,
	"lng" double precision,
	"accuracy_m" double precision,
	"raw" jsonb NOT NULL
) PARTITION BY RANGE ("at");
--> statement-breakpoint
SELECT "ensure_month_partitions"('device_events', month, month)
  FROM (SELECT DISTINCT date_trunc('month', "at", 'UTC') AS month
          FROM "device_events_unpartitioned") AS months;--> statement-breakpoint
SELECT "ensure_month_partitions"('device_events', now(), now() + interval '2 months');--> statement-breakpoint
INSERT INTO "device_events" ("id", "event_id", "type", "device_id", "customer_id", "at",
       "received_at", "app_signature_valid", "emulator", "rooted", "hooked", "lat", "lng",
       "accuracy_m", "raw")
SELECT "id", "event_id", "type", "device_id", "customer_id", "at", "received_at",
       "app_signature_valid", "emulator", "rooted", "hooked", "lat", "lng", "accuracy_m", "raw"
  FROM "device_events_unpartitioned";--> statement-breakpoint
INSERT INTO "device_event_ids" ("event_id", "event_hash", "at")
SELECT "event_id", "event_hash", "at" FROM "device_events_unpartitioned";--> statement-breakpoint
DROP TABLE "device_events_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "device_events_id_seq" OWNED BY "device_events"."id";--> statement-breakpoint
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_id_at_pk" PRIMARY KEY("id","at");--> statement-breakpoint
CREATE INDEX "device_events_device_type_at_idx" ON "device_events" USING btree ("device_id","type","at");--> statement-breakpoint
CREATE INDEX "device_events_customer_at_idx" ON "device_events" USING btree ("customer_id","at") WHERE "device_events"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "device_event_ids_at_index" ON "device_event_ids" USING btree ("at");

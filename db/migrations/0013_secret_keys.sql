ALTER TYPE "public"."session_event_actor" ADD VALUE 'secret_key';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'secret_key_created';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'secret_key_revoked';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'user_deleted';--> statement-breakpoint
CREATE TABLE "secret_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"hint" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "session_events" ADD COLUMN "secret_key_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "secret_keys_key_hash_key" ON "secret_keys" USING btree ("key_hash");